package dev.autoresearch.core.internal.git;

import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The patch the loop writes for a change it knows is the one git prints for it. */
class UnifiedDiffTest {
    @TempDir
    Path dir;

    static final String TRAIN = "import torch\n\nLR = 0.002\nWEIGHT_DECAY = 0.5\nWARMUP = 100\nDEPTH = 4\n\n"
            + "def train(model):\n    steps = 10\n    for i in range(steps):\n        model.step(LR)\n"
            + "    return model\n\n\nclass Trainer:\n    def run(self):\n        a = 1\n        b = 2\n"
            + "        c = 3\n        d = 4\n        e = 5\n        f = 6\n        g = 7\n        h = 8\n"
            + "        return a + b\n";

    @Test
    void aChangedValueAmongOthersIsDiffedAsGitDoes() {
        assertSameAsGit(Map.of("train.py", TRAIN), Map.of("train.py", TRAIN.replace("DEPTH = 4", "DEPTH = 6")));
        assertSameAsGit(Map.of("train.py", TRAIN), Map.of("train.py", TRAIN.replace("LR = 0.002", "LR = 0.003")
                .replace("WARMUP = 100", "WARMUP = 50")));
    }

    @Test
    void hunksFarApartStaySeparateAndNearOnesJoinWithTheFunctionAboveInTheirHeader() {
        assertSameAsGit(Map.of("train.py", TRAIN), Map.of("train.py", TRAIN.replace("import torch", "import numpy")
                .replace("h = 8", "h = 9")));
        assertSameAsGit(Map.of("train.py", TRAIN), Map.of("train.py", TRAIN.replace("b = 2", "b = 20")
                .replace("g = 7", "g = 70")));
        assertSameAsGit(Map.of("train.py", TRAIN), Map.of("train.py", TRAIN.replace("steps = 10", "steps = 20")));
    }

    @Test
    void linesAddedAndRemovedAtEitherEndAndTheLastLineFeedAreDiffedAsGitDoes() {
        assertSameAsGit(Map.of("train.py", TRAIN), Map.of("train.py", "# header\n" + TRAIN + "# footer\n"));
        assertSameAsGit(Map.of("train.py", TRAIN), Map.of("train.py", TRAIN.substring(TRAIN.indexOf('\n') + 1)
                .replace("        c = 3\n        d = 4\n", "")));
        assertSameAsGit(Map.of("train.py", TRAIN), Map.of("train.py", TRAIN.strip()));
        assertSameAsGit(Map.of("train.py", TRAIN.strip()), Map.of("train.py", TRAIN.strip() + " + c"));
        assertSameAsGit(Map.of("a.txt", "x\n"), Map.of("a.txt", "y\n"));
    }

    @Test
    void severalFilesInFoldersComeInGitsOrder() {
        Map<String, String> before = new LinkedHashMap<>();
        before.put("src/b.py", "B = 1\n");
        before.put("src-a.py", "A = 1\n");
        before.put("a/z.txt", "é = 1\n");
        Map<String, String> after = new LinkedHashMap<>();
        before.forEach((path, text) -> after.put(path, text.replace("1", "2")));
        assertSameAsGit(before, after);
    }

    @Test
    void aChangeWhoseCommittedBytesAreNotTheWrittenOnesIsDiffedByGit() throws Exception {
        TestRepo repo = TestRepo.init(dir.resolve("eol"));
        String from = repo.write(".gitattributes", "*.txt text eol=crlf\n").write("a.txt", "1\n").commitAll("one");
        Worktree view = WorktreeTest.viewAt(repo, from);
        WorktreeTest.Beside made = WorktreeTest.commitBeside(view, "a.txt", "2\n");

        assertThat(view.diff(from, made.commit(), made.before(), Map.of("a.txt", "2\n")))
                .isEqualTo(view.diff(from, made.commit()));
    }

    /** Commits {@code before} then {@code after} and compares the diff written here with git's. */
    void assertSameAsGit(Map<String, String> before, Map<String, String> after) {
        TestRepo repo = TestRepo.init(Path.of(dir.toString(), "r" + System.nanoTime()));
        before.forEach(repo::write);
        String from = repo.commitAll("before");
        after.forEach(repo::write);
        String to = repo.commitAll("after");
        List<UnifiedDiff.FileChange> files = new ArrayList<>();
        before.forEach((path, text) -> files.add(new UnifiedDiff.FileChange(path, "100644",
                text.getBytes(StandardCharsets.UTF_8), after.get(path).getBytes(StandardCharsets.UTF_8))));

        String mine = UnifiedDiff.of(files, false).orElseThrow();
        assertThat(mine.strip()).isEqualTo(repo.git("diff", "--no-color", from, to));

        LooseObjects loose = new LooseObjects(repo.root().resolve(".git/objects"));
        after.forEach((path, text) -> {
            String blob = repo.git("rev-parse", to + ":" + path);
            assertThat(loose.entryAt(to, path)).as("what lets the loop write it").hasValue(new LooseObjects.Entry("100644", blob));
            assertThat(UnifiedDiff.blobId(text.getBytes(StandardCharsets.UTF_8), false)).isEqualTo(blob);
        });
        Worktree view = WorktreeTest.viewAt(repo, to);
        Map<String, Optional<byte[]>> bytes = new LinkedHashMap<>();
        before.forEach((path, text) -> bytes.put(path, Optional.of(text.getBytes(StandardCharsets.UTF_8))));
        assertThat(view.diff(from, to, bytes, after)).as("read from the loose objects, as git's").isEqualTo(mine);
    }
}
