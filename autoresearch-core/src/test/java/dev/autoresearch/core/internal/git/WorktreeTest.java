package dev.autoresearch.core.internal.git;

import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a session's worktree reads without asking git agrees with what git says. */
class WorktreeTest {
    @TempDir
    Path dir;

    @Test
    void headAndTreeOfACommitAreGitsWhetherTheCommitIsLooseOrPacked() {
        TestRepo repo = TestRepo.init(dir.resolve("project"));
        repo.write("a.txt", "1\n").commitAll("initial");
        GitWorkspace workspace = GitWorkspace.open(repo.root(), "t1");
        Worktree worktree = workspace.worktree(dir.resolve("project/.autoresearch/t1/worktree"));

        worktree.write(Map.of("a.txt", "2\n"));
        String loose = worktree.commit(List.of("a.txt"), "two");
        assertThat(loose).isEqualTo(TestRepo.gitIn(worktree.path(), "rev-parse", "HEAD"));
        assertThat(worktree.head()).isEqualTo(loose);
        assertThat(worktree.treeOf(loose)).isEqualTo(repo.git("rev-parse", loose + "^{tree}"));

        repo.git("gc", "--quiet", "--prune=now");
        assertThat(worktree.treeOf(loose)).isEqualTo(repo.git("rev-parse", loose + "^{tree}"));
        String initial = repo.git("rev-parse", "HEAD");
        assertThat(worktree.treeOf(initial)).isEqualTo(repo.git("rev-parse", initial + "^{tree}"));
    }

    @Test
    void theRefsFingerprintChangesWithEveryBranchAndHeadChangeAndOnlyThen() {
        TestRepo repo = TestRepo.init(dir.resolve("project"));
        String first = repo.write("a.txt", "1\n").commitAll("initial");
        String second = repo.write("a.txt", "2\n").commitAll("second");
        GitWorkspace workspace = GitWorkspace.open(repo.root(), "t1");

        String before = workspace.refsFingerprint().orElseThrow().all();
        repo.write("a.txt", "3\n");
        assertThat(workspace.refsFingerprint().orElseThrow().all()).as("a working file is no ref").isEqualTo(before);

        repo.git("branch", "-f", "autoresearch/t1", first);
        String moved = workspace.refsFingerprint().orElseThrow().all();
        assertThat(moved).isNotEqualTo(before);

        repo.git("pack-refs", "--all");
        String packed = workspace.refsFingerprint().orElseThrow().all();
        assertThat(packed).isNotEqualTo(moved);
        repo.git("update-ref", "refs/heads/autoresearch/t1", second);
        assertThat(workspace.refsFingerprint().orElseThrow().all()).isNotEqualTo(packed);

        String beforeHead = workspace.refsFingerprint().orElseThrow().all();
        repo.git("checkout", "--quiet", "--detach");
        assertThat(workspace.refsFingerprint().orElseThrow().all()).isNotEqualTo(beforeHead);
    }

    /** What lets the session guard take the loop's own keep without asking git: only the branch's own file changed. */
    @Test
    void theSessionBranchsOwnMoveIsToldApartFromAnyOtherRefChange() {
        TestRepo repo = TestRepo.init(dir.resolve("project"));
        String first = repo.write("a.txt", "1\n").commitAll("initial");
        String second = repo.write("a.txt", "2\n").commitAll("second");
        GitWorkspace workspace = GitWorkspace.open(repo.root(), "t2");
        repo.git("pack-refs", "--all");
        GitWorkspace.RefsFingerprint before = workspace.refsFingerprint().orElseThrow();

        workspace.moveBranch(workspace.branches().get("refs/heads/autoresearch/t2"), first);
        GitWorkspace.RefsFingerprint kept = workspace.refsFingerprint().orElseThrow();
        assertThat(kept.all()).isNotEqualTo(before.all());
        assertThat(kept.besidesBranch()).as("packed before, loose now: only its own file").isEqualTo(before.besidesBranch());
        assertThat(kept.branchFile()).isEqualTo(first);

        workspace.moveBranch(first, second);
        assertThat(workspace.refsFingerprint().orElseThrow().besidesBranch()).isEqualTo(before.besidesBranch());
        repo.git("branch", "other", first);
        assertThat(workspace.refsFingerprint().orElseThrow().besidesBranch()).as("another branch")
                .isNotEqualTo(before.besidesBranch());
        repo.git("branch", "-D", "other");
        assertThat(workspace.refsFingerprint().orElseThrow().besidesBranch()).isEqualTo(before.besidesBranch());
        repo.git("checkout", "--quiet", "--detach");
        assertThat(workspace.refsFingerprint().orElseThrow().besidesBranch()).as("the checkout's HEAD")
                .isNotEqualTo(before.besidesBranch());
    }

