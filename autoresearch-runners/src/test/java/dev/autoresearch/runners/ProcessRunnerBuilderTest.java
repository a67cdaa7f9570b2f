package dev.autoresearch.runners;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The runner's settings: defaults, validation with reasons, and toBuilder. */
class ProcessRunnerBuilderTest {
    @Test
    void theDefaults() {
        ProcessRunner runner = new ProcessRunner();

        assertThat(runner.outputCap()).isEqualTo(256L * 1024 * 1024);
        assertThat(runner.keepTail()).isEqualTo(1024L * 1024);
        assertThat(runner.gracePeriod()).isEqualTo(Duration.ofSeconds(10));
        assertThat(runner.tailLines()).isEqualTo(30);
        assertThat(runner.devices()).isEmpty();
        assertThat(runner.environment()).isEmpty();
    }

    @Test
    void eachSettingIsCheckedWithTheReason() {
        ProcessRunner.Builder b = ProcessRunner.builder();
        assertThatThrownBy(() -> b.outputCap(0)).hasMessageContaining("outputCap must be positive");
        assertThatThrownBy(() -> b.keepTail(65L * 1024 * 1024)).hasMessageContaining("keepTail must be between");
        assertThatThrownBy(() -> b.gracePeriod(Duration.ofSeconds(-1))).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> b.devices(List.of("0,1"))).hasMessageContaining("without commas");
        assertThatThrownBy(() -> b.devices(List.of("0", "0"))).hasMessageContaining("distinct");
        assertThatThrownBy(() -> b.environment("A=B", "x")).hasMessageContaining("without '='");
        assertThatThrownBy(() -> b.environment("AUTORESEARCH_RUN_ID", "x")).hasMessageContaining("set by the runner");
        assertThatThrownBy(() -> b.tailLines(-1)).hasMessageContaining("between 0 and 1000");
    }

    @Test
    void theKeptTailMustBeSmallerThanTheCap() {
        assertThatThrownBy(() -> ProcessRunner.builder().outputCap(1024).keepTail(1024).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("keepTail (1.0 KiB) must be smaller than outputCap (1.0 KiB)");
    }

    @Test
    void theRunnersVariablesCannotSetADeviceVariableThatTheDevicesSet() {
        assertThatThrownBy(() -> ProcessRunner.builder().environment("HIP_VISIBLE_DEVICES", "0").devices(List.of("1")).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the environment sets HIP_VISIBLE_DEVICES=0 and devices [1] are given, which set it too; "
                        + "keep one of them");
        assertThat(ProcessRunner.builder().environment("CUDA_VISIBLE_DEVICES", "0").build().environment())
                .containsEntry("CUDA_VISIBLE_DEVICES", "0");
    }

    @Test
    void toBuilderKeepsEverySetting() {
        ProcessRunner runner = ProcessRunner.builder().outputCap(10_000).keepTail(1000)
                .gracePeriod(Duration.ofSeconds(3)).devices(List.of("2")).environment("A", "1").tailLines(5).build();

        ProcessRunner copy = runner.toBuilder().environment("B", "2").build();

        assertThat(copy.outputCap()).isEqualTo(10_000);
        assertThat(copy.keepTail()).isEqualTo(1000);
        assertThat(copy.gracePeriod()).isEqualTo(Duration.ofSeconds(3));
        assertThat(copy.devices()).containsExactly("2");
        assertThat(copy.environment()).containsOnlyKeys("A", "B");
        assertThat(copy.tailLines()).isEqualTo(5);
        assertThat(runner.environment()).containsOnlyKeys("A");
    }
}
