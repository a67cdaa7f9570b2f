package dev.autoresearch.core.loop;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.BaselineFailedException;
import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.StopCriteria;
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
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What an experiment's run or change can do to git, and what the loop does about it: the user's checkout stays whole. */
class WorkspaceSafetyTest {
    @TempDir
    Path dir;

    TestRepo repo;

    final InProcessRunner scoreRunner = new InProcessRunner(request -> Outcome.ok(
            "score: " + Files.readString(request.workingDirectory().resolve("score.txt")).strip() + "\n"));

    @BeforeEach
    void setUp() {
        repo = TestRepo.init(dir.resolve("project"));
        repo.write("score.txt", "10\n").write("sub/eval.sh", "echo evaluating\n").write(".gitignore", "*.cache\n")
                .write("program.md", "---\nmetric: score\n---\n");
        repo.commitAll("initial");
    }

    ProgramSpec.Builder spec() {
        return ProgramSpec.builder().source(repo.root().resolve("program.md"))
                .metric("score").direction(Direction.MINIMIZE).run("./train")
                .editable("**").readonly("sub/eval.sh");
    }

    ResearchLoop.Builder loop(ProgramSpec spec, ScriptedStrategy strategy) {
        return ResearchLoop.builder().repository(repo.root()).tag("t1").program(spec)
                .strategy(strategy).runner(scoreRunner).metrics(SimpleMetrics.summaryLines());
    }

    @Test
    void aRunThatDeletesTheWorktreesGitFileIsInvalidAndTheUsersCheckoutIsUntouched() throws Exception {
        repo.write("score.txt", "3\n").write("notes.txt", "my uncommitted notes\n");
        String statusBefore = repo.git("status", "--porcelain");
        InProcessRunner vandal = new InProcessRunner(request -> {
            Path wt = request.workingDirectory();
            if (request.experiment() == 1) {
                Files.delete(wt.resolve(".git"));
            }
            if (request.experiment() == 2) {
                Files.delete(wt.resolve(".git"));
                Files.createDirectories(wt.resolve(".git")); // as if the run had called 'git init'
            }
            return Outcome.ok("score: " + Files.readString(wt.resolve("score.txt")).strip() + "\n");
        });
        ResearchReport report = loop(spec().stop(StopCriteria.DEFAULT.withMaxExperiments(3)).build(),
                ScriptedStrategy.writing("score.txt", "9\n", "8\n", "7\n")).runner(vandal).build().run();

        assertThat(report.state().history()).extracting(ExperimentRecord::status)
                .containsExactly(Status.KEEP, Status.INVALID, Status.INVALID, Status.KEEP);
        assertThat(report.state().history().get(1).reason()).contains("git state");
        // The user's checkout: same branch, same uncommitted work.
        assertThat(repo.git("rev-parse", "--abbrev-ref", "HEAD")).isEqualTo("main");
        assertThat(repo.read("score.txt")).isEqualTo("3\n");
        assertThat(repo.read("notes.txt")).isEqualTo("my uncommitted notes\n");
        assertThat(repo.git("status", "--porcelain")).isEqualTo(statusBefore);
        // The worktree is a working worktree of the session branch again.
        assertThat(TestRepo.gitIn(report.worktree(), "symbolic-ref", "HEAD")).isEqualTo("refs/heads/autoresearch/t1");
        assertThat(repo.git("log", "--format=%s", "autoresearch/t1").lines()).containsExactly("set score.txt to 7", "initial");
    }

    @Test
    void aSessionKilledAfterItsRunDeletedTheGitFileResumesWithTheWorktreeRepaired() throws Exception {
        loop(spec().stop(StopCriteria.DEFAULT.withMaxExperiments(1)).build(), ScriptedStrategy.writing("score.txt", "9\n"))
                .build().run();
        Path worktree = repo.root().resolve(".autoresearch/t1/worktree");
        Files.delete(worktree.resolve(".git"));

        ResearchReport resumed = loop(spec().stop(StopCriteria.DEFAULT.withMaxExperiments(2)).build(),
                ScriptedStrategy.writing("score.txt", "9\n", "5\n")).build().run();
        assertThat(resumed.bestMetric().getAsDouble()).isEqualTo(5.0);
        assertThat(repo.git("rev-parse", "--abbrev-ref", "HEAD")).isEqualTo("main");
        assertThat(repo.read("score.txt")).isEqualTo("10\n");
    }

