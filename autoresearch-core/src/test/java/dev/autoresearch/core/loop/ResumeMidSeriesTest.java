package dev.autoresearch.core.loop;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.ResearchSession;
import dev.autoresearch.core.RunRequest;
import dev.autoresearch.core.StopCriteria;
import dev.autoresearch.core.journal.Journal;
import dev.autoresearch.core.journal.RunMeasured;
import dev.autoresearch.core.journal.SessionFiles;
import dev.autoresearch.core.testing.InProcessRunner;
import dev.autoresearch.core.testing.InProcessRunner.Outcome;
import dev.autoresearch.core.testing.ScriptedStrategy;
import dev.autoresearch.core.testing.SimpleMetrics;
import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session stopped while the significant rule is still asking for runs of an experiment (its own
 * and the champion's re-runs) goes on from the runs already made when it resumes: none is lost,
 * none is made again.
 */
class ResumeMidSeriesTest {
    /** The noise of run n of any commit: the same for both sessions. */
    private static final double[] NOISE = {0.0, 0.06, -0.05, 0.01, -0.03, 0.04, -0.02, 0.03, -0.04, 0.02, -0.01, 0.05};

    @TempDir
    Path dir;

    private static Outcome noisy(RunRequest request) throws Exception {
        double code = Double.parseDouble(Files.readString(request.workingDirectory().resolve("score.txt")).strip());
        int run = Integer.parseInt(request.environment().get("AUTORESEARCH_REPEAT"));
        return Outcome.ok("score: " + (code + NOISE[run % NOISE.length]) + "\n");
    }

    private static ResearchLoop loop(Path repo, String tag, InProcessRunner runner) {
        ProgramSpec spec = ProgramSpec.builder().metric("score").direction(Direction.MINIMIZE).run("./score")
                .timeout(Duration.ofSeconds(30)).editable("score.txt")
                .stop(StopCriteria.DEFAULT.withMaxExperiments(1)).build();
        return ResearchLoop.builder().repository(repo).tag(tag).program(spec)
                .strategy(ScriptedStrategy.writing("score.txt", "9.9\n")).runner(runner)
                // The reference session measured the same change from the same code: without fresh memory the
                // ideas ledger would refuse it in the session under test.
                .freshMemory(true)
                .metrics(SimpleMetrics.summaryLines()).build();
    }

    private static int completed(List<RunRequest> requests, int experiment) {
        return (int) requests.stream().filter(r -> r.experiment() == experiment).count();
    }

    @Test
    void theResumedSessionGoesOnFromTheRunsAlreadyMade() throws Exception {
        TestRepo repo = TestRepo.init(dir.resolve("repo"));
        repo.write("score.txt", "10\n").commitAll("a score of 10, measured with noise");

        // Uninterrupted, for reference: how many runs the series takes.
        InProcessRunner reference = new InProcessRunner(ResumeMidSeriesTest::noisy);
        ExperimentRecord whole = loop(repo.root(), "reference", reference).run().state().history().get(1);
        int seriesLength = completed(reference.requests(), 1);
        assertThat(seriesLength).as("an ambiguous change earns more runs, with re-runs of the champion")
                .isGreaterThanOrEqualTo(4);

        // Stopped when the fourth run of experiment 1 starts: three were made.
        AtomicReference<ResearchSession> first = new AtomicReference<>();
        InProcessRunner stopping = new InProcessRunner(request -> {
            if (request.experiment() == 1 && Integer.parseInt(request.environment().get("AUTORESEARCH_REPEAT")) == 4) {
                first.get().cancel();
                Thread.sleep(30_000);
            }
            return noisy(request);
        });
        first.set(loop(repo.root(), "series", stopping).start());
        ResearchReport stopped = first.get().await();
        assertThat(stopped.interrupted()).isTrue();
        SessionFiles files = SessionFiles.of(repo.root(), "series");
        List<RunMeasured> journalled = Journal.read(files.journal()).measured().get(1);
        assertThat(journalled).extracting(RunMeasured::run).containsExactly(1, 2, 3);

        InProcessRunner resuming = new InProcessRunner(ResumeMidSeriesTest::noisy);
        ExperimentRecord resumed = loop(repo.root(), "series", resuming).run().state().history().get(1);

        List<Integer> resumedRuns = new ArrayList<>();
        resuming.requests().stream().filter(r -> r.experiment() == 1)
                .forEach(r -> resumedRuns.add(Integer.parseInt(r.environment().get("AUTORESEARCH_REPEAT"))));
        assertThat(resumedRuns).as("the resumed session makes only the runs not made yet").first().isEqualTo(4);
        assertThat(3 + resumedRuns.size()).as("runs in all, against the uninterrupted series").isEqualTo(seriesLength);
        assertThat(resumed.status()).isEqualTo(whole.status());
        assertThat(resumed.metrics()).as("the same runs, so the same values and the same verdict")
                .isEqualTo(whole.metrics());
        assertThat(resumed.confidence()).isEqualTo(whole.confidence());
    }
}
