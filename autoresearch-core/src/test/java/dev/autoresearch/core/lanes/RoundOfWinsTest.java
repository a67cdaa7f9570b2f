package dev.autoresearch.core.lanes;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchEvent;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.StopCriteria;
import dev.autoresearch.core.TunedParameter;
import dev.autoresearch.core.testing.InProcessRunner;
import dev.autoresearch.core.testing.InProcessRunner.Outcome;
import dev.autoresearch.core.testing.SimpleMetrics;
import dev.autoresearch.core.testing.TestRepo;
import dev.autoresearch.core.tune.ParameterTuner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.autoresearch.core.lanes.ConflictingReplayTest.moves;
import static dev.autoresearch.core.lanes.ConflictingReplayTest.value;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three lanes start from the baseline and each finds a win, on neighbouring lines of one file. The
 * first is kept; the other two are made again on it, the third on top of the second while the
 * second is measured there, so that both land in the same round: one measurement each after their
 * first, not a second replay for the third.
 */
class RoundOfWinsTest {
    @TempDir
    Path dir;

    static final List<TunedParameter> PARAMETERS = List.of(
            new TunedParameter("train.py", "LR", 0.0001, 0.1, TunedParameter.Scale.LOG),
            new TunedParameter("train.py", "DEPTH", 1, 16, TunedParameter.Scale.INT),
            new TunedParameter("train.py", "WARMUP", 0, 100, TunedParameter.Scale.INT));

    /** Each of the three moves lowers the loss on its own, and the gains add up. */
    static String loss(Path worktree) throws Exception {
        String text = Files.readString(worktree.resolve("train.py"));
        double loss = 2.0 + Math.abs(Math.log(value(text, "LR") / 0.004)) + 0.1 * Math.abs(value(text, "DEPTH") - 6)
                + 0.01 * Math.abs(value(text, "WARMUP") - 20);
        return String.format(Locale.ROOT, "loss: %.6f%n", loss);
    }

    @Test
    void theWinsOfOneRoundLandTogether() {
        TestRepo repo = TestRepo.init(dir.resolve("project"));
        repo.write("train.py", "LR = 0.002\nDEPTH = 4\nWARMUP = 10\n").write("program.md", "---\nmetric: loss\n---\n");
        repo.commitAll("initial");
        ProgramSpec spec = ProgramSpec.builder().source(repo.root().resolve("program.md")).metric("loss")
                .direction(Direction.MINIMIZE).run("./train").editable("train.py").tune(PARAMETERS)
                .stop(StopCriteria.DEFAULT.withMaxExperiments(3)).build();

        Map<Integer, AtomicInteger> requests = new ConcurrentHashMap<>();
        CountDownLatch othersStarted = new CountDownLatch(2);
        CountDownLatch firstRecorded = new CountDownLatch(1);
        CountDownLatch secondMadeAgain = new CountDownLatch(1);
        CountDownLatch thirdMadeAgainMeasured = new CountDownLatch(1);
        InProcessRunner runner = new InProcessRunner(request -> {
            int n = request.experiment();
            int nth = requests.computeIfAbsent(n, k -> new AtomicInteger()).incrementAndGet();
            if (n == 1) {
                await(othersStarted); // all three start on the baseline
            } else if (n > 1 && nth == 1) {
                othersStarted.countDown();
                await(firstRecorded);
                if (n == 3) {
                    await(secondMadeAgain); // the third's win is judged while the second is measured on #1
                }
            } else if (n == 2) {
                secondMadeAgain.countDown();
                await(thirdMadeAgainMeasured); // the third, measured on top of it, waits for its verdict
            } else if (n == 3) {
                String out = loss(request.workingDirectory());
                thirdMadeAgainMeasured.countDown();
                return Outcome.ok(out);
            }
            return Outcome.ok(loss(request.workingDirectory()));
        });
        ResearchReport report = ResearchLoop.builder().repository(repo.root()).tag("r").program(spec)
                .strategy(moves("LR 0.002 -> 0.004", "LR=0.004", "DEPTH 4 -> 6", "DEPTH=6", "WARMUP 10 -> 20",
                        "WARMUP=20"), ParameterTuner.create(PARAMETERS, 0))
                .runner(runner).metrics(SimpleMetrics.summaryLines()).workers(3).listener(e -> {
                    if (e instanceof ResearchEvent.ExperimentFinished f && f.record().experiment() == 1) {
                        firstRecorded.countDown();
                    }
                }).build().run();

        ExperimentRecord first = report.state().record(1).orElseThrow();
        ExperimentRecord second = report.state().record(2).orElseThrow();
        ExperimentRecord third = report.state().record(3).orElseThrow();
        assertThat(List.of(first.status(), second.status(), third.status())).as(third.reason())
                .containsOnly(Status.KEEP);
        assertThat(second.parent()).isEqualTo(first.commit());
        assertThat(third.parent()).isEqualTo(second.commit());
        assertThat(third.reason()).contains("on top of #2's change").contains("#2 was kept first; kept on it");
        assertThat(third.metric().getAsDouble()).as("all three gains").isEqualTo(2.0);
        assertThat(requests.get(3).get()).as("runs of the third: on the baseline, then on top of the second").isEqualTo(2);
        assertThat(repo.git("show", "autoresearch/r:train.py")).isEqualTo("LR = 0.004\nDEPTH = 6\nWARMUP = 20");
        assertThat(repo.git("rev-parse", "autoresearch/r^")).isEqualTo(second.commit());
        assertThat(repo.git("rev-parse", "autoresearch/r")).isEqualTo(third.commit());
        assertThat(repo.read(".autoresearch/r/patches/3.diff")).contains("+WARMUP = 20").doesNotContain("+DEPTH");
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
    }
}
