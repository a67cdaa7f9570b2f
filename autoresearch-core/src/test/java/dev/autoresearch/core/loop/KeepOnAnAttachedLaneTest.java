package dev.autoresearch.core.loop;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.ResearchSession;
import dev.autoresearch.core.RunRequest;
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
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A keep decided on a resume, from runs the stopped session journalled, on a lane whose worktree the
 * last session left attached to the branch: the kept commit is made beside the worktree, so the
 * branch moves to the candidate's code with the candidate's message, and nothing else moves it.
 */
class KeepOnAnAttachedLaneTest {
    @TempDir
    Path dir;

    @Test
    void theKeptCommitHoldsTheCandidatesCodeAndTheBranchMovesOnce() throws Exception {
        TestRepo repo = TestRepo.init(dir.resolve("project"));
        repo.write("a.txt", "10\n").write("program.md", "---\nmetric: score\n---\n").commitAll("initial");
        ScriptedStrategy strategy = ScriptedStrategy.writing("a.txt", "9\n", "8\n");
        InProcessRunner score = new InProcessRunner(r -> Outcome.ok("score: " + Files.readString(r.workingDirectory()
                .resolve("a.txt"))));
        // One session that ends normally (its first lane is left on the branch) ...
        ResearchLoop.builder().repository(repo.root()).tag("k").program(spec(repo, 1, true)).strategy(strategy)
                .runner(score).metrics(SimpleMetrics.summaryLines()).build().run();
        // ... then one stopped while #2's checks ran: #2's run is journalled, its verdict is not.
        CountDownLatch checking = new CountDownLatch(1);
        InProcessRunner hanging = new InProcessRunner(r -> {
            if (r.purpose() == RunRequest.Purpose.CHECKS && r.experiment() == 2) {
                checking.countDown();
                Thread.sleep(60_000);
            }
            return Outcome.ok("score: " + Files.readString(r.workingDirectory().resolve("a.txt")));
        });
        ResearchSession stopped = ResearchLoop.builder().repository(repo.root()).tag("k").program(spec(repo, 2, true))
                .strategy(strategy).runner(hanging).metrics(SimpleMetrics.summaryLines()).build().start();
        assertThat(checking.await(30, TimeUnit.SECONDS)).isTrue();
        stopped.cancel();
        stopped.await(Duration.ofSeconds(30)).orElseThrow();
        assertThat(repo.git("-C", ".autoresearch/k/worktree", "symbolic-ref", "HEAD")).isEqualTo("refs/heads/autoresearch/k");
        String before = repo.git("rev-parse", "autoresearch/k");

        // Resumed without checks: #2 is judged from its journalled run and kept on lane 1 at once.
        ResearchReport resumed = ResearchLoop.builder().repository(repo.root()).tag("k").program(spec(repo, 2, false))
                .strategy(strategy).runner(score).metrics(SimpleMetrics.summaryLines()).build().run();
        ExperimentRecord second = resumed.state().record(2).orElseThrow();
        assertThat(second.status()).as(second.reason()).isEqualTo(Status.KEEP);
        assertThat(repo.git("rev-parse", "autoresearch/k")).isEqualTo(second.commit());
        assertThat(repo.git("show", second.commit() + ":a.txt")).isEqualTo("8");
        assertThat(repo.git("log", "-1", "--format=%s", second.commit())).contains("set a.txt to 8");
        assertThat(repo.git("rev-parse", second.commit() + "^")).isEqualTo(before);
    }

    private static ProgramSpec spec(TestRepo repo, int experiments, boolean checks) {
        ProgramSpec.Builder b = ProgramSpec.builder().source(repo.root().resolve("program.md")).metric("score")
                .direction(Direction.MINIMIZE).run("./train").editable("a.txt")
                .stop(StopCriteria.DEFAULT.withMaxExperiments(experiments));
        return (checks ? b.checks("./checks") : b).build();
    }
}
