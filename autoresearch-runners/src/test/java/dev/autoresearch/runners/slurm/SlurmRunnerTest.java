package dev.autoresearch.runners.slurm;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.Command;
import dev.autoresearch.core.RunRequest;
import dev.autoresearch.core.RunResult;
import dev.autoresearch.core.RunTicket;
import dev.autoresearch.runners.Processes;
import dev.autoresearch.runners.SlurmRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Experiments as jobs of a real single-node Slurm cluster: results, stops, cluster failures, resume. */
@ExtendWith(SlurmCluster.class)
class SlurmRunnerTest {
    @TempDir
    Path dir;

    private final SlurmRunner runner = SlurmRunner.builder()
            .gracePeriod(Duration.ofSeconds(2))
            .pollInterval(Duration.ofMillis(200))
            .build();

    private RunRequest request(String commandLine, Duration timeout, List<RunTicket> tickets) {
        return Processes.requestBuilder(dir, Command.shell(commandLine), timeout).log(dir.resolve("runs/1.log"))
                .environment(Map.of("AUTORESEARCH_TAG", "t1", "GREETING", "it's \"quoted\" $HOME")).lane(2)
                .onStarted(tickets::add).build();
    }

    private RunRequest request(String commandLine) {
        return request(commandLine, Duration.ofSeconds(60), new CopyOnWriteArrayList<>());
    }

    @Test
    void aJobThatSucceedsLeavesItsOutputAndMetricInTheLogAndRanInTheWorktree() throws Exception {
        Files.writeString(dir.resolve("marker.txt"), "here");
        List<RunTicket> tickets = new CopyOnWriteArrayList<>();

        RunResult result = runner.run(request("cat marker.txt; echo; echo \"$GREETING\"; sleep 1; "
                + "echo 'METRIC score=0.5'; echo to-stderr >&2", Duration.ofSeconds(60), tickets));

        assertThat(result.succeeded()).as(result.logTail()).isTrue();
        assertThat(Files.readString(result.log()))
                .isEqualTo("here\nit's \"quoted\" $HOME\nMETRIC score=0.5\nto-stderr\n");
        assertThat(tickets).hasSize(1);
        assertThat(tickets.get(0).runner()).isEqualTo("slurm");
        assertThat(tickets.get(0).get("job")).hasValueSatisfying(id -> assertThat(id).matches("\\d+"));
        assertThat(tickets.get(0).get("submitted")).isPresent();
        assertThat(result.duration()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        // the job's own files are gone once their content is in the log
        try (var files = Files.list(dir.resolve("runs"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("1.log");
        }
    }

    @Test
    void aFailingExitCodeIsTheResult() {
        RunResult result = runner.run(request("echo failing; exit 3"));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.killed()).isFalse();
        assertThat(result.timedOut()).isFalse();
        assertThat(result.logTail()).isEqualTo("failing");
    }

    @Test
    void theTimeoutCancelsAJobThatIgnoresSigtermAndNothingIsLeftInTheQueue() {
        List<RunTicket> tickets = new CopyOnWriteArrayList<>();

        RunResult result = runner.run(request("trap '' TERM; echo started; while true; do sleep 1; done",
                Duration.ofSeconds(3), tickets));

        assertThat(result.timedOut()).isTrue();
        assertThat(result.succeeded()).isFalse();
        assertThat(result.logTail()).startsWith("started").contains("[autoresearch: timed out at the 3.0s limit; job ")
                .contains("cancelled after the 2.0s grace period");
        assertThat(Slurm.queue(tickets.get(0).get("job").orElseThrow())).isEmpty();
    }

    @Test
    void anInterruptOfTheCallingThreadCancelsTheJob() throws Exception {
        List<RunTicket> tickets = new CopyOnWriteArrayList<>();
        AtomicReference<RunResult> result = new AtomicReference<>();
        AtomicReference<Boolean> flagKept = new AtomicReference<>();
        Thread loop = new Thread(() -> {
            result.set(runner.run(request("echo started; sleep 60", Duration.ofSeconds(120), tickets)));
            flagKept.set(Thread.currentThread().isInterrupted());
        });
        loop.start();
        Slurm.awaitLine(dir.resolve("runs/1.log"), "started");
        loop.interrupt();
        loop.join(60_000);

        assertThat(result.get().interrupted()).isTrue();
        assertThat(flagKept.get()).isTrue();
        assertThat(result.get().logTail()).contains("[autoresearch: interrupted after");
        assertThat(Slurm.queue(tickets.get(0).get("job").orElseThrow())).isEmpty();
    }

    @Test
    void aNewRunnerPicksUpTheRunningJobOfALoopKilledWithSigkillAndWaitsForItsResult() throws Exception {
        RunTicket ticket = killedLoop("echo first; sleep 3; echo 'METRIC score=2'");
        assertThat(Slurm.queue(ticket.get("job").orElseThrow())).isEqualTo("RUNNING");

        Optional<RunResult> result = runner.toBuilder().build().reattach(request("never run"), ticket);

        assertThat(result).hasValueSatisfying(r -> {
            assertThat(r.succeeded()).as(r.logTail()).isTrue();
            assertThat(r.logTail()).contains("first").contains("METRIC score=2");
        });
    }

    @Test
    void aNewRunnerReadsTheResultOfAJobThatFinishedWhileNoLoopWatched() throws Exception {
        RunTicket ticket = killedLoop("echo first; sleep 2; echo 'METRIC score=7'; exit 4");
        Slurm.awaitGone(ticket.get("job").orElseThrow());

        Optional<RunResult> result = runner.reattach(request("never run"), ticket);

        assertThat(result).hasValueSatisfying(r -> {
            assertThat(r.exitCode()).isEqualTo(4);
            assertThat(r.logTail()).contains("METRIC score=7");
        });
    }

    @Test
    void theLoopsJvmExitingOnCtrlCCancelsItsJob() throws Exception {
        Process jvm = loopJvm("echo started; sleep 120");
        try {
            String job = awaitTicket().get("job").orElseThrow();
            Slurm.awaitLine(dir.resolve("runs/1.log"), "started");

            jvm.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the shutdown hooks run

            assertThat(jvm.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(Slurm.queue(job)).isEmpty();
        } finally {
            jvm.destroyForcibly();
        }
    }

    /** A loop in another JVM that submits the command, then dies by SIGKILL once its job runs. */
    private RunTicket killedLoop(String commandLine) throws Exception {
        Process jvm = loopJvm(commandLine);
        try {
            RunTicket ticket = awaitTicket();
            Slurm.awaitLine(dir.resolve("runs/1.log"), "first");
            return ticket;
        } finally {
            jvm.destroyForcibly();
            jvm.waitFor();
        }
    }

    private Process loopJvm(String commandLine) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SlurmLoopFixture.class.getName(), dir.toString(), commandLine)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("jvm.log").toFile())
                .start();
    }

