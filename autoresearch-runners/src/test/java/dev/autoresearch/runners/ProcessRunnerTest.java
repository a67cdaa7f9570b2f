package dev.autoresearch.runners;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.Command;
import dev.autoresearch.core.RunRequest;
import dev.autoresearch.core.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.autoresearch.runners.Processes.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a run reports, and the environment and directory a command runs in. */
class ProcessRunnerTest {
    @TempDir
    Path dir;

    private final ProcessRunner runner = new ProcessRunner();

    private RunResult run(String commandLine) {
        return runner.run(request(dir, commandLine, Duration.ofSeconds(20)));
    }

    @Test
    void aCommandThatExitsNonZeroIsAResultWithItsCodeAndTheEndOfItsOutput() {
        RunResult result = run("echo working; echo 'Traceback: boom' >&2; exit 3");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.killed()).isFalse();
        assertThat(result.timedOut()).isFalse();
        assertThat(result.interrupted()).isFalse();
        assertThat(result.describe()).isEqualTo("exit code 3");
        assertThat(result.logTail()).isEqualTo("working\nTraceback: boom");
        assertThat(result.log()).isEqualTo(dir.resolve("run.log"));
        assertThat(result.workingDirectory()).isEqualTo(dir);
    }

    @Test
    void aCommandKilledByASignalReportsExitCode128PlusTheSignal() {
        RunResult result = run("kill -USR1 $$");

        assertThat(result.exitCode()).isEqualTo(128 + 10);
        assertThat(result.killed()).isTrue();
        assertThat(result.timedOut()).isFalse();
        assertThat(result.describe()).isEqualTo("killed by a signal (exit code 138)");
    }

    @Test
    void aTimeoutOrGracePeriodOfCenturiesIsFine() {
        ProcessRunner patient = ProcessRunner.builder().gracePeriod(Duration.ofDays(365L * 1000)).build();

        RunResult result = patient.run(request(dir, "echo 'METRIC x=1'", Duration.ofDays(365L * 1000)));

        assertThat(result.succeeded()).isTrue();
    }

    @Test
    void stdoutAndStderrAreInterleavedInTheOrderWritten() throws Exception {
        RunResult result = run("for i in 1 2 3 4 5; do echo out$i; echo err$i >&2; done");

        assertThat(Files.readString(result.log()))
                .isEqualTo("out1\nerr1\nout2\nerr2\nout3\nerr3\nout4\nerr4\nout5\nerr5\n");
    }

    @Test
    void theCommandRunsInTheWorkingDirectoryWithItsInputClosed() throws Exception {
        RunResult result = run("pwd; cat; echo done");

        assertThat(result.succeeded()).isTrue();
        assertThat(result.duration()).isLessThan(Duration.ofSeconds(5));
        assertThat(Files.readString(result.log())).isEqualTo(dir.toRealPath() + "\ndone\n");
    }

    @Test
    void anArgumentListRunsWithoutAShell() throws Exception {
        RunRequest request = new RunRequest(Command.of("printf", "[%s]", "a b", "$HOME", "*"), dir,
                Duration.ofSeconds(10), dir.resolve("run.log"), Map.of(), 1, RunRequest.Purpose.CHECKS);

        RunResult result = runner.run(request);

        assertThat(result.succeeded()).isTrue();
        assertThat(Files.readString(result.log())).isEqualTo("[a b][$HOME][*]");
    }

    @Test
    void environmentComesFromTheRunnerTheDevicesAndTheRequestWhichWins() throws Exception {
        ProcessRunner gpu = ProcessRunner.builder()
                .environment("SESSION_VAR", "from-runner")
                .environment("SHARED", "runner")
                .devices(List.of("1", "3"))
                .build();
        RunRequest request = new RunRequest(
                Command.shell("echo $SESSION_VAR $SHARED $EXPERIMENT_VAR $CUDA_VISIBLE_DEVICES "
                        + "$HIP_VISIBLE_DEVICES $ROCR_VISIBLE_DEVICES; echo ${AUTORESEARCH_RUN_ID:-none}; echo $HOME"),
                dir, Duration.ofSeconds(10), dir.resolve("env.log"),
                Map.of("EXPERIMENT_VAR", "from-request", "SHARED", "request"), 2, RunRequest.Purpose.EXPERIMENT);

        List<String> lines = Files.readAllLines(gpu.run(request).log());

        assertThat(lines.get(0)).isEqualTo("from-runner request from-request 1,3 1,3 1,3");
        assertThat(lines.get(1)).matches("[0-9a-f-]{36}");
        assertThat(lines.get(2)).isEqualTo(System.getenv("HOME"));
    }

    @Test
    void parallelWorkersEachSeeTheirOwnDevices() throws Exception {
        List<ProcessRunner> workers = List.of(
                ProcessRunner.builder().devices(List.of("0")).build(),
                ProcessRunner.builder().devices(List.of("1")).build());
        List<Thread> threads = new java.util.ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            ProcessRunner worker = workers.get(i);
            Path log = dir.resolve("worker" + i + ".log");
            threads.add(new Thread(() -> worker.run(new RunRequest(
                    Command.shell("sleep 0.3; echo $CUDA_VISIBLE_DEVICES"), dir, Duration.ofSeconds(10), log,
                    Map.of(), 1, RunRequest.Purpose.EXPERIMENT))));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(10_000);
        }

        assertThat(Files.readString(dir.resolve("worker0.log"))).isEqualTo("0\n");
        assertThat(Files.readString(dir.resolve("worker1.log"))).isEqualTo("1\n");
    }

    @Test
    void withoutDevicesTheGpuVariablesAreNotSet() throws Exception {
        RunRequest request = new RunRequest(Command.shell("echo \"[${HIP_VISIBLE_DEVICES-unset}]\""), dir,
                Duration.ofSeconds(10), dir.resolve("run.log"), Map.of(), 1, RunRequest.Purpose.EXPERIMENT);

        assertThat(Files.readString(runner.run(request).log())).isEqualTo("[unset]\n");
    }

    @Test
    void aProgramThatCannotBeStartedGivesExitCode127AndSaysWhy() throws Exception {
        RunRequest request = new RunRequest(Command.of("no-such-program-for-autoresearch"), dir,
                Duration.ofSeconds(10), dir.resolve("run.log"), Map.of(), 1, RunRequest.Purpose.EXPERIMENT);

        RunResult result = runner.run(request);

        assertThat(result.exitCode()).isEqualTo(127);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.logTail()).contains("no-such-program-for-autoresearch");
        assertThat(Files.readString(result.log())).contains("no-such-program-for-autoresearch");
    }

    @Test
    void aMissingWorkingDirectoryIsTheHostsMistake() {
        Path missing = dir.resolve("missing");

        assertThatThrownBy(() -> runner.run(request(missing, "true", Duration.ofSeconds(5))))
                .isInstanceOf(AutoresearchException.class)
                .hasMessageContaining("'true'")
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void aLogFileThatCannotBeWrittenIsAnInfrastructureFailureNamingIt() throws Exception {
        Files.writeString(dir.resolve("runs"), "a file where the log directory should be");
        Path log = dir.resolve("runs/1.log");
        RunRequest request = new RunRequest(Command.shell("echo hi"), dir, Duration.ofSeconds(10), log,
                Map.of(), 1, RunRequest.Purpose.EXPERIMENT);

        assertThatThrownBy(() -> runner.run(request))
                .isInstanceOf(AutoresearchException.class)
                .hasMessageContaining("cannot write the log file " + log + " for 'echo hi'")
                .hasMessageContaining("check that its directory is writable");
    }

    @Test
    void theLogsDirectoryIsCreatedAndAnOldLogIsReplaced() throws Exception {
        Path log = dir.resolve("runs/7/run.log");
        RunRequest request = new RunRequest(Command.shell("echo new"), dir, Duration.ofSeconds(10), log,
                Map.of(), 7, RunRequest.Purpose.EXPERIMENT);
        runner.run(request);
        Files.writeString(log, "old old old old old\n");

        runner.run(request);

        assertThat(Files.readString(log)).isEqualTo("new\n");
    }

    @Test
    void theLogTailHoldsTheLastLinesAndShowsRedrawnLinesInTheirLastState() {
        RunResult result = ProcessRunner.builder().tailLines(3).build().run(request(dir,
                "i=1; while [ $i -le 100 ]; do echo line $i; i=$((i+1)); done; printf 'step 1\\rstep 2\\rstep 3\\n'",
                Duration.ofSeconds(10)));

        assertThat(result.logTail()).isEqualTo("line 99\nline 100\nstep 3");
    }

    @Test
    void theDefaultTailHasThirtyLines() {
        RunResult result = run("i=1; while [ $i -le 100 ]; do echo line $i; i=$((i+1)); done");

        assertThat(result.logTail().split("\n")).hasSize(30).startsWith("line 71").endsWith("line 100");
    }
}
