package dev.autoresearch.runners;

import dev.autoresearch.core.SlurmOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Slurm runner's settings: what reaches sbatch, and the values refused. */
class SlurmRunnerBuilderTest {
    @Test
    void eachOptionBecomesOneSbatchOptionAndLaterOnesWin() {
        SlurmRunner runner = SlurmRunner.builder()
                .options(SlurmOptions.NONE.withPartition("cpu").withMem("1G"))
                .partition("gpu").account("lab").qos("high").gres("gpu:a100:2").cpus(8).mem("64G")
                .extra(List.of("--constraint=a100", "--exclusive"))
                .build();

        assertThat(runner.sbatchOptions()).containsExactly("--partition=gpu", "--account=lab", "--qos=high",
                "--gres=gpu:a100:2", "--cpus-per-task=8", "--mem=64G", "--constraint=a100", "--exclusive");
        assertThat(runner.toBuilder().build().sbatchOptions()).isEqualTo(runner.sbatchOptions());
        assertThat(SlurmRunner.builder().build().sbatchOptions()).isEmpty();
    }

    @Test
    void badValuesAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> SlurmRunner.builder().cpus(0))
                .hasMessage("slurm cpus must be at least 1, got 0");
        assertThatThrownBy(() -> SlurmRunner.builder().gres("gpu 1"))
                .hasMessage("slurm gres must be one word without spaces, got 'gpu 1'");
        assertThatThrownBy(() -> SlurmRunner.builder().extra(List.of("exclusive")))
                .hasMessage("a slurm extra option must be one sbatch option such as '--constraint=a100', got 'exclusive'");
        assertThatThrownBy(() -> SlurmRunner.builder().pollInterval(Duration.ofMillis(1)))
                .hasMessage("pollInterval must be between 50ms and 1m, got PT0.001S");
        assertThatThrownBy(() -> SlurmRunner.builder().maxAttempts(0))
                .hasMessage("maxAttempts must be between 1 and 100, got 0");
        assertThatThrownBy(() -> SlurmRunner.builder().queueLimit(Duration.ZERO))
                .hasMessage("queueLimit must be positive, got PT0S");
        assertThatThrownBy(() -> SlurmRunner.builder().gracePeriod(Duration.ofSeconds(-1)))
                .hasMessage("gracePeriod must not be negative, got PT-1S");
        assertThatThrownBy(() -> SlurmRunner.builder().outputCap(100).keepTail(100).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("keepTail (100 B) must be smaller than outputCap (100 B)");
    }
}