    private RunTicket awaitTicket() throws Exception {
        Path file = dir.resolve("ticket");
        for (int i = 0; i < 600 && !Files.exists(file); i++) {
            Thread.sleep(100);
        }
        Map<String, String> details = new java.util.HashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            details.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return new RunTicket("slurm", details);
    }

    @Test
    void aJobUnknownToSlurmWithNoResultIsEmptySoTheLoopRunsItAgain() {
        RunTicket ticket = new RunTicket("slurm", Map.of("job", "999999", "submitted", "2026-01-01T00:00:00Z"));

        assertThat(runner.reattach(request("never run"), ticket)).isEmpty();
        assertThat(runner.reattach(request("never run"), new RunTicket("process", Map.of("pid", "1")))).isEmpty();
    }

    @Test
    void aJobThatTheClusterFailsIsSubmittedAgainAndSucceeds() throws Exception {
        List<RunTicket> tickets = new CopyOnWriteArrayList<>();
        Path attempts = dir.resolve("attempts");
        AtomicReference<RunResult> result = new AtomicReference<>();
        Thread loop = new Thread(() -> result.set(runner.run(request(
                "echo attempt >> attempts; echo started; n=$(wc -l < attempts); "
                        + "if [ $n -eq 1 ]; then sleep 60; fi; echo 'METRIC score=1'",
                Duration.ofSeconds(120), tickets))));
        loop.start();
        Slurm.awaitLine(dir.resolve("runs/1.log"), "started");
        String node = SlurmCluster.node();
        try {
            Slurm.scontrol("update", "nodename=" + node, "state=down", "reason=autoresearch-test");
        } finally {
            Slurm.resume(node);
        }
        loop.join(120_000);

        assertThat(result.get().succeeded()).as(result.get().logTail()).isTrue();
        assertThat(Files.readAllLines(attempts)).hasSize(2);
        assertThat(tickets).hasSize(2);
        assertThat(tickets.get(1).get("attempt")).hasValue("2");
        assertThat(Files.readString(result.get().log()))
                .contains("[autoresearch: job " + tickets.get(0).get("job").orElseThrow() + " ended NODE_FAIL")
                .contains("which the cluster caused; submitting it again (attempt 2 of 3)]")
                .endsWith("METRIC score=1\n");
    }

