package dev.autoresearch.runners;

import dev.autoresearch.core.Metrics;
import dev.autoresearch.core.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static dev.autoresearch.runners.Processes.awaitPids;
import static dev.autoresearch.runners.Processes.pids;
import static dev.autoresearch.runners.Processes.request;
import static dev.autoresearch.runners.Processes.running;
import static dev.autoresearch.runners.Processes.runningWith;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Timeouts, interrupts and JVM exit stop the whole process tree, TERM then KILL, and so does the end
 * of a command that leaves processes behind. Checked by pid through /proc, and by a marker variable
 * that every process of the tree inherits.
 */
class ProcessTreeTest {
    /**
     * Writes its own pid, then starts three grandchildren that ignore SIGTERM and write theirs: one
     * detached into a session of its own, one left in the background holding the output pipe, and a
     * double-forked daemon that is orphaned at once. Returns when all four pids are written.
     */
    static final String TREE = String.join("\n",
            "echo $$ >> pids",
            "setsid sh -c 'trap \"\" TERM; echo $$ >> pids; exec sleep 300' </dev/null >/dev/null 2>&1 &",
            "nohup sh -c 'trap \"\" TERM HUP; echo $$ >> pids; exec sleep 300' &",
            "( setsid sh -c 'trap \"\" TERM; echo $$ >> pids; exec sleep 300' </dev/null >/dev/null 2>&1 & )",
            "while [ \"$(wc -l < pids)\" -lt 4 ]; do sleep 0.05; done",
            "");

    @TempDir
    Path dir;

    private final String treeId = UUID.randomUUID().toString();

    private ProcessRunner runner() {
        return ProcessRunner.builder()
                .gracePeriod(Duration.ofSeconds(1))
                .environment("TEST_TREE", treeId)
                .build();
    }

    private void assertNothingAlive() throws Exception {
        List<Long> pids = pids(dir.resolve("pids"));
        assertThat(pids).hasSize(4);
        assertThat(pids).noneMatch(Processes::running);
        assertThat(runningWith("TEST_TREE", treeId)).isEmpty();
    }

