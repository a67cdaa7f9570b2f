package dev.autoresearch.cli;

import dev.autoresearch.core.Constraint;
import dev.autoresearch.core.MinImprovement;
import dev.autoresearch.core.TunedParameter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Flag values take the forms program.md takes. */
class ConvertersTest {
    @Test
    void constraints() {
        Converters.ConstraintConverter c = new Converters.ConstraintConverter();
        assertThat(c.convert("memory_gb<=80")).isEqualTo(new Constraint("memory_gb", Constraint.Operator.LE, 80));
        assertThat(c.convert(" total_µs > 0.5 ")).isEqualTo(new Constraint("total_µs", Constraint.Operator.GT, 0.5));
        assertThat(c.convert("errors=0")).isEqualTo(new Constraint("errors", Constraint.Operator.EQ, 0));
        assertThatThrownBy(() -> c.convert("memory_gb")).isInstanceOf(TypeConversionException.class);
        assertThatThrownBy(() -> c.convert("memory_gb <= lots")).isInstanceOf(TypeConversionException.class);
    }

    @Test
    void tunedParameters() {
        Converters.TunedParameterConverter t = new Converters.TunedParameterConverter();
        assertThat(t.convert("train.py:LEARNING_RATE=0.0001..0.01:log")).isEqualTo(
                new TunedParameter("train.py", "LEARNING_RATE", 0.0001, 0.01, TunedParameter.Scale.LOG));
        assertThat(t.convert("src/Main.java:HIDDEN=4..64:int")).isEqualTo(
                new TunedParameter("src/Main.java", "HIDDEN", 4, 64, TunedParameter.Scale.INT));
        assertThat(t.convert("a.py:X=-1..1")).isEqualTo(new TunedParameter("a.py", "X", -1, 1, TunedParameter.Scale.LINEAR));
        assertThat(t.convert("a.py:X=1e-6..1e-2:log").low()).isEqualTo(1e-6);
        assertThatThrownBy(() -> t.convert("a.py:X=2..1")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("low < high");
        assertThatThrownBy(() -> t.convert("a.py:X=0..1:log")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> t.convert("a.py:X=1..2:cubic")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("'linear', 'log' or 'int'");
    }

    @Test
    void durationsDirectionsAndMinimumImprovements() {
        assertThat(new Converters.DurationConverter().convert("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(new Converters.MinImprovementConverter().convert("0.5%")).isEqualTo(new MinImprovement(0.5, true));
        assertThatThrownBy(() -> new Converters.MinImprovementConverter().convert("a bit"))
                .isInstanceOf(TypeConversionException.class).hasMessageContaining("0.5%");
    }
}