    @Test
    void aRejectedSubmissionIsOneLineNamingSbatchsReason() {
        SlurmRunner bad = runner.toBuilder().partition("no-such-partition").build();

        assertThatThrownBy(() -> bad.run(request("true")))
                .isInstanceOf(AutoresearchException.class)
                .hasMessageStartingWith("sbatch rejected the experiment's job: sbatch: error: invalid partition specified: "
                        + "no-such-partition")
                .hasMessageNotContaining("\n");
    }

    @Test
    void theSlurmOptionsReachTheJobAndSlurmBindsTheGres() {
        SlurmRunner gpu = runner.toBuilder().gres("gpu:1").cpus(1).mem("100M").extra(List.of("--comment=from-test")).build();

        RunResult result = gpu.run(request("echo gpus=$SLURM_JOB_GPUS cuda=$CUDA_VISIBLE_DEVICES cpus=$SLURM_CPUS_PER_TASK "
                + "mem=$SLURM_MEM_PER_NODE name=$SLURM_JOB_NAME; scontrol show job $SLURM_JOB_ID"));

        assertThat(result.succeeded()).as(result.logTail()).isTrue();
        assertThat(result.logTail())
                .contains("gpus=0 cuda=0 cpus=1 mem=100 name=autoresearch-t1-exp1-lane2")
                .contains("TresPerNode=gres:gpu:1")
                .contains("Comment=from-test")
                .contains("TimeLimit=00:03:00");
    }

    /** A job that starts a few seconds after its submission, for the tests that take a folder away meanwhile. */
    private SlurmRunner delayed() {
        return runner.toBuilder().extra(List.of("--begin=now+3")).build();
    }

    /** A request whose folder is removed once the job is submitted, as for a node that does not see it. */
    private RunRequest removingOnSubmission(Path worktree, Path removed) {
        return Processes.requestBuilder(worktree, Command.shell("true"), Duration.ofSeconds(60))
                .log(dir.resolve("runs/1.log")).onStarted(ticket -> {
                    try (var files = Files.walk(removed)) {
                        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).build();
    }

    @Test
    void aWorktreeTheNodeCannotSeeSaysToPutTheSessionOnSharedStorage() throws Exception {
        Path worktree = Files.createDirectory(dir.resolve("worktree"));

        assertThatThrownBy(() -> delayed().run(removingOnSubmission(worktree, worktree)))
                .isInstanceOf(AutoresearchException.class)
                .hasMessageMatching("job \\d+ could not enter the worktree " + java.util.regex.Pattern.quote(worktree.toString())
                        + " on its node: put the session folder and its worktrees on storage the compute nodes see"
                        + " \\(--session-dir, or program.md's session-dir\\)");
    }

    @Test
    void anOutputFolderTheNodeCannotWriteSaysToPutTheSessionOnSharedStorage() throws Exception {
        Path runs = Files.createDirectories(dir.resolve("runs"));

        assertThatThrownBy(() -> delayed().run(removingOnSubmission(dir, runs)))
                .isInstanceOf(AutoresearchException.class)
                .hasMessageContaining("without writing its output file " + runs.resolve("1.log.job-"))
                .hasMessageContaining("put the session folder on storage the compute nodes see (--session-dir");
    }
}
