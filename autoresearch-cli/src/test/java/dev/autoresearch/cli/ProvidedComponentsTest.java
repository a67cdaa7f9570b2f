package dev.autoresearch.cli;

import dev.autoresearch.core.testing.TestRepo;
import dev.autoresearch.host.UsageException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A runner and a strategy from a separate jar, named by AUTORESEARCH_CLASSPATH as a user names theirs,
 * run whole sessions through the command, chosen by name as the built-in ones are.
 */
class ProvidedComponentsTest {
    @TempDir
    static Path jars;

    static Path jar;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildTheJar() throws Exception {
        jar = ProviderJar.build(jars);
    }

    private static final String TUNED = """
            ---
            metric: score
            direction: minimize
            run: sh score.sh
            editable: [score.txt]
            tune:
              - file: score.txt
                name: SCORE
                range: [1, 10]
                scale: int
            stop:
              max-experiments: 3
            %s---
            Make the score small.
            """;

    private TestRepo repo(String program, String score) {
        TestRepo repo = TestRepo.init(dir.resolve("project"));
        String read = score.startsWith("SCORE") ? "sed -n 's/^SCORE = \\([0-9]*\\).*/score: \\1/p' score.txt\n"
                : "sed 's/^/score: /' score.txt\n";
        repo.write("score.txt", score).write("score.sh", read).write("program.md", program);
        repo.commitAll("initial");
        return repo;
    }

    private static Cli.Result run(TestRepo repo, Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(repo.root(), new PrintWriter(out, true), new PrintWriter(err, true), env,
                false, Main.components(env), InstantSource.system(), ShutdownHooks.none());
        return new Cli.Result(AutoresearchCommand.execute(context, args), out.toString(), err.toString());
    }

    private static String runLogs(TestRepo repo, String tag) throws Exception {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> logs = Files.list(repo.root().resolve(".autoresearch/" + tag + "/runs"))) {
            for (Path p : logs.sorted().toList()) {
                all.append(Files.readString(p));
            }
        }
        return all.toString();
    }

    @Test
    void aRunnerFromAJarNamedInProgramMdRunsTheSessionWithItsOwnSettings() throws Exception {
        TestRepo repo = repo(TUNED.formatted("runner: queue\nrunner-options:\n  queue: nightly\n"), "SCORE = 10\n");

        Cli.Result r = run(repo, Map.of("AUTORESEARCH_CLASSPATH", jar.toString()), "run", "--tag", "q");

        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).containsPattern("#0\\s+baseline\\s+score 10\\.000000\\s+keep")
                .containsPattern("#\\d\\s+SCORE 10 -> \\d+\\s+score \\d+\\.000000 .*keep")
                .contains("reached max-experiments (3)");
        assertThat(runLogs(repo, "q")).contains("queued on nightly: sh score.sh");
    }

    @Test
    void theRunnerFlagAndItsOptionFlagOverrideProgramMd() throws Exception {
        TestRepo repo = repo(TUNED.formatted("runner-options:\n  queue: nightly\n"), "SCORE = 10\n");

        Cli.Result r = run(repo, Map.of("AUTORESEARCH_CLASSPATH", jar.toString()), "run", "--tag", "q",
                "--runner", "queue", "--runner-option", "queue=urgent", "--max-experiments", "1");

        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(runLogs(repo, "q")).contains("queued on urgent").doesNotContain("nightly");
    }

    @Test
    void aRunnerWithoutTheSettingItNeedsSaysWhereToSetIt() {
        TestRepo repo = repo(TUNED.formatted("runner: queue\n"), "SCORE = 10\n");

        Cli.Result r = run(repo, Map.of("AUTORESEARCH_CLASSPATH", jar.toString()), "run", "--tag", "q");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("autoresearch: invalid value for runner option 'queue' (program.md's "
                + "runner-options, or --runner-option queue=VALUE): expected the queue's name, such as nightly");
        assertThat(repo.root().resolve(".autoresearch/q")).doesNotExist();
    }

    @Test
    void aStrategyFromAJarRunsTheSessionByName() {
        TestRepo repo = repo("""
                ---
                metric: score
                direction: minimize
                run: sh score.sh
                editable: [score.txt]
                stop:
                  max-experiments: 2
                ---
                Make the score small.
                """, "10\n");

        Cli.Result r = run(repo, Map.of("AUTORESEARCH_CLASSPATH", jar.toString()), "run", "--tag", "c",
                "--strategy", "countdown");

        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).containsPattern("#1\\s+count down to 9\\s+score 9\\.000000 .*keep")
                .containsPattern("#2\\s+count down to 8\\s+score 8\\.000000 .*keep")
                .doesNotContain("sandbox");
    }

    @Test
    void withoutTheJarTheNameIsUnknownAndTheNamesThereAreAreListed() {
        TestRepo repo = repo(TUNED.formatted("runner: queue\n"), "SCORE = 10\n");

        Cli.Result flag = run(repo, Map.of(), "run", "--tag", "q", "--strategy", "countdown");
        assertThat(flag.code()).isEqualTo(2);
        assertThat(flag.err()).startsWith("autoresearch: Invalid value for option '--strategy': expected 'tune' or "
                + "'llm', got 'countdown'\n  a strategy is found by name among the StrategyProviders on the class path");

        Cli.Result file = run(repo, Map.of(), "run", "--tag", "q");
        assertThat(file.code()).isEqualTo(2);
        assertThat(file.err()).startsWith("autoresearch: invalid value for 'runner' (program.md, or --runner): "
                + "expected 'local' or 'slurm', got 'queue'");
    }

    @Test
    void aMisspeltNameSuggestsTheNearest() {
        TestRepo repo = repo(TUNED.formatted(""), "SCORE = 10\n");

        Cli.Result r = run(repo, Map.of("AUTORESEARCH_CLASSPATH", jar.toString()), "run", "--runner", "queeu");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("autoresearch: Invalid value for option '--runner': expected 'local', 'slurm' or "
                + "'queue', got 'queeu'\n  did you mean 'queue'? a runner is found by name among the RunnerProviders on "
                + "the class path\n");
    }

    @Test
    void aClassPathEntryThatIsNotThereIsAUsageErrorNamingIt() {
        assertThatThrownBy(() -> Main.components(Map.of("AUTORESEARCH_CLASSPATH", jar + java.io.File.pathSeparator
                + dir.resolve("missing.jar"))))
                .isInstanceOf(UsageException.class)
                .hasMessage("AUTORESEARCH_CLASSPATH names " + dir.resolve("missing.jar") + ", which does not exist");
        assertThat(Main.components(Map.of("AUTORESEARCH_CLASSPATH", jars + "/*")).providers().runnerNames())
                .as("every jar in a folder").containsExactly("local", "slurm", "queue");
    }
}