    /** A checkout of the commit a worktree is at still undoes what was changed there, tracked or not. */
    @Test
    void aCheckoutOfTheCommitAWorktreeIsAtPutsBackWhatChanged() throws Exception {
        TestRepo repo = TestRepo.init(dir.resolve("project"));
        String first = repo.write("a.txt", "1\n").write(".gitignore", "cache/\n").commitAll("initial");
        GitWorkspace workspace = GitWorkspace.open(repo.root(), "t3");
        Worktree worktree = workspace.worktree(dir.resolve("wt"));
        worktree.checkout(first);
        java.nio.file.Files.writeString(worktree.path().resolve("a.txt"), "changed\n");
        java.nio.file.Files.writeString(worktree.path().resolve("stray.txt"), "junk\n");
        java.nio.file.Files.createDirectories(worktree.path().resolve("cache"));
        java.nio.file.Files.writeString(worktree.path().resolve("cache/kept.bin"), "ignored\n");

        worktree.checkout(first);

        assertThat(worktree.path().resolve("a.txt")).hasContent("1");
        assertThat(worktree.path().resolve("stray.txt")).doesNotExist();
        assertThat(worktree.path().resolve("cache/kept.bin")).as("ignored files stay").exists();
        assertThat(worktree.changedPaths()).isEmpty();
        worktree.checkout(first);
        assertThat(worktree.head()).isEqualTo(first);
    }

    @Test
    void whatARunLeftIsGoneAfterTheNextCheckoutEvenWhereTheCommitTracksThatPath() throws Exception {
        TestRepo repo = TestRepo.init(dir.resolve("project"));
        repo.write(".gitignore", "*.o\n").write("a.txt", "1\n");
        String first = repo.commitAll("initial");
        String second = repo.write("out.txt", "committed\n").commitAll("track out.txt");
        GitWorkspace workspace = GitWorkspace.open(repo.root(), "t1");
        Worktree worktree = workspace.worktree(dir.resolve("project/.autoresearch/t1/worktree")).keeping(p -> p.equals("keep.bin"));
        worktree.checkout(first);

        worktree.removeUntracked(p -> p.equals("keep.bin"));
        // A run at the first commit writes files, tracked nowhere there, one of them ignored, one kept.
        java.nio.file.Files.writeString(worktree.path().resolve("out.txt"), "the run's\n");
        java.nio.file.Files.createDirectories(worktree.path().resolve("build/deep"));
        java.nio.file.Files.writeString(worktree.path().resolve("build/deep/x.o"), "o\n");
        java.nio.file.Files.writeString(worktree.path().resolve("keep.bin"), "kept\n");
        assertThat(worktree.changedTrackedPaths()).isEmpty();

        worktree.checkout(second);
        assertThat(worktree.path().resolve("out.txt")).hasContent("committed");
        assertThat(worktree.path().resolve("build")).doesNotExist();
        assertThat(worktree.path().resolve("keep.bin")).exists();
        assertThat(TestRepo.gitIn(worktree.path(), "status", "--porcelain", "--ignored")).isEqualTo("?? keep.bin");

        // Before the next run: what a run left at this commit is removed, the commit's files are not.
        worktree.removeUntracked(p -> p.equals("keep.bin"));
        java.nio.file.Files.writeString(worktree.path().resolve("new.o"), "o\n");
        java.nio.file.Files.createDirectories(worktree.path().resolve("tmp/empty"));
        assertThat(worktree.changedTrackedPaths()).isEmpty();
        worktree.removeUntracked(p -> p.equals("keep.bin"));
        assertThat(worktree.path().resolve("new.o")).doesNotExist();
        assertThat(worktree.path().resolve("tmp")).as("a folder a run left empty").doesNotExist();
        assertThat(worktree.path().resolve("out.txt")).hasContent("committed");
    }

