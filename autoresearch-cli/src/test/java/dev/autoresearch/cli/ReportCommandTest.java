package dev.autoresearch.cli;

import dev.autoresearch.core.testing.TestRepo;
import dev.autoresearch.host.report.ProgressChart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReportCommandTest {
    @TempDir
    Path dir;

    /** A checkout in {@code dir}/project with score.txt and RunCommandTest's program, and a session run with {@code runArgs}. */
    static Cli ranSession(Path dir, String... runArgs) {
        TestRepo repo = TestRepo.init(dir.resolve("project"));
        repo.write("score.txt", "10\n").write("program.md", RunCommandTest.PROGRAM);
        repo.commitAll("initial");
        Cli cli = new Cli(repo.root());
        Cli.Result r = cli.run(runArgs);
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        return cli;
    }

    @Test
    void rewritesResultsTsvAndDrawsTheChart() throws Exception {
        Cli cli = ranSession(dir, "run", "--tag", "t1");
        Path root = cli.directory;
        Path session = root.resolve(".autoresearch/t1");
        Files.delete(session.resolve("results.tsv"));
        Files.delete(session.resolve("progress.png"));

        Cli.Result r = cli.run("report");

        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("autoresearch: report for session t1 (4 records)",
                "  results  .autoresearch/t1/results.tsv", "  chart    .autoresearch/t1/progress.png");
        List<String> tsv = Files.readAllLines(session.resolve("results.tsv"));
        assertThat(tsv).hasSize(5);
        assertThat(tsv.get(0)).isEqualTo("commit\tscore\tconfidence\tstatus\tdescription");
        assertThat(tsv.get(4)).endsWith("\t5.000000\t\tkeep\tset score.txt to 5"); // no confidence: a deterministic metric
        BufferedImage png = ImageIO.read(session.resolve("progress.png").toFile());
        assertThat(png.getWidth()).isEqualTo(ProgressChart.WIDTH);
        assertThat(png.getHeight()).isEqualTo(ProgressChart.HEIGHT);
    }

    @Test
    void fromASubdirectoryItFindsTheRepositoryRoot() throws Exception {
        TestRepo repo = TestRepo.init(dir.resolve("project"));
        Path root = repo.root();
        repo.write("score.txt", "10\n").write("program.md", RunCommandTest.PROGRAM).write("src/Main.java", "class Main {}\n");
        repo.commitAll("initial");
        assertThat(new Cli(root).run("run", "--tag", "t1", "--max-experiments", "1").code()).isEqualTo(0);

        Cli.Result r = new Cli(root.resolve("src")).run("report", "--tag", "t1");

        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains(root.resolve(".autoresearch/t1/results.tsv").toString());
    }

    @Test
    void withHtmlItWritesTheSessionsPage() throws Exception {
        Cli cli = ranSession(dir, "run", "--tag", "t1");
        Path root = cli.directory;
        Path page = root.resolve(".autoresearch/t1/report.html");
        assertThat(page).as("written during the run").isRegularFile();
        Files.delete(page);

        Cli.Result plain = cli.run("report");
        assertThat(page).doesNotExist();
        Cli.Result r = cli.run("report", "--html");

        assertThat(plain.out()).doesNotContain("page");
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("  page     .autoresearch/t1/report.html");
        assertThat(Files.readString(page)).contains("<title>autoresearch t1</title>", "\"title\":\"set score.txt to 5\"");
    }
}
