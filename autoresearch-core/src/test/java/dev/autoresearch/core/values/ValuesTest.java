package dev.autoresearch.core.values;

import dev.autoresearch.core.Command;
import dev.autoresearch.core.Constraint;
import dev.autoresearch.core.Direction;
import dev.autoresearch.core.Durations;
import dev.autoresearch.core.Glob;
import dev.autoresearch.core.Metrics;
import dev.autoresearch.core.MinImprovement;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValuesTest {

    @Test
    void globsMatchAsDocumented() {
        assertThat(Glob.of("train.py").matches("train.py")).isTrue();
        assertThat(Glob.of("train.py").matches("src/train.py")).isFalse();
        assertThat(Glob.of("src/**/*.java").matches("src/A.java")).isTrue();
        assertThat(Glob.of("src/**/*.java").matches("src/a/b/A.java")).isTrue();
        assertThat(Glob.of("src/*.java").matches("src/a/A.java")).isFalse();
        assertThat(Glob.of("*.{py,md}").matches("notes.md")).isTrue();
        assertThat(Glob.of("*.{py,md}").matches("notes.txt")).isFalse();
        assertThat(Glob.of("data").matches("data/train.csv")).isTrue();
        assertThat(Glob.of("./eval.sh").matches("eval.sh")).isTrue();
        assertThat(Glob.of("a?.txt").matches("ab.txt")).isTrue();
        assertThat(Glob.of("a.b").matches("axb")).as("dots are literal").isFalse();
        assertThatThrownBy(() -> Glob.of("/abs")).hasMessageContaining("relative");
        assertThatThrownBy(() -> Glob.of("{a,b")).hasMessageContaining("unbalanced");
    }

    @Test
    void durationsParseTheShortFormsAndSayWhatIsExpected() {
        assertThat(Durations.parse("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("PT5M")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(() -> Durations.parse("ten minutes")).hasMessageContaining("such as 90s, 10m");
        assertThatThrownBy(() -> Durations.parse("0s")).hasMessageContaining("positive");
        assertThat(Durations.format(Duration.ofSeconds(303))).isEqualTo("5m03s");
        assertThat(Durations.format(Duration.ofMillis(4200))).isEqualTo("4.2s");
    }

    @Test
    void directionsCompareStrictly() {
        assertThat(Direction.MINIMIZE.isBetter(1, 2)).isTrue();
        assertThat(Direction.MINIMIZE.isBetter(2, 2)).isFalse();
        assertThat(Direction.MAXIMIZE.isBetter(3, 2)).isTrue();
        assertThat(Direction.parse("Maximize")).isEqualTo(Direction.MAXIMIZE);
        assertThatThrownBy(() -> Direction.parse("up")).hasMessageContaining("'minimize' or 'maximize'");
    }

    @Test
    void constraintsAndMinImprovementParse() {
        Constraint c = Constraint.parse("memory_gb", "<= 80");
        assertThat(c.isSatisfiedBy(80)).isTrue();
        assertThat(c.isSatisfiedBy(80.5)).isFalse();
        assertThat(Constraint.parse("acc", ">=0.9").isSatisfiedBy(0.89)).isFalse();
        assertThatThrownBy(() -> Constraint.parse("acc", "at least 0.9")).hasMessageContaining("\"<= 80000\"");
        assertThat(MinImprovement.parse("0.5%").requiredGain(200)).isEqualTo(1.0);
        assertThat(MinImprovement.parse("0.01").requiredGain(200)).isEqualTo(0.01);
        assertThatThrownBy(() -> MinImprovement.parse("lots")).hasMessageContaining("0.5%");
    }

    @Test
    void metricsDropNonFiniteValuesAndLaterValuesWin() {
        Map<String, Double> raw = new LinkedHashMap<>();
        raw.put("loss", Double.NaN);
        raw.put("acc", 0.5);
        Metrics m = Metrics.of(raw);
        assertThat(m.get("loss")).isEmpty();
        assertThat(m.merge(Metrics.of("acc", 0.7)).get("acc").getAsDouble()).isEqualTo(0.7);
    }

    @Test
    void shellCommandsKeepTheirLineWhole() {
        Command c = Command.shell("python train.py --lr 0.1 | tee out.log");
        assertThat(c.arguments()).containsExactly("sh", "-c", "python train.py --lr 0.1 | tee out.log");
        assertThat(Command.of(List.of("java", "-jar", "my app.jar")).arguments()).hasSize(3);
    }
}
