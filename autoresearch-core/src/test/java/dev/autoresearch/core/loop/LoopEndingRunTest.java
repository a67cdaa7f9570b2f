package dev.autoresearch.core.loop;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.PendingExperiment;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.RunRequest;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.StopCriteria;
import dev.autoresearch.core.journal.Journal;
import dev.autoresearch.core.journal.RunStart;
import dev.autoresearch.core.testing.InProcessRunner;
import dev.autoresearch.core.testing.ScriptedStrategy;
import dev.autoresearch.core.testing.SimpleMetrics;
import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run that kills the loop (it exhausts the machine's memory, say) is not run again at every
 * resume forever: once its runs have ended the loop twice, the resume records it as a crash and
 * goes on with the next experiment.
 */
class LoopEndingRunTest {
    @TempDir
    Path dir;

    @Test
    void anExperimentWhoseRunEndedTheLoopTwiceIsRecordedAsACrashOnResume() throws Exception {
        TestRepo repo = TestRepo.init(dir.resolve("repo"));
        repo.write("score.txt", "10\n").commitAll("a score of 10");
        InProcessRunner runner = new InProcessRunner(r -> InProcessRunner.Outcome.ok(
                "score: " + Files.readString(r.workingDirectory().resolve("score.txt")).strip() + "\n"));
        ResearchReport first = session(repo, runner, 0, "9\n");
        String base = first.state().history().get(0).commit();
        // Experiment 1, as a loop killed twice by its run leaves it: proposed, started twice, never measured.
        repo.git("checkout", "--quiet", "-b", "side");
        String commit = repo.write("score.txt", "1\n").commitAll("eat all the memory\n\nAutoresearch-Experiment: 1");
        repo.git("checkout", "--quiet", "-");
        Path journal = repo.root().resolve(".autoresearch/k/journal.jsonl");
        Instant at = Instant.parse("2026-12-01T00:00:00Z");
        try (Journal j = Journal.open(journal)) {
            j.appendProposal(PendingExperiment.builder().experiment(1).hypothesis(new Hypothesis("eat all the memory", ""))
                    .strategy("scripted").parent(base).commit(commit).proposedAt(at).build());
            for (int attempt = 0; attempt < 2; attempt++) {
                j.appendRun(new RunStart(1, 1, RunRequest.Purpose.EXPERIMENT, commit, at, Optional.empty()));
            }
        }

        ResearchReport resumed = session(repo, runner, 2, "7\n", "8\n");

        ExperimentRecord one = resumed.state().record(1).orElseThrow();
        assertThat(one.status()).isEqualTo(Status.CRASH);
        assertThat(one.reason()).contains("ended the loop twice");
        assertThat(runner.requests()).noneMatch(r -> r.experiment() == 1);
        assertThat(resumed.state().record(2).orElseThrow().status()).isEqualTo(Status.KEEP);
    }

    private static ResearchReport session(TestRepo repo, InProcessRunner runner, int experiments, String... scores) {
        ProgramSpec spec = ProgramSpec.builder().metric("score").direction(Direction.MINIMIZE).run("./score")
                .editable("score.txt").stop(StopCriteria.DEFAULT.withMaxExperiments(experiments)).build();
        return ResearchLoop.builder().repository(repo.root()).tag("k").program(spec)
                .strategy(ScriptedStrategy.writing("score.txt", scores)).runner(runner)
                .metrics(SimpleMetrics.summaryLines()).build().run();
    }
}