    @Test
    void aPathSpelledWithDotSegmentsIsCheckedAsTheFileItNames() {
        ResearchReport report = loop(spec().stop(StopCriteria.DEFAULT.withMaxExperiments(3)).build(), ScriptedStrategy.of(
                ScriptedStrategy.step("sneak past readonly", Map.of("sub/./eval.sh", "echo 0\n")),
                ScriptedStrategy.step("double slash", Map.of("sub//eval.sh", "echo 0\n")),
                ScriptedStrategy.step("dotted but fine", Map.of("./score.txt", "4\n")))).build().run();

        List<ExperimentRecord> h = report.state().history();
        assertThat(h.get(1).status()).isEqualTo(Status.INVALID);
        assertThat(h.get(1).reason()).contains("sub/eval.sh (readonly)");
        assertThat(h.get(2).status()).isEqualTo(Status.INVALID);
        assertThat(h.get(2).reason()).contains("sub/eval.sh (readonly)");
        assertThat(h.get(3).status()).isEqualTo(Status.KEEP);
        // The run never saw the tampered harness: only the two refused runs were skipped.
        assertThat(scoreRunner.requests()).extracting(r -> r.experiment()).containsExactly(0, 0, 0, 3);
    }

    @Test
    void aChangeToAFileGitIgnoresIsInvalidInsteadOfEndingTheSession() {
        ResearchReport report = loop(spec().stop(StopCriteria.DEFAULT.withMaxExperiments(2)).build(), ScriptedStrategy.of(
                ScriptedStrategy.step("write a cache", Map.of("score.txt", "4\n", "data.cache", "x\n")),
                ScriptedStrategy.step("plain", Map.of("score.txt", "5\n")))).build().run();

        ExperimentRecord first = report.state().history().get(1);
        assertThat(first.status()).isEqualTo(Status.INVALID);
        assertThat(first.reason()).contains("data.cache", "git ignores");
        assertThat(report.worktree().resolve("data.cache")).doesNotExist();
        assertThat(report.state().history().get(2).status()).isEqualTo(Status.KEEP);
    }

    @Test
    void aFailedBaselineRunsAgainOnTheFixCommittedAfterIt() {
        repo.write("score.txt", "crash\n").commitAll("break it");
        InProcessRunner runner = new InProcessRunner(request -> {
            String score = Files.readString(request.workingDirectory().resolve("score.txt")).strip();
            return score.equals("crash") ? Outcome.fail(1, "boom\n") : Outcome.ok("score: " + score + "\n");
        });
        ResearchLoop first = loop(spec().build(), ScriptedStrategy.writing("score.txt", "1\n")).runner(runner).build();
        assertThatThrownBy(first::run).isInstanceOf(BaselineFailedException.class);

        String fix = repo.write("score.txt", "10\n").commitAll("fix it");
        ResearchReport second = loop(spec().metric("score").stop(StopCriteria.DEFAULT.withMaxExperiments(1)).build(),
                ScriptedStrategy.writing("score.txt", "1\n")).runner(runner).build().run();

        assertThat(second.baselineMetric().getAsDouble()).isEqualTo(10.0);
        assertThat(second.state().history().get(0).commit()).isEqualTo(fix);
        assertThat(Journal.read(repo.root().resolve(".autoresearch/t1/journal.jsonl")).header().orElseThrow().baseCommit())
                .isEqualTo(fix);
        assertThat(repo.git("log", "--format=%s", "autoresearch/t1").lines())
                .containsExactly("set score.txt to 1", "fix it", "break it", "initial");
    }

    @Test
    void aBranchOfTheSameNameWithCommitsOfItsOwnIsNeverMoved() {
        repo.git("branch", "autoresearch/t1");
        repo.git("checkout", "--quiet", "autoresearch/t1");
        String theirs = repo.write("score.txt", "7\n").commitAll("their own work");
        repo.git("checkout", "--quiet", "main");
        repo.write("score.txt", "6\n").commitAll("main moves on");

        ResearchLoop loop = loop(spec().build(), ScriptedStrategy.writing("score.txt", "1\n")).build();
        assertThatThrownBy(loop::run).isInstanceOf(AutoresearchException.class)
                .hasMessageContaining("autoresearch/t1 already exists").hasMessageContaining("choose another tag");
        assertThat(repo.git("rev-parse", "autoresearch/t1")).isEqualTo(theirs);
    }

    @Test
    void aBranchThatIsAlreadyInHeadsHistoryIsMovedToHead() {
        repo.git("branch", "autoresearch/t1");
        String head = repo.write("score.txt", "6\n").commitAll("main moves on");
        ResearchReport report = loop(spec().stop(StopCriteria.DEFAULT.withMaxExperiments(0)).build(),
                ScriptedStrategy.writing("score.txt", "1\n")).build().run();
        assertThat(report.state().history().get(0).commit()).isEqualTo(head);
        assertThat(report.baselineMetric().getAsDouble()).isEqualTo(6.0);
    }
}
