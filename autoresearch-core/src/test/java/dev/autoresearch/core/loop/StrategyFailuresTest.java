package dev.autoresearch.core.loop;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.CodeMutator;
import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.MutationResult;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.StopCriteria;
import dev.autoresearch.core.internal.session.SessionLock;
import dev.autoresearch.core.journal.Journal;
import dev.autoresearch.core.testing.InProcessRunner;
import dev.autoresearch.core.testing.InProcessRunner.Outcome;
import dev.autoresearch.core.testing.ScriptedStrategy;
import dev.autoresearch.core.testing.SimpleMetrics;
import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the loop does when a strategy cannot make the change: an outcome, a stop, or an interrupt. */
class StrategyFailuresTest {
    @TempDir
    Path dir;

    TestRepo repo;
    final ScriptedStrategy script = ScriptedStrategy.writing("score.txt", "9\n", "8\n", "7\n");
    final InProcessRunner runner = new InProcessRunner(request -> Outcome.ok(
            "score: " + Files.readString(request.workingDirectory().resolve("score.txt")).strip() + "\n"));

    @BeforeEach
    void setUp() {
        repo = TestRepo.init(dir.resolve("project"));
        repo.write("score.txt", "10\n").write("program.md", "---\nmetric: score\n---\n").commitAll("initial");
    }

    ResearchLoop loop(CodeMutator mutator, int maxExperiments) {
        ProgramSpec spec = ProgramSpec.builder().source(repo.root().resolve("program.md")).metric("score")
                .direction(Direction.MINIMIZE).run("./train").editable("score.txt")
                .stop(StopCriteria.DEFAULT.withMaxExperiments(maxExperiments)).build();
        return ResearchLoop.builder().repository(repo.root()).tag("t1").program(spec).strategy(script, mutator)
                .runner(runner).metrics(SimpleMetrics.summaryLines()).build();
    }

    Path session() {
        return repo.root().resolve(".autoresearch/t1");
    }

    @Test
    void aMutatorThatCannotGoOnStopsTheSessionWithoutARecordAndTheResumeTriesThatExperimentAgain() {
        CodeMutator unreachable = (h, c) -> {
            if (c.experiment() == 2) {
                throw new AutoresearchException("the model could not be reached after 5 attempts");
            }
            return script.mutate(h, c);
        };
        assertThatThrownBy(() -> loop(unreachable, 3).run()).hasMessageContaining("could not be reached");

        assertThat(Journal.read(session().resolve("journal.jsonl")).records()).extracting(ExperimentRecord::experiment)
                .containsExactly(0, 1);
        assertThat(dev.autoresearch.core.journal.Journal.read(session().resolve("journal.jsonl")).pending()).isEmpty();
        assertThat(SessionLock.livePid(session().resolve("lock"))).isEmpty();
        assertThat(TestRepo.gitIn(session().resolve("worktree"), "status", "--porcelain")).isEmpty();

        ResearchReport resumed = loop(script, 3).run();
        assertThat(resumed.state().history()).extracting(r -> r.hypothesis().title()).containsExactly(
                "baseline", "set score.txt to 9", "set score.txt to 8", "set score.txt to 7");
        assertThat(resumed.state().history()).extracting(ExperimentRecord::status).containsOnly(Status.KEEP);
    }

    @Test
    void aMutatorThatFailsOtherwiseMakesTheExperimentInvalidAndTheSessionGoesOn() {
        CodeMutator buggy = (h, c) -> {
            if (c.experiment() == 1) {
                throw new IllegalStateException("index out of range in my strategy");
            }
            return script.mutate(h, c);
        };
        ResearchReport report = loop(buggy, 2).run();
        assertThat(report.state().history().get(1).status()).isEqualTo(Status.INVALID);
        assertThat(report.state().history().get(1).reason()).contains("the mutator failed", "index out of range");
        assertThat(report.state().history().get(2).status()).isEqualTo(Status.KEEP);
    }

    @Test
    void anInterruptWhileTheChangeIsMadeStopsWithoutRecordingAnExperimentThatNeverRan() throws Exception {
        CountDownLatch asking = new CountDownLatch(1);
        CodeMutator slowModel = (h, c) -> {
            if (c.experiment() == 2) {
                asking.countDown();
                try {
                    Thread.sleep(60_000); // a correction request in flight
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new MutationResult.Failed("request cancelled");
                }
            }
            return script.mutate(h, c);
        };
        AtomicReference<ResearchReport> report = new AtomicReference<>();
        AtomicReference<Boolean> flag = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            report.set(loop(slowModel, 3).run());
            flag.set(Thread.currentThread().isInterrupted());
        });
        worker.start();
        assertThat(asking.await(30, TimeUnit.SECONDS)).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (Journal.read(session().resolve("journal.jsonl")).records().size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20); // the change of 2 is made while 1 runs: let 1 finish first
        }
        worker.interrupt();
        worker.join(30_000);

        assertThat(report.get().interrupted()).isTrue();
        assertThat(flag.get()).isTrue();
        assertThat(report.get().state().history()).extracting(ExperimentRecord::experiment).containsExactly(0, 1);
        assertThat(Journal.read(session().resolve("journal.jsonl")).records()).hasSize(2);
        assertThat(dev.autoresearch.core.journal.Journal.read(session().resolve("journal.jsonl")).pending()).isEmpty();
        // The baseline runs three times to measure the noise; experiment 2 never ran.
        assertThat(runner.requests()).extracting(r -> r.experiment()).containsExactly(0, 0, 0, 1);
    }
}
