package dev.autoresearch.cli;

import dev.autoresearch.core.TunedParameter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Flag values of {@code init} take the forms program.md takes (those of {@code run} come from the keys' declaration). */
class ConvertersTest {
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
    void durations() {
        assertThat(new Converters.DurationConverter().convert("1h30m")).isEqualTo(Duration.ofMinutes(90));
    }
}
