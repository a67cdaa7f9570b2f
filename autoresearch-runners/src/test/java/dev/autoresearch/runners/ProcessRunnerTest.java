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
import java.util.Optional;

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
    void killedIsReadFromTheExitCodeSoAnExitOf137ReadsAsKilled() {
        assertThat(run("exit 137").killed()).isTrue();
        assertThat(run("exit 128").killed()).isFalse();
        assertThat(run("exit 192").killed()).isTrue();
        assertThat(run("exit 193").killed()).isFalse();
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
        RunRequest request = Processes.requestBuilder(dir, Command.of("printf", "[%s]", "a b", "$HOME", "*"),
                Duration.ofSeconds(10)).purpose(RunRequest.Purpose.CHECKS).build();

        RunResult result = runner.run(request);

        assertThat(result.succeeded()).isTrue();
        assertThat(Files.readString(result.log())).isEqualTo("[a b][$HOME][*]");
    }

    /** The value a variable has in this JVM's environment, as {@code ${NAME-unset}} prints it in the child. */
    private static String inherited(String name) {
        return Optional.ofNullable(System.getenv(name)).orElse("unset");
    }

    private List<String> lines(ProcessRunner with, String commandLine, Map<String, String> environment) throws Exception {
        RunRequest request = Processes.requestBuilder(dir, Command.shell(commandLine), Duration.ofSeconds(10))
                .log(dir.resolve("env.log")).environment(environment).experiment(2).build();
        return Files.readAllLines(with.run(request).log());
    }

    @Test
    void environmentComesFromTheRunnerThenTheRequestWhichWins() throws Exception {
        ProcessRunner configured = ProcessRunner.builder()
                .environment("SESSION_VAR", "from-runner")
                .environment("SHARED", "runner")
                .build();

        List<String> lines = lines(configured, "echo $SESSION_VAR $SHARED $EXPERIMENT_VAR; echo ${AUTORESEARCH_RUN_ID:-none}",
                Map.of("EXPERIMENT_VAR", "from-request", "SHARED", "request"));

        assertThat(lines.get(0)).isEqualTo("from-runner request from-request");
        assertThat(lines.get(1)).matches("[0-9a-f-]{36}");
    }

    @Test
    void theJvmsEnvironmentIsInherited() throws Exception {
        // any variable of this JVM will do; the shell itself changes only a few
        String name = System.getenv().keySet().stream().sorted()
                .filter(n -> n.matches("[A-Za-z_][A-Za-z0-9_]*"))
                .filter(n -> !List.of("PWD", "OLDPWD", "SHLVL", "_").contains(n))
                .filter(n -> !System.getenv(n).isEmpty() && !System.getenv(n).matches("(?s).*[\r\n].*"))
                .findFirst().orElseThrow(() -> new AssertionError("this JVM has no environment variable to check"));

        assertThat(lines(runner, "printf '%s\\n' \"${" + name + "-unset}\"", Map.of()))
                .containsExactly(System.getenv(name));
    }

    @Test
    void devicesGoToCudaAndHipButNotToRocrWhichHipNumbersWithin() throws Exception {
        ProcessRunner gpu = ProcessRunner.builder().devices(List.of("1", "3")).build();

        List<String> lines = lines(gpu, "echo ${CUDA_VISIBLE_DEVICES-unset} ${HIP_VISIBLE_DEVICES-unset} "
                + "${ROCR_VISIBLE_DEVICES-unset}", Map.of());

        assertThat(lines).containsExactly("1,3 1,3 " + inherited("ROCR_VISIBLE_DEVICES"));
    }

    @Test
    void aRocrAllocationSetByTheHostIsKeptWithTheDevices() throws Exception {
        ProcessRunner gpu = ProcessRunner.builder().environment("ROCR_VISIBLE_DEVICES", "4,5").devices(List.of("1")).build();

        assertThat(lines(gpu, "echo $ROCR_VISIBLE_DEVICES $HIP_VISIBLE_DEVICES", Map.of())).containsExactly("4,5 1");
    }

    @Test
    void theDevicesWinOverTheRequestsDeviceVariablesWithOneWarningPerRunner() throws Exception {
        ProcessRunner gpu = ProcessRunner.builder().devices(List.of("1")).build();
        Map<String, String> programEnv = Map.of("CUDA_VISIBLE_DEVICES", "0", "HIP_VISIBLE_DEVICES", "0", "OTHER", "x");
        List<List<String>> seen = new java.util.ArrayList<>();

        String warnings = StandardError.of(() -> {
            seen.add(lines(gpu, "echo $CUDA_VISIBLE_DEVICES $HIP_VISIBLE_DEVICES $OTHER", programEnv));
            seen.add(lines(gpu, "echo $CUDA_VISIBLE_DEVICES $HIP_VISIBLE_DEVICES $OTHER", programEnv));
        });

        assertThat(seen).containsExactly(List.of("1 1 x"), List.of("1 1 x"));
        assertThat(StandardError.count(warnings, "but this runner owns the devices [1]")).as(warnings).isEqualTo(1);
        assertThat(warnings).containsPattern("the run sets (CUDA|HIP)_VISIBLE_DEVICES=0");
    }

    @Test
    void withoutDevicesTheRequestsDeviceVariablesStand() throws Exception {
        assertThat(lines(runner, "echo $CUDA_VISIBLE_DEVICES", Map.of("CUDA_VISIBLE_DEVICES", "0"))).containsExactly("0");
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
            threads.add(new Thread(() -> worker.run(Processes.requestBuilder(dir,
                    Command.shell("sleep 0.3; echo $CUDA_VISIBLE_DEVICES"), Duration.ofSeconds(10)).log(log).build())));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(10_000);
        }

        assertThat(Files.readString(dir.resolve("worker0.log"))).isEqualTo("0\n");
        assertThat(Files.readString(dir.resolve("worker1.log"))).isEqualTo("1\n");
    }

    @Test
    void withoutDevicesTheGpuVariablesAreLeftAsInherited() throws Exception {
        List<String> lines = lines(runner, "echo ${CUDA_VISIBLE_DEVICES-unset} ${HIP_VISIBLE_DEVICES-unset} "
                + "${ROCR_VISIBLE_DEVICES-unset}", Map.of());

        assertThat(lines).containsExactly(inherited("CUDA_VISIBLE_DEVICES") + " " + inherited("HIP_VISIBLE_DEVICES")
                + " " + inherited("ROCR_VISIBLE_DEVICES"));
    }

    @Test
    void aProgramThatCannotBeStartedGivesExitCode127AndSaysWhy() throws Exception {
        RunRequest request = Processes.requestBuilder(dir, Command.of("no-such-program-for-autoresearch"),
                Duration.ofSeconds(10)).build();

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
        RunRequest request = Processes.requestBuilder(dir, Command.shell("echo hi"), Duration.ofSeconds(10)).log(log)
                .build();

        assertThatThrownBy(() -> runner.run(request))
                .isInstanceOf(AutoresearchException.class)
                .hasMessageContaining("cannot write the log file " + log + " for 'echo hi'")
                .hasMessageContaining("check that its directory is writable");
    }

    @Test
    void theLogsDirectoryIsCreatedAndAnOldLogIsReplaced() throws Exception {
        Path log = dir.resolve("runs/7/run.log");
        RunRequest request = Processes.requestBuilder(dir, Command.shell("echo new"), Duration.ofSeconds(10)).log(log)
                .experiment(7).build();
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
