package dev.autoresearch.core.loop;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.SessionRemoval;
import dev.autoresearch.core.SessionSetupException;
import dev.autoresearch.core.StopCriteria;
import dev.autoresearch.core.internal.git.SessionWorktrees;
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
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A session's worktrees after it ends, and removing a session, also one whose folder was deleted by hand. */
class SessionRemovalTest {
    @TempDir
    Path dir;

    TestRepo repo;

    final InProcessRunner scoreRunner = new InProcessRunner(request -> Outcome.ok(
            "score: " + Files.readString(request.workingDirectory().resolve("score.txt")).strip() + "\n"));

    @BeforeEach
    void setUp() {
        repo = TestRepo.init(dir.resolve("project"));
        repo.write("score.txt", "10\n").write("program.md", "---\nmetric: score\n---\n");
        repo.commitAll("initial");
    }

    void runSession(String tag, int lanes) {
        ProgramSpec spec = ProgramSpec.builder().source(repo.root().resolve("program.md")).metric("score")
                .direction(Direction.MINIMIZE).run("./train").editable("score.txt")
                .stop(StopCriteria.DEFAULT.withMaxExperiments(4)).build();
        ResearchLoop.builder().repository(repo.root()).tag(tag).program(spec)
                .strategy(ScriptedStrategy.writing("score.txt", "9\n", "8\n", "7\n", "6\n")).runner(scoreRunner)
                .metrics(SimpleMetrics.summaryLines()).workers(lanes).build().run();
    }

    Path session(String tag) {
        return repo.root().resolve(".autoresearch").resolve(tag);
    }

    long registeredWorktrees() {
        return repo.git("worktree", "list", "--porcelain").lines().filter(l -> l.startsWith("worktree ")).count();
    }

    @Test
    void aSessionThatEndsLeavesOnlyItsFirstWorktreeRegistered() throws Exception {
        runSession("t1", 3);

        assertThat(SessionWorktrees.under(repo.root(), session("t1")))
                .containsExactly(session("t1").resolve("worktree").toRealPath());
        assertThat(registeredWorktrees()).isEqualTo(2); // the checkout and the session's worktree
        assertThat(session("t1").resolve("lanes")).isEmptyDirectory();
    }

    @Test
    void aSessionWhoseFolderWasDeletedIsRefusedWithoutLeavingAFolderAndTheAdviceWorksAsPrinted() throws Exception {
        runSession("t1", 1);
        SessionWorktrees.deleteTree(session("t1"));

        assertThatThrownBy(() -> runSession("t1", 1)).isInstanceOf(SessionSetupException.class)
                .hasMessageContaining("git branch -D autoresearch/t1");
        assertThat(session("t1")).doesNotExist();
        repo.git("branch", "-D", "autoresearch/t1");
        runSession("t1", 1);
        assertThat(session("t1").resolve("journal.jsonl")).isRegularFile();
    }

    @Test
    void removingASessionRemovesItsFolderWorktreesAndBranch() {
        runSession("t1", 2);
        runSession("t2", 1);

        SessionRemoval.Removed removed = SessionRemoval.remove(repo.root(), "t1", Optional.empty(), false);

        assertThat(removed.folder()).contains(session("t1"));
        assertThat(removed.worktrees()).isEqualTo(1);
        assertThat(removed.branch()).contains("autoresearch/t1");
        assertThat(session("t1")).doesNotExist();
        assertThat(repo.git("branch", "--list", "--format=%(refname:short)", "autoresearch/*").lines())
                .containsExactly("autoresearch/t2");
        assertThat(registeredWorktrees()).isEqualTo(2);
    }

    @Test
    void removingASessionWhoseFolderWasDeletedForgetsItsWorktreesAndCanKeepTheBranch() throws Exception {
        runSession("t1", 1);
        SessionWorktrees.deleteTree(session("t1"));

        SessionRemoval.Removed removed = SessionRemoval.remove(repo.root(), "t1", Optional.empty(), true);

        assertThat(removed.folder()).isEmpty();
        assertThat(removed.worktrees()).isEqualTo(1);
        assertThat(removed.branch()).isEmpty();
        assertThat(removed.branchKept()).contains("kept as asked");
        assertThat(registeredWorktrees()).isEqualTo(1);
        repo.git("branch", "-D", "autoresearch/t1"); // no worktree holds it any more
    }

    @Test
    void removingNothingSaysSo() {
        assertThatThrownBy(() -> SessionRemoval.remove(repo.root(), "nope", Optional.empty(), false))
                .isInstanceOf(SessionSetupException.class)
                .hasMessageStartingWith("there is no session 'nope' to remove");
    }
}
