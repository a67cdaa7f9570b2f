package dev.autoresearch.core.internal.git;

import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Changes made by git on one commit, compared by the lines of that commit they change. */
class ChangedLinesTest {
    @TempDir
    Path dir;

    TestRepo repo;
    String base;

    @BeforeEach
    void setUp() {
        repo = TestRepo.init(dir.resolve("project"));
        base = repo.write("train.py", "LR = 0.002\nDEPTH = 4\nWARMUP = 10\n").write("notes.txt", "a\nb\n")
                .commitAll("initial");
    }

    /** The lines of {@code base} that the commit of {@code files} (pairs of path and content) on it changes. */
    private ChangedLines change(String... files) {
        return changeOn(base, files);
    }

    private ChangedLines changeOn(String from, String... files) {
        repo.git("checkout", "-q", "--detach", from);
        for (int i = 0; i < files.length; i += 2) {
            repo.write(files[i], files[i + 1]);
        }
        String commit = repo.commitAll("change");
        return ChangedLines.of(repo.git("diff", from, commit) + "\n");
    }

    @Test
    void anotherValueOnTheSameLineIsAnAlternativeAndANeighbouringLineIsNot() {
        ChangedLines depth6 = change("train.py", "LR = 0.002\nDEPTH = 6\nWARMUP = 10\n");
        ChangedLines depth5 = change("train.py", "LR = 0.002\nDEPTH = 5\nWARMUP = 10\n");
        ChangedLines warmup = change("train.py", "LR = 0.002\nDEPTH = 4\nWARMUP = 20\n");

        assertThat(depth5.within(depth6, true)).isTrue();
        assertThat(depth6.within(depth5, true)).isTrue();
        assertThat(warmup.within(depth6, true)).as("adjacent lines conflict in git but are not the same change").isFalse();
        assertThat(depth6.within(warmup, true)).isFalse();
    }

    @Test
    void aChangeCoversTheLinesItChangesAndNoMore() {
        ChangedLines both = change("train.py", "LR = 0.004\nDEPTH = 6\nWARMUP = 10\n");
        ChangedLines one = change("train.py", "LR = 0.002\nDEPTH = 8\nWARMUP = 10\n");
        ChangedLines elsewhere = change("train.py", "LR = 0.002\nDEPTH = 8\nWARMUP = 10\n", "notes.txt", "a\nc\n");
        ChangedLines rewritten = change("train.py", "LR = 0.002\nDEPTH = 8  # deeper\nBLOCKS = 2\nWARMUP = 10\n");
        ChangedLines extended = change("train.py", "LR = 0.002\nDEPTH = 8\nWARMUP = 10\nBLOCKS = 2\n");

        assertThat(one.within(both, true)).isTrue();
        assertThat(both.within(one, true)).isFalse();
        assertThat(elsewhere.within(both, true)).as("it also changes another file").isFalse();
        assertThat(one.within(rewritten, true)).isTrue();
        assertThat(rewritten.within(one, true)).as("lines written in place of DEPTH's are another version of it").isTrue();
        assertThat(extended.within(one, true)).as("it also adds a line after WARMUP").isFalse();
    }

    @Test
    void insertionsAtOnePlaceAreAlternativesAndNothingChangedCoversNothing() {
        ChangedLines insert = change("train.py", "LR = 0.002\nDEPTH = 4\nDROPOUT = 0.1\nWARMUP = 10\n");
        ChangedLines other = change("train.py", "LR = 0.002\nDEPTH = 4\nDROPOUT = 0.2\nWARMUP = 10\n");
        ChangedLines later = change("train.py", "LR = 0.002\nDEPTH = 4\nWARMUP = 10\nDROPOUT = 0.1\n");
        ChangedLines newFile = change("extra.py", "X = 1\n");
        ChangedLines otherNewFile = change("extra.py", "X = 2\n");

        assertThat(other.within(insert, true)).isTrue();
        assertThat(later.within(insert, true)).isFalse();
        assertThat(otherNewFile.within(newFile, true)).isTrue();
        assertThat(ChangedLines.of("").within(insert, true)).isFalse();
    }

    @Test
    void madeOnAnotherCommitTheSameLinesAreToldByTheirText() {
        ChangedLines depth6 = change("train.py", "LR = 0.002\nDEPTH = 6\nWARMUP = 10\n");
        repo.git("checkout", "-q", "--detach", base);
        String moved = repo.write("train.py", "import os\nLR = 0.002\nDEPTH = 4\nWARMUP = 10\n").commitAll("moved");
        ChangedLines depth5Below = changeOn(moved, "train.py", "import os\nLR = 0.002\nDEPTH = 5\nWARMUP = 10\n");
        ChangedLines warmupBelow = changeOn(moved, "train.py", "import os\nLR = 0.002\nDEPTH = 4\nWARMUP = 9\n");
        repo.git("checkout", "-q", "--detach", base);
        String deeper = repo.write("train.py", "LR = 0.002\nDEPTH = 5\nWARMUP = 10\n").commitAll("deeper");
        ChangedLines depth7 = changeOn(deeper, "train.py", "LR = 0.002\nDEPTH = 7\nWARMUP = 10\n");

        assertThat(depth5Below.within(depth6, false)).as("the DEPTH line, a line further down").isTrue();
        assertThat(depth5Below.within(depth6, true)).as("by place, another line").isFalse();
        assertThat(warmupBelow.within(depth6, false)).isFalse();
        assertThat(depth7.within(depth6, false)).as("the line it changes reads otherwise there").isFalse();
    }
}