    @Test
    void aTimeoutStopsTheWholeTreeIncludingDetachedGrandchildrenThatIgnoreTerm() throws Exception {
        Processes.script(dir, "tree.sh", TREE + "sleep 30\n");

        RunResult result = runner().run(request(dir, "sh tree.sh", Duration.ofMillis(1500)));

        assertThat(result.timedOut()).isTrue();
        assertThat(result.killed()).isTrue();
        assertThat(result.exitCode()).isEqualTo(128 + 15);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.duration()).isBetween(Duration.ofMillis(2500), Duration.ofSeconds(6));
        assertNothingAlive();
        assertThat(result.logTail()).containsPattern("\\[autoresearch: timed out at the 1\\.5s limit; "
                + "stopped \\d+ processes with SIGTERM, then 3 with SIGKILL after the 1\\.0s grace period]");
    }

    @Test
    void whatACommandLeavesRunningIsStoppedWhenItExitsAndDoesNotHoldUpTheRun() throws Exception {
        Processes.script(dir, "tree.sh", TREE + "echo 'METRIC score=1'\nexit 0\n");

        RunResult result = runner().run(request(dir, "sh tree.sh", Duration.ofSeconds(60)));

        assertThat(result.exitCode()).isZero();
        assertThat(result.timedOut()).isFalse();
        assertThat(result.killed()).isFalse();
        assertThat(result.succeeded()).isTrue();
        assertThat(result.duration()).isLessThan(Duration.ofSeconds(8));
        assertNothingAlive();
        String log = Files.readString(result.log());
        assertThat(log).contains("METRIC score=1")
                .contains("[autoresearch: the command exited with code 0 but left processes running; stopped");
    }

    @Test
    void aSleepPastItsTimeoutEndsAtTheTimeout() throws Exception {
        RunResult result = runner().run(request(dir, "echo started; sleep 30", Duration.ofSeconds(1)));

        assertThat(result.timedOut()).isTrue();
        assertThat(result.exitCode()).isEqualTo(143);
        assertThat(result.duration()).isBetween(Duration.ofSeconds(1), Duration.ofMillis(2900));
        assertThat(result.describe()).startsWith("timed out after");
        assertThat(Files.readString(result.log())).startsWith("started\n");
    }

    @Test
    void aCommandThatTrapsTermGetsTheGracePeriodToExit() throws Exception {
        String script = "trap 'echo saving; sleep 0.2; echo got TERM; exit 3' TERM\n"
                + "echo ready\nsleep 30 &\nwait\n";
        Processes.script(dir, "trap.sh", script);

        RunResult result = ProcessRunner.builder().gracePeriod(Duration.ofSeconds(5)).build()
                .run(request(dir, "exec sh trap.sh", Duration.ofSeconds(1)));

        assertThat(result.timedOut()).isTrue();
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.killed()).isFalse();
        assertThat(result.duration()).isLessThan(Duration.ofSeconds(4));
        assertThat(Files.readString(result.log())).contains("ready\n", "saving\n", "got TERM\n");
        assertThat(result.logTail()).doesNotContain("SIGKILL");
    }

    @Test
    void whatAProgramPrintsWhileShuttingDownIsKeptAfterTheShellAroundItHasDied() throws Exception {
        String script = "trap 'i=0; while [ $i -lt 300 ]; do echo saving $i; i=$((i+1)); done; sleep 0.3; "
                + "echo METRIC saved=1; exit 3' TERM\n"
                + "echo ready\nsleep 30 &\nwait\n";
        Processes.script(dir, "trap.sh", script);

        RunResult result = ProcessRunner.builder().gracePeriod(Duration.ofSeconds(5)).build()
                .run(request(dir, "sh trap.sh; echo never", Duration.ofSeconds(1)));

        assertThat(result.timedOut()).isTrue();
        assertThat(result.exitCode()).as("the shell around the program died of SIGTERM").isEqualTo(143);
        String log = Files.readString(result.log());
        assertThat(log).contains("saving 299\n", "\nMETRIC saved=1\n").doesNotContain("never");
        assertThat(MetricExtractors.defaults().extract(result).get("saved")).hasValue(1.0);
    }

    @Test
    void aCommandThatIgnoresTermIsKilledAfterTheGracePeriod() throws Exception {
        RunResult result = runner().run(request(dir, "trap '' TERM; sleep 30", Duration.ofSeconds(1)));

        assertThat(result.timedOut()).isTrue();
        assertThat(result.exitCode()).isEqualTo(128 + 9);
        assertThat(result.killed()).isTrue();
        assertThat(result.duration()).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(5));
        assertThat(result.logTail()).contains("with SIGKILL after the 1.0s grace period");
    }

    @Test
    void anInterruptStopsTheTreeReturnsAnInterruptedResultAndKeepsTheFlag() throws Exception {
        Processes.script(dir, "tree.sh", "echo 'METRIC progress=3'\n" + TREE + "sleep 30\n");
        AtomicReference<RunResult> result = new AtomicReference<>();
        AtomicReference<Metrics> metrics = new AtomicReference<>();
        AtomicBoolean flagAfterwards = new AtomicBoolean();
        Thread loop = new Thread(() -> {
            result.set(runner().run(request(dir, "sh tree.sh", Duration.ofSeconds(60))));
            flagAfterwards.set(Thread.currentThread().isInterrupted());
            try {
                metrics.set(MetricExtractors.defaults().extract(result.get()));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        loop.start();
        awaitPids(dir.resolve("pids"), 4);

        long start = System.nanoTime();
        loop.interrupt();
        loop.join(10_000);

        assertThat(loop.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
        assertThat(result.get().interrupted()).isTrue();
        assertThat(result.get().timedOut()).isFalse();
        assertThat(result.get().describe()).startsWith("interrupted after");
        assertThat(flagAfterwards).isTrue();
        assertThat(metrics.get().get("progress")).as("metrics are read with the flag set").hasValue(3.0);
        assertThat(result.get().logTail()).contains("METRIC progress=3", "[autoresearch: interrupted after");
        assertNothingAlive();
    }

    @Test
    void aSecondInterruptDuringTheGracePeriodGoesStraightToKill() throws Exception {
        Processes.script(dir, "tree.sh", TREE + "sleep 30\n");
        ProcessRunner patient = runner().toBuilder().gracePeriod(Duration.ofSeconds(30)).build();
        AtomicReference<RunResult> result = new AtomicReference<>();
        Thread loop = new Thread(() -> result.set(patient.run(request(dir, "sh tree.sh", Duration.ofSeconds(60)))));
        loop.start();
        awaitPids(dir.resolve("pids"), 4);

        long start = System.nanoTime();
        loop.interrupt();
        Thread.sleep(500);
        loop.interrupt();
        loop.join(15_000);

        assertThat(loop.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(result.get().interrupted()).isTrue();
        assertThat(result.get().logTail()).contains("with SIGKILL");
        assertNothingAlive();
    }

    @Test
    void aRunCalledWithTheInterruptFlagSetStopsAtOnce() throws Exception {
        Thread.currentThread().interrupt();
        try {
            RunResult result = runner().run(request(dir, "echo $$ > pids; exec sleep 30", Duration.ofSeconds(60)));

            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(result.interrupted()).isTrue();
            assertThat(result.duration()).isLessThan(Duration.ofSeconds(3));
        } finally {
            Thread.interrupted();
        }
        assertThat(runningWith("TEST_TREE", treeId)).isEmpty();
    }

    @Test
    void theJvmExitingStopsTheTreesOfItsRuns() throws Exception {
        Processes.script(dir, "tree.sh", TREE + "sleep 60\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ShutdownHookFixture.class.getName(), dir.toString(), treeId)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("jvm.log").toFile())
                .start();
        try {
            List<Long> pids = awaitPids(dir.resolve("pids"), 4);
            assertThat(pids).allMatch(Processes::running);

            jvm.destroy();

            assertThat(jvm.waitFor(15, TimeUnit.SECONDS))
                    .as("the JVM exits; its output:%n%s", Files.readString(dir.resolve("jvm.log"))).isTrue();
            assertNothingAlive();
        } finally {
            jvm.destroyForcibly();
        }
    }

    @Test
    void aCommandThatEndsNormallyStopsNothingAndLeavesOtherProcessesAlone() throws Exception {
        Process outsider = new ProcessBuilder("sleep", "300").start();
        try {
            // A long grace period, so that waiting for it could not pass for a slow machine.
            ProcessRunner patient = ProcessRunner.builder().gracePeriod(Duration.ofSeconds(20))
                    .environment("TEST_TREE", treeId).build();
            RunResult result = patient.run(request(dir, "sleep 0.1 & wait", Duration.ofSeconds(30)));

            assertThat(result.succeeded()).isTrue();
            assertThat(result.duration()).as("no grace period was waited").isLessThan(Duration.ofSeconds(10));
            assertThat(Files.readString(result.log())).doesNotContain("[autoresearch:");
            assertThat(running(outsider.pid())).as("a process of the JVM outside the run").isTrue();
        } finally {
            outsider.destroyForcibly();
        }
    }

    @Test
    void aProcessThatEscapedEveryNetButHoldsTheOutputIsStoppedAndTheOutputThreadEnds() throws Exception {
        // its own session, an empty environment, orphaned at once: only the output pipe leads to it, and the cgroup
        RunResult[] run = new RunResult[1];
        String warnings = StandardError.of(() -> run[0] = runner().run(request(dir, "echo $$ > root; "
                + "( exec setsid env -i \"$(command -v sleep)\" 300 & echo $! > pids ); "
                + Processes.AWAIT_SLEEP_EXEC + "; echo 'METRIC score=1'",
                Duration.ofSeconds(10))));
        RunResult result = run[0];

        assertThat(pids(dir.resolve("pids"))).hasSize(1).noneMatch(Processes::running);
        assertThat(result.succeeded()).isTrue();
        assertThat(result.logTail()).contains("METRIC score=1").doesNotContain("stopped reading the output");
        if (Processes.cgroupsOffered()) {
            // the run's cgroup finds it first, where the machine gives one
            assertThat(result.logTail()).contains("stopped through the run's cgroup]");
            assertThat(warnings).contains("the run's cgroup caught it");
        } else {
            assertThat(result.logTail()).contains("[autoresearch: 1 process that had left the run still held its "
                    + "output open; stopped 1 process with SIGTERM]");
        }
        String pump = "autoresearch-output-" + pids(dir.resolve("root")).get(0);
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(pump)) {
                t.join(2000);
                assertThat(t.isAlive()).as("the thread reading the output").isFalse();
            }
        }
    }

    @Test
    void anOrphanThatClearedItsEnvironmentIsStoppedThroughTheGroupWhenTheCommandExits() throws Exception {
        // reparented at once and without the run's marker: only the process group still knows it
        RunResult result = runner().run(request(dir,
                "( exec env -i \"$(command -v sleep)\" 300 & echo $! > pids ); " + Processes.AWAIT_SLEEP_EXEC
                        + "; echo 'METRIC score=1'",
                Duration.ofSeconds(10)));

        List<Long> pids = pids(dir.resolve("pids"));
        assertThat(pids).hasSize(1).noneMatch(Processes::running);
        assertThat(result.succeeded()).isTrue();
        assertThat(result.duration()).as("the output pipe was not held open").isLessThan(Duration.ofSeconds(3));
        assertThat(result.logTail()).contains("METRIC score=1")
                .contains("[autoresearch: the command exited with code 0 but left processes running; "
                        + "stopped 1 process with SIGTERM]")
                .doesNotContain("stopped reading the output");
    }
}
