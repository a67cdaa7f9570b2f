package dev.autoresearch.core.loop;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.StopCriteria;
import dev.autoresearch.core.testing.InProcessRunner;
import dev.autoresearch.core.testing.ScriptedStrategy;
import dev.autoresearch.core.testing.SimpleMetrics;
import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A loop that died after moving the branch for a keep but before journalling its record leaves
 * the branch one keep ahead of the journal: the resume puts it back, and the experiment runs again.
 */
class UnrecordedKeepTest {
    @TempDir
    Path dir;

    private static ResearchReport session(TestRepo repo, int experiments, String... scores) {
        ProgramSpec spec = ProgramSpec.builder().metric("score").direction(Direction.MINIMIZE).run("./score")
                .editable("score.txt").keep(dev.autoresearch.core.keep.KeepSettings.DEFAULT
                        .withRule(dev.autoresearch.core.keep.KeepSettings.Rule.GREEDY))
                .stop(StopCriteria.DEFAULT.withMaxExperiments(experiments)).build();
        return ResearchLoop.builder().repository(repo.root()).tag("u").program(spec)
                .strategy(ScriptedStrategy.writing("score.txt", scores))
                .runner(new InProcessRunner(r -> InProcessRunner.Outcome.ok(
                        "score: " + Files.readString(r.workingDirectory().resolve("score.txt")).strip() + "\n")))
                .metrics(SimpleMetrics.summaryLines()).build().run();
    }

    @Test
    void theResumePutsTheBranchBackOnTheLastRecordedKeep() throws Exception {
        TestRepo repo = TestRepo.init(dir.resolve("repo"));
        repo.write("score.txt", "10\n").commitAll("a score of 10");
        ExperimentRecord first = session(repo, 1, "9\n").state().history().get(1);
        // The keep of experiment 2 as the loop makes it, the branch moved, the record never written.
        Path worktree = repo.root().resolve(".autoresearch/u/worktree");
        Files.writeString(worktree.resolve("score.txt"), "8\n");
        TestRepo.gitIn(worktree, "commit", "-q", "-am",
                "set score.txt to 8\n\nAutoresearch-Experiment: 2\nAutoresearch-Status: keep");
        String dropped = repo.git("rev-parse", "autoresearch/u").strip();

        ResearchReport resumed = session(repo, 2, "9\n", "7\n");

        ExperimentRecord second = resumed.state().history().get(2);
        assertThat(second.status()).isEqualTo(Status.KEEP);
        assertThat(second.parent()).isEqualTo(first.commit());
        assertThat(repo.git("rev-parse", "autoresearch/u").strip()).isEqualTo(second.commit()).isNotEqualTo(dropped);
    }
}
