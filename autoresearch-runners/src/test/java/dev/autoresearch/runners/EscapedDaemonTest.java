package dev.autoresearch.runners;

import dev.autoresearch.core.RunResult;
import dev.autoresearch.core.testing.OutsideTmp;
import dev.autoresearch.core.testing.SystemComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static dev.autoresearch.runners.Processes.request;
import static dev.autoresearch.runners.Processes.runningWith;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attack on the nets that find a run's processes: a daemon that leaves the run's session and
 * process group, drops the run's marker variable, lets go of the output and is orphaned at once,
 * from a command that then ends normally. Under the sandbox it dies with the run (its own process
 * namespace); without, the run's cgroup stops it where the machine gives one, and otherwise the
 * run's notes name it as escaped.
 */
class EscapedDaemonTest {
    /** Starts the daemon, waits until it runs {@code sleep}, then prints the metric and exits 0. */
    private static final String ESCAPE = String.join("; ",
            "( setsid env -u " + ProcessRunner.RUN_ID_VARIABLE + " sh -c 'echo $$ > pids; exec sleep 1001'"
                    + " </dev/null >/dev/null 2>&1 & )",
            "while [ ! -s pids ]; do sleep 0.01; done",
            Processes.AWAIT_SLEEP_EXEC,
            "echo METRIC score=1");

    private final String treeId = UUID.randomUUID().toString();
    private Path root;

    @AfterEach
    void killLeftovers() throws IOException {
        for (long pid : runningWith("TEST_TREE", treeId)) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        if (root != null) {
            OutsideTmp.delete(root);
        }
    }

    private RunResult run(Optional<Sandbox> sandbox) throws IOException {
        root = OutsideTmp.create();
        ProcessRunner runner = ProcessRunner.builder().gracePeriod(Duration.ofSeconds(1))
                .environment("TEST_TREE", treeId).sandbox(sandbox).build();
        return runner.run(request(root, ESCAPE, Duration.ofSeconds(30)));
    }

    @Test
    void aDaemonThatDroppedEveryTraceOfTheRunDoesNotOutliveItWithoutTheSandbox() throws Exception {
        RunResult[] result = new RunResult[1];
        String warnings = StandardError.of(() -> result[0] = run(Optional.empty()));

        assertThat(result[0].succeeded()).isTrue();
        long daemon = Processes.pids(root.resolve("pids")).get(0);
        String log = Files.readString(result[0].log());
        if (Processes.cgroupsOffered()) {
            // exercised where the machine lets a process make a cgroup v2 and write its cgroup.kill
            assertThat(Processes.running(daemon)).as("the daemon, with the run's cgroup").isFalse();
            assertThat(log).contains("[autoresearch: process " + daemon + " (sleep 1001) had left the run's process "
                    + "group, dropped its AUTORESEARCH_RUN_ID and been orphaned; stopped through the run's cgroup]");
            assertThat(warnings).contains("process " + daemon + " (sleep 1001) of '", "the run's cgroup caught it");
        } else {
            // the fallback, where no cgroup can be made: the daemon is named, by pid, as escaped
            assertThat(log).contains("[autoresearch: process " + daemon + " (sleep 1001) started during the run in "
                    + "its directory and still runs: it escaped every net and was left alone; stop it by hand]");
            assertThat(warnings).contains("process " + daemon + " (sleep 1001) started during '", "escaped every");
        }
    }

    @Test
    void aDaemonThatDroppedEveryTraceOfTheRunDiesWithItInTheSandbox() throws Exception {
        SystemComponent.require("bwrap", "install-bubblewrap.sh");

        RunResult result = run(Optional.of(Sandbox.confined()));

        assertThat(result.succeeded()).isTrue();
        assertThat(runningWith("TEST_TREE", treeId)).as("processes of the run after it ended").isEmpty();
        assertThat(Files.readString(result.log())).contains("METRIC score=1")
                .as("the daemon died with the run's process namespace, before any net had to catch it")
                .doesNotContain("had left the run's process group");
    }
}
