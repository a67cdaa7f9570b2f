package dev.autoresearch.core.values;

import dev.autoresearch.core.Command;
import dev.autoresearch.core.RunRequest;
import dev.autoresearch.core.RunTicket;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A run is asked for by naming what it is about; a runner's own test need not spell out lanes and tickets. */
class RunRequestTest {
    static final Path DIR = Path.of("work");

    static RunRequest.Builder minimal() {
        return RunRequest.builder().command(Command.shell("true")).workingDirectory(DIR).timeout(Duration.ofSeconds(5))
                .log(DIR.resolve("run.log")).experiment(1);
    }

    @Test
    void whatIsNotNamedIsAnExperimentOnLaneOneWithTheRunnersOwnDevicesAndNoTicketKept() {
        RunRequest r = minimal().build();

        assertThat(r.command()).isEqualTo(Command.shell("true"));
        assertThat(r.workingDirectory()).isEqualTo(DIR);
        assertThat(r.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(r.log()).isEqualTo(DIR.resolve("run.log"));
        assertThat(r.experiment()).isEqualTo(1);
        assertThat(r.environment()).isEmpty();
        assertThat(r.purpose()).isEqualTo(RunRequest.Purpose.EXPERIMENT);
        assertThat(r.lane()).isEqualTo(1);
        assertThat(r.devices()).isEmpty();
        r.onStarted().accept(new RunTicket("process", Map.of("pid", "1")));
        assertThat(minimal().build()).as("two requests for the same run are equal").isEqualTo(r);
    }

    @Test
    void everyFieldCanBeNamed() {
        List<RunTicket> tickets = new ArrayList<>();
        RunRequest r = minimal().environment(Map.of("A", "1")).purpose(RunRequest.Purpose.CHECKS).lane(3)
                .devices(List.of("0", "1")).onStarted(tickets::add).build();

        assertThat(r.environment()).containsExactly(Map.entry("A", "1"));
        assertThat(r.purpose()).isEqualTo(RunRequest.Purpose.CHECKS);
        assertThat(r.lane()).isEqualTo(3);
        assertThat(r.devices()).containsExactly("0", "1");
        r.onStarted().accept(new RunTicket("process", Map.of("pid", "7")));
        assertThat(tickets).hasSize(1);
    }

    @Test
    void eachSetterChecksItsArgumentAndBuildWhatIsMissing() {
        assertThatThrownBy(() -> RunRequest.builder().timeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout must be positive, got PT0S");
        assertThatThrownBy(() -> RunRequest.builder().lane(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("lane must be >= 1, got 0");
        assertThatThrownBy(() -> RunRequest.builder().experiment(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("experiment must not be negative, got -1");
        assertThatThrownBy(() -> RunRequest.builder().workingDirectory(DIR).timeout(Duration.ofSeconds(1))
                .log(DIR.resolve("run.log")).experiment(1).build())
                .isInstanceOf(IllegalStateException.class).hasMessage("no command: call command(Command)");
    }
}
