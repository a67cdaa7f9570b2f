package dev.autoresearch.cli;

import dev.autoresearch.core.testing.ScriptedStrategy;
import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The results.tsv that Karpathy's {@code analysis.ipynb} reads unchanged: it loads the table with
 * {@code pd.read_csv(sep="\t")}, converts the metric and {@code memory_gb} columns with
 * {@code pd.to_numeric(errors="coerce")} (an empty cell becomes NaN), upper-cases {@code status}
 * and compares it with KEEP, DISCARD and CRASH, and takes the first row as the baseline.
 */
class KarpathyTableTest {
    @TempDir
    Path dir;

    @Test
    void aComputedColumnGivesTheNotebooksHeaderAndNumericCells() throws Exception {
        TestRepo repo = TestRepo.init(dir.resolve("project"));
        // No front matter, as Karpathy's program.md: the flags are the contract.
        repo.write("score.txt", "2048\n").write("program.md", "Make the score small.\n");
        repo.commitAll("initial");
        Cli cli = new Cli(repo.root());
        cli.strategy = ScriptedStrategy.writing("score.txt", "1024\n", "crash\n", "4096\n");

        Cli.Result r = cli.run("run", "program.md", "--tag", "t1", "--metric", "score", "--direction", "minimize",
                "--run", "./train", "--editable", "score.txt", "--column", "memory_gb=score/1024",
                "--tune", "score.txt:SCORE=1..10", "--max-experiments", "3");

        assertThat(r.code()).as(r.err()).isEqualTo(0);
        List<String> table = Files.readAllLines(repo.root().resolve(".autoresearch/t1/results.tsv"));
        // The notebook reads its columns by name: the keep rule's confidence beside them changes nothing for it.
        assertThat(table.get(0)).isEqualTo("commit\tscore\tmemory_gb\tconfidence\tstatus\tdescription");
        assertThat(table).hasSize(5);
        assertThat(row(table, 1)).containsExactly("score 2048.000000", "memory_gb 2.000000", "status keep");
        assertThat(row(table, 2)).containsExactly("score 1024.000000", "memory_gb 1.000000", "status keep");
        // A crash has no values: empty cells, which the notebook reads as NaN and leaves out of its plot.
        assertThat(row(table, 3)).containsExactly("score ", "memory_gb ", "status crash");
        assertThat(row(table, 4)).containsExactly("score 4096.000000", "memory_gb 4.000000", "status discard");
        for (String line : table.subList(1, table.size())) {
            String[] cells = line.split("\t", -1);
            assertThat(cells).as(line).hasSize(6);
            assertThat(cells[0]).matches("[0-9a-f]{7}");
            assertThat(cells[1]).matches("|-?\\d+\\.\\d{6}");
            assertThat(cells[2]).matches("|-?\\d+\\.\\d{6}");
            assertThat(cells[3]).matches("|\\d\\.\\d{3}");
            assertThat(cells[4].toUpperCase()).isIn("KEEP", "DISCARD", "CRASH");
            assertThat(cells[5]).isNotEmpty();
        }
    }

    /** The metric, memory_gb and status cells of row {@code i}, each with its column name. */
    private static List<String> row(List<String> table, int i) {
        String[] cells = table.get(i).split("\t", -1);
        return List.of("score " + cells[1], "memory_gb " + cells[2], "status " + cells[4]);
    }
}
