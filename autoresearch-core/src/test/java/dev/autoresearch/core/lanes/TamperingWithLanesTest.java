package dev.autoresearch.core.lanes;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchEvent;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.StopCriteria;
import dev.autoresearch.core.testing.InProcessRunner;
import dev.autoresearch.core.testing.InProcessRunner.Outcome;
import dev.autoresearch.core.testing.ScriptedStrategy;
import dev.autoresearch.core.testing.SimpleMetrics;
import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two lanes; experiment 2's run deletes the user's branch and goes on running. The check after lane
 * 1's run finds the deletion first: lane 1's #1, a real gain, must not be convicted for it.
 */
class TamperingWithLanesTest {
    @TempDir
    Path dir;

    @Test
    void aTamperFoundWithSeveralRunsInFlightConvictsOnlyTheRunItCanBeAttributedTo() {
        TestRepo repo = TestRepo.init(dir.resolve("project"));
        repo.write("a.txt", "10\n").write("b.txt", "10\n").write("program.md", "---\nmetric: score\n---\n")
                .commitAll("initial");
        String branch = repo.git("symbolic-ref", "--short", "HEAD");
        String tip = repo.git("rev-parse", "HEAD");
        // Ordered, not timed: #1's run ends only once #2's has deleted the branch, and #2's first run goes
        // on until #1 is recorded, so the check after #1 finds the deletion with both runs in flight.
        CountDownLatch deleted = new CountDownLatch(1);
        CountDownLatch firstRecorded = new CountDownLatch(1);
        InProcessRunner runner = new InProcessRunner(request -> {
            Path w = request.workingDirectory();
            if (request.experiment() == 2) {
                TestRepo.gitIn(repo.root(), "update-ref", "-d", "refs/heads/" + branch);
                deleted.countDown();
                assertThat(firstRecorded.await(60, TimeUnit.SECONDS)).isTrue();
            } else if (request.experiment() == 1) {
                assertThat(deleted.await(60, TimeUnit.SECONDS)).isTrue();
            }
            int a = Integer.parseInt(Files.readString(w.resolve("a.txt")).strip());
            int b = Integer.parseInt(Files.readString(w.resolve("b.txt")).strip());
            return Outcome.ok("score: " + (a + b) + "\n");
        });
        ProgramSpec spec = ProgramSpec.builder().source(repo.root().resolve("program.md")).metric("score")
                .direction(Direction.MINIMIZE).run("./train").editable("a.txt", "b.txt")
                .stop(StopCriteria.DEFAULT.withMaxExperiments(2)).build();
        ResearchReport report = ResearchLoop.builder().repository(repo.root()).tag("t").program(spec)
                .strategy(ScriptedStrategy.of(ScriptedStrategy.step("a 9", Map.of("a.txt", "9\n")),
                        ScriptedStrategy.step("b 8", Map.of("b.txt", "8\n"))).ahead())
                .runner(runner).metrics(SimpleMetrics.summaryLines()).workers(2).listener(e -> {
                    if (e instanceof ResearchEvent.ExperimentFinished f && f.record().experiment() == 1) {
                        firstRecorded.countDown();
                    }
                }).build().run();

        ExperimentRecord innocent = report.state().record(1).orElseThrow();
        ExperimentRecord culprit = report.state().record(2).orElseThrow();
        assertThat(innocent.status()).as(innocent.reason()).isEqualTo(Status.KEEP);
        assertThat(culprit.status()).isEqualTo(Status.INVALID);
        assertThat(culprit.reason()).contains("branch " + branch + " (deleted)");
        assertThat(repo.git("rev-parse", branch)).isEqualTo(tip);
    }
}
