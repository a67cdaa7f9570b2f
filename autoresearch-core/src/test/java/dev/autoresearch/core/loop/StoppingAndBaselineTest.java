package dev.autoresearch.core.loop;

import dev.autoresearch.core.BaselineFailedException;
import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.RunRequest;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.StopCriteria;
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
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stop criteria as a session meets them, and the ways a baseline fails. */
class StoppingAndBaselineTest {
    @TempDir
    Path dir;

    TestRepo repo;

    /** Prints score.txt as the metric; a few words in it stand for other outcomes. */
    final InProcessRunner runner = new InProcessRunner(request -> {
        String score = Files.readString(request.workingDirectory().resolve("score.txt")).strip();
        if (request.purpose() == RunRequest.Purpose.CHECKS) {
            return score.equals("untested") ? Outcome.fail(1, "FAILED test_accuracy\n") : Outcome.ok("ok\n");
        }
        return switch (score) {
            case "crash" -> Outcome.fail(1, "Traceback\n");
            case "hang" -> Outcome.timeout("epoch 1...\n");
            case "nan" -> Outcome.ok("loss exploded\nscore: nan\n");
            case "untested" -> Outcome.ok("score: 10\n");
            default -> Outcome.ok("score: " + score + "\n");
        };
    });

    @BeforeEach
    void setUp() {
        repo = TestRepo.init(dir.resolve("project"));
        repo.write("score.txt", "10\n").write("program.md", "---\nmetric: score\n---\n").commitAll("initial");
    }

    ProgramSpec.Builder spec(StopCriteria stop) {
        return ProgramSpec.builder().source(repo.root().resolve("program.md")).metric("score")
                .direction(Direction.MINIMIZE).run("./train").editable("score.txt").stop(stop);
    }

    ResearchLoop.Builder loop(ProgramSpec spec, String... scores) {
        return ResearchLoop.builder().repository(repo.root()).tag("t1").program(spec)
                .strategy(ScriptedStrategy.writing("score.txt", scores)).runner(runner).metrics(SimpleMetrics.summaryLines());
    }

    @Test
    void reachingTheTargetStops() {
        ResearchReport report = loop(spec(StopCriteria.DEFAULT.withTarget(6)).build(), "8", "6", "5", "4").build().run();
        assertThat(report.state().experimentsRun()).isEqualTo(2);
        assertThat(report.stopReason().message()).isEqualTo("reached the target score 6.0 (best 6.0)");
    }

    @Test
    void patienceStopsAfterThatManyExperimentsWithoutAKeep() {
        ResearchReport report = loop(spec(StopCriteria.DEFAULT.withPatience(2)).build(), "8", "9", "12", "1").build().run();
        assertThat(report.state().history()).extracting(ExperimentRecord::status)
                .containsExactly(Status.KEEP, Status.KEEP, Status.DISCARD, Status.DISCARD);
        assertThat(report.stopReason().message()).contains("patience");
    }

    @Test
    void maxDurationCountsTheActiveTimeOfEveryExperiment() {
        AtomicLong seconds = new AtomicLong();
        InstantSource clock = () -> Instant.EPOCH.plusSeconds(seconds.getAndAdd(20)); // each reading: 20 s later
        ResearchReport report = loop(spec(StopCriteria.DEFAULT.withMaxDuration(Duration.ofMinutes(2))).build(),
                Collections.nCopies(50, "9").toArray(String[]::new)).clock(clock).build().run();

        assertThat(report.stopReason().message()).isEqualTo("reached max-duration (2m00s)");
        assertThat(report.state().activeTime()).isGreaterThanOrEqualTo(Duration.ofMinutes(2));
        Duration beforeLast = report.state().activeTime().minus(report.state().last().orElseThrow().duration());
        assertThat(beforeLast).as("it stops at the first check past the limit").isLessThan(Duration.ofMinutes(2));
    }

    @Test
    void tenFailuresInARowStopTheSessionByDefault() {
        assertThat(StopCriteria.DEFAULT.crashStreak()).isEqualTo(10);
        String[] scores = new String[14];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = "crash " + i; // distinct changes, same failure
        }
        ResearchReport report = loop(spec(StopCriteria.DEFAULT).build(), scores).build().run();
        assertThat(report.state().experimentsRun()).isEqualTo(10);
        assertThat(report.state().failureStreak()).isEqualTo(10);
        assertThat(report.stopReason().message()).startsWith("10 experiments in a row crashed");
    }

    @Test
    void aMetricThatIsNotANumberIsACrash() {
        ResearchReport report = loop(spec(StopCriteria.DEFAULT.withMaxExperiments(1)).build(), "nan").build().run();
        ExperimentRecord r = report.state().history().get(1);
        assertThat(r.status()).isEqualTo(Status.CRASH);
        assertThat(r.metric()).isEmpty();
        assertThat(r.reason()).contains("metric 'score' not finite (nan)", "loss exploded");
    }

    @Test
    void theChecksRunWithTheirOwnTimeout() {
        loop(spec(StopCriteria.DEFAULT.withMaxExperiments(1)).timeout(Duration.ofMinutes(5)).checks("./test")
                .checksTimeout(Duration.ofSeconds(45)).build(), "8").build().run();
        assertThat(runner.requests()).filteredOn(r -> r.purpose() == RunRequest.Purpose.CHECKS)
                .extracting(RunRequest::timeout).containsOnly(Duration.ofSeconds(45));
        assertThat(runner.requests()).filteredOn(r -> r.purpose() == RunRequest.Purpose.EXPERIMENT)
                .extracting(RunRequest::timeout).containsOnly(Duration.ofMinutes(5));
    }

    @Test
    void aBaselineThatTimesOutStopsTheSessionWithItsLogTail() {
        repo.write("score.txt", "hang\n").commitAll("slow");
        assertThatThrownBy(() -> loop(spec(StopCriteria.DEFAULT).build(), "1").build().run())
                .isInstanceOf(BaselineFailedException.class).hasMessageContaining("timed out")
                .hasMessageContaining("epoch 1...");
    }

    @Test
    void aBaselineThatCrashesNamesItsCommandBeforeTheLogTailNotGluedOntoItsLastLine() {
        repo.write("score.txt", "crash\n").commitAll("broken");
        assertThatThrownBy(() -> loop(spec(StopCriteria.DEFAULT).build(), "1").build().run())
                .isInstanceOf(BaselineFailedException.class)
                .hasMessage("the baseline (the code unchanged) failed: exit code 1 running './train'; last lines of "
                        + "runs/0.log:\nTraceback\nFix the program or the run command, then start the session again.");
    }

    @Test
    void aBaselineWhoseChecksFailStopsTheSession() {
        repo.write("score.txt", "untested\n").commitAll("no tests pass");
        assertThatThrownBy(() -> loop(spec(StopCriteria.DEFAULT).checks("./test").build(), "1").build().run())
                .isInstanceOf(BaselineFailedException.class).hasMessageContaining("checks failed")
                .hasMessageContaining("FAILED test_accuracy").hasMessageContaining("runs/0.checks.log");
    }
}
