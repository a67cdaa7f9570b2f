package dev.autoresearch.examples;

import dev.autoresearch.cli.AutoresearchCommand;
import dev.autoresearch.cli.CliContext;
import dev.autoresearch.host.DefaultComponents;
import dev.autoresearch.cli.ShutdownHooks;
import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's demo command, {@code autoresearch run --tag demo}, end to end: the real command with
 * its default components (the tune strategy, the process runner, {@code java Train.java}) on a
 * repository holding the root program.md and the demo. What a user relies on: a line per
 * experiment, the summary, a best at least 10% below the baseline, the session's files, and the
 * same decisions from a second tag with the same (default) seed.
 */
class DemoCommandTest {
    private static final Pattern EXPERIMENT_LINE = Pattern.compile(
            "  #(\\d+) +(.+?) +val_loss (\\d+\\.\\d{6}) +(?:[+-]\\d+\\.\\d% +)?(keep|discard) +\\S+");
    private static final Pattern IMPROVEMENT = Pattern.compile(
            "  val_loss: baseline (\\d+\\.\\d+) -> best (\\d+\\.\\d+) \\(-\\d+\\.\\d%\\)");

    @TempDir
    Path temp;

    @Test
    void theReadmesDemoCommandFindsATenPercentGainAndTheSameSeedMakesTheSameDecisions() throws Exception {
        TestRepo repo = Demo.repository(temp.resolve("demo"));

        Result first = run(repo.root(), "first");
        Result second = run(repo.root(), "second");

        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.err()).isEmpty();
        List<String> lines = first.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("autoresearch: session first on branch autoresearch/first "
                + "(program.md: val_loss, minimize)");
        List<String> experiments = experimentLines(first);
        assertThat(experiments).as(first.out()).hasSize(13);
        for (int n = 0; n <= 12; n++) {
            Matcher m = EXPERIMENT_LINE.matcher(experiments.get(n));
            assertThat(m.matches()).isTrue();
            assertThat(m.group(1)).isEqualTo(Integer.toString(n));
            assertThat(m.group(2)).matches(n == 0 ? "baseline" : "[A-Z_]+ \\S+ -> \\S+");
        }

        assertThat(first.out()).contains("autoresearch: stopped: reached max-experiments (12)",
                "  12 experiments after the baseline, ", "  kept changes:",
                "  branch   autoresearch/first (worktree .autoresearch/first/worktree)",
                "  journal  .autoresearch/first/journal.jsonl",
                "  results  .autoresearch/first/results.tsv",
                "  patches  .autoresearch/first/patches/",
                "  chart    .autoresearch/first/progress.png",
                "  to take the result: git merge autoresearch/first");
        Matcher improvement = IMPROVEMENT.matcher(first.out());
        assertThat(improvement.find()).as(first.out()).isTrue();
        double baseline = Double.parseDouble(improvement.group(1));
        double best = Double.parseDouble(improvement.group(2));
        assertThat(best).as("best %s against baseline %s", best, baseline).isLessThanOrEqualTo(0.9 * baseline);

        Path session = repo.root().resolve(".autoresearch/first");
        assertThat(Files.readAllLines(session.resolve("results.tsv"))).hasSize(14);
        // The header and a record per experiment, besides the lines on proposals and runs under way.
        assertThat(Files.readAllLines(session.resolve("journal.jsonl"))).filteredOn(l -> l.contains("\"type\":\"experiment\""))
                .hasSize(13);
        assertThat(session.resolve("patches/12.diff")).isNotEmptyFile();
        assertThat(session.resolve("runs/12.log")).exists();
        assertThat(ImageIO.read(session.resolve("progress.png").toFile()).getWidth()).isEqualTo(1400);

        assertThat(second.code()).as(second.err()).isZero();
        assertThat(decisions(second)).as("the same seed, the same decisions").isEqualTo(decisions(first));
        assertThat(tsvDecisions(repo.root(), "second")).isEqualTo(tsvDecisions(repo.root(), "first"));
    }

    /** What the command printed and how it ended. */
    record Result(int code, String out, String err) {
    }

    /** The command as {@code ./autoresearch run --tag TAG} runs it in the repository, with the default seed. */
    private static Result run(Path repository, String tag) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // No model configured, whatever this machine's environment says: the default strategy is tune.
        CliContext context = new CliContext(repository, new PrintWriter(out, true), new PrintWriter(err, true),
                Map.of(), false, new DefaultComponents(Map.of()), InstantSource.system(), ShutdownHooks.none());
        // This JDK's java first on the runs' PATH, for 'java Train.java'.
        String path = Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator + System.getenv("PATH");
        int code = AutoresearchCommand.execute(context, "run", "--tag", tag, "--env", "PATH=" + path);
        return new Result(code, out.toString(), err.toString());
    }

    private static List<String> experimentLines(Result r) {
        return r.out().lines().filter(l -> EXPERIMENT_LINE.matcher(l).matches()).toList();
    }

    /** Each experiment line without its duration: number, hypothesis, metric, change and status. */
    private static List<String> decisions(Result r) {
        return experimentLines(r).stream().map(l -> l.replaceFirst(" +\\S+$", "")).toList();
    }

    /** The metric, status and description of results.tsv: not the commits, nor the timings. */
    private static List<String> tsvDecisions(Path repository, String tag) throws Exception {
        return Files.readAllLines(repository.resolve(".autoresearch/" + tag + "/results.tsv")).stream()
                .map(l -> l.split("\t"))
                .map(c -> c[1] + " " + c[c.length - 2] + " " + c[c.length - 1]).toList();
    }
}
