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
        repo.git("checkout", "-q", "--detach", base);
        for (int i = 0; i < files.length; i += 2) {
            repo.write(files[i], files[i + 1]);
        }
        String commit = repo.commitAll("change");
        return ChangedLines.of(repo.git("diff", base, commit) + "\n");
    }

    @Test
    void anotherValueOnTheSameLineIsAnAlternativeAndANeighbouringLineIsNot() {
        ChangedLines depth6 = change("train.py", "LR = 0.002\nDEPTH = 6\nWARMUP = 10\n");
        ChangedLines depth5 = change("train.py", "LR = 0.002\nDEPTH = 5\nWARMUP = 10\n");
        ChangedLines warmup = change("train.py", "LR = 0.002\nDEPTH = 4\nWARMUP = 20\n");

        assertThat(depth5.within(depth6)).isTrue();
        assertThat(depth6.within(depth5)).isTrue();
        assertThat(warmup.within(depth6)).as("adjacent lines conflict in git but are not the same change").isFalse();
        assertThat(depth6.within(warmup)).isFalse();
    }

    @Test
    void aChangeCoversTheLinesItChangesAndNoMore() {
        ChangedLines both = change("train.py", "LR = 0.004\nDEPTH = 6\nWARMUP = 10\n");
        ChangedLines one = change("train.py", "LR = 0.002\nDEPTH = 8\nWARMUP = 10\n");
        ChangedLines elsewhere = change("train.py", "LR = 0.002\nDEPTH = 8\nWARMUP = 10\n", "notes.txt", "a\nc\n");
        ChangedLines rewritten = change("train.py", "LR = 0.002\nDEPTH = 8  # deeper\nBLOCKS = 2\nWARMUP = 10\n");
        ChangedLines extended = change("train.py", "LR = 0.002\nDEPTH = 8\nWARMUP = 10\nBLOCKS = 2\n");

        assertThat(one.within(both)).isTrue();
        assertThat(both.within(one)).isFalse();
        assertThat(elsewhere.within(both)).as("it also changes another file").isFalse();
        assertThat(one.within(rewritten)).isTrue();
        assertThat(rewritten.within(one)).as("lines written in place of DEPTH's are another version of it").isTrue();
        assertThat(extended.within(one)).as("it also adds a line after WARMUP").isFalse();
    }

    @Test
    void insertionsAtOnePlaceAreAlternativesAndNothingChangedCoversNothing() {
        ChangedLines insert = change("train.py", "LR = 0.002\nDEPTH = 4\nDROPOUT = 0.1\nWARMUP = 10\n");
        ChangedLines other = change("train.py", "LR = 0.002\nDEPTH = 4\nDROPOUT = 0.2\nWARMUP = 10\n");
        ChangedLines later = change("train.py", "LR = 0.002\nDEPTH = 4\nWARMUP = 10\nDROPOUT = 0.1\n");
        ChangedLines newFile = change("extra.py", "X = 1\n");
        ChangedLines otherNewFile = change("extra.py", "X = 2\n");

        assertThat(other.within(insert)).isTrue();
        assertThat(later.within(insert)).isFalse();
        assertThat(otherNewFile.within(newFile)).isTrue();
        assertThat(ChangedLines.of("").within(insert)).isFalse();
    }
}
