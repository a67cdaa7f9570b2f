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

        String before = workspace.refsFingerprint().orElseThrow();
        repo.write("a.txt", "3\n");
        assertThat(workspace.refsFingerprint()).as("a working file is no ref").contains(before);

        repo.git("branch", "-f", "autoresearch/t1", first);
        String moved = workspace.refsFingerprint().orElseThrow();
        assertThat(moved).isNotEqualTo(before);

        repo.git("pack-refs", "--all");
        String packed = workspace.refsFingerprint().orElseThrow();
        assertThat(packed).isNotEqualTo(moved);
        repo.git("update-ref", "refs/heads/autoresearch/t1", second);
        assertThat(workspace.refsFingerprint().orElseThrow()).isNotEqualTo(packed);

        String beforeHead = workspace.refsFingerprint().orElseThrow();
        repo.git("checkout", "--quiet", "--detach");
        assertThat(workspace.refsFingerprint().orElseThrow()).isNotEqualTo(beforeHead);
    }
}