    @Test
    void oneStatusTellsWrittenFilesGitIgnoresFromChangedAndUntrackedOnesAndWhatWasThereIsPutBack() throws Exception {
        TestRepo repo = TestRepo.init(dir.resolve("project"));
        String first = repo.write(".gitignore", "*.cache\nbuild/\n").write("a.txt", "1\n").commitAll("initial");
        GitWorkspace workspace = GitWorkspace.open(repo.root(), "t1");
        Worktree view = workspace.worktree(dir.resolve("project/.autoresearch/t1/view"));
        view.checkout(first);
        java.nio.file.Files.writeString(view.path().resolve("old.cache"), "a strategy's\n");
        List<String> paths = List.of("a.txt", "new.txt", "old.cache", "build/out.txt");

        Map<String, java.util.Optional<byte[]>> before = view.contents(paths);
        view.write(Map.of("a.txt", "2\n", "new.txt", "n\n", "old.cache", "x\n", "build/out.txt", "o\n"));
        Worktree.Changes changes = view.changes();
        assertThat(changes.tracked()).containsExactly("a.txt");
        assertThat(changes.untracked()).containsExactly("new.txt");
        assertThat(changes.ignoredOf(paths)).containsExactly("old.cache", "build/out.txt");

        view.putBack(before);
        assertThat(view.path().resolve("old.cache")).hasContent("a strategy's");
        assertThat(view.path().resolve("build/out.txt")).doesNotExist();
        assertThat(view.path().resolve("new.txt")).doesNotExist();
        assertThat(view.path().resolve("a.txt")).hasContent("1");
    }

    @Test
    void aChangeCommittedBesideTheViewLeavesItExactlyWhereItWas() throws Exception {
        TestRepo repo = TestRepo.init(dir.resolve("project"));
        String first = repo.write("a.txt", "1\n").write("b.txt", "b\n").commitAll("initial");
        Worktree view = viewAt(repo, first);

        String commit = commitBeside(view, "a.txt", "2\n").commit();

        assertThat(repo.git("rev-parse", commit + "^")).isEqualTo(first);
        assertThat(repo.git("show", commit + ":a.txt")).isEqualTo("2");
        assertThat(repo.git("show", commit + ":b.txt")).isEqualTo("b");
        assertThat(TestRepo.gitIn(view.path(), "rev-parse", "HEAD")).isEqualTo(first);
        assertThat(view.path().resolve("a.txt")).hasContent("1");
        assertThat(TestRepo.gitIn(view.path(), "status", "--porcelain", "--untracked-files=all", "--ignored"))
                .as("the files, the index and HEAD all as the commit it was at").isEmpty();
        assertThat(TestRepo.gitIn(view.path(), "diff", "--cached", "--name-only", first)).isEmpty();
    }

    /** A session's view of {@code repo}, at {@code commit}. */
    static Worktree viewAt(TestRepo repo, String commit) {
        Worktree view = GitWorkspace.open(repo.root(), "t1").worktree(repo.root().resolve(".autoresearch/t1/view"));
        view.checkout(commit);
        return view;
    }

    /** What {@link #commitBeside} made: the commit, and what the file held before. */
    record Beside(String commit, Map<String, java.util.Optional<byte[]>> before) {
    }

    /** Writes {@code text} to {@code file} in {@code view} and commits it beside the view. */
    static Beside commitBeside(Worktree view, String file, String text) {
        Map<String, java.util.Optional<byte[]>> before = view.contents(List.of(file));
        view.write(Map.of(file, text));
        return new Beside(view.commitTrackedBeside(List.of(file), "two", before).orElseThrow(), before);
    }
}
