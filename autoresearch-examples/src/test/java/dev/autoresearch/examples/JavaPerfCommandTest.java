package dev.autoresearch.examples;

import dev.autoresearch.cli.AutoresearchCommand;
import dev.autoresearch.cli.CliContext;
import dev.autoresearch.host.DefaultComponents;
import dev.autoresearch.host.LoopComponents;
import dev.autoresearch.cli.ShutdownHooks;
import dev.autoresearch.core.ExperimentRunner;
import dev.autoresearch.core.MetricExtractor;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.RunResult;
import dev.autoresearch.core.testing.ScriptedStrategy;
import dev.autoresearch.core.tune.ParameterTuner;
import dev.autoresearch.runners.MetricExtractors;
import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The Java performance study (autoresearch-examples/java-perf) end to end: its program.md run by
 * the real command with the real process runner, so each experiment compiles the renderer, runs
 * JMH (short settings through {@code JMH_ARGS}) and the checks run {@code mvn test}. A scripted
 * strategy makes the two outcomes a user relies on deterministic: a larger template cache is
 * kept, and a change that is much faster but breaks a test ends {@code checks_failed}. The keeps
 * are decided on the bytes allocated per page, which JMH measures exactly, with the time recorded
 * beside it: a short timing run on a busy shared machine has measured the three times faster cache
 * as only 3% faster.
 */
class JavaPerfCommandTest {
    private static final String PROJECT = "autoresearch-examples/java-perf";
    private static final String RENDERER = PROJECT + "/src/main/java/org/example/perf/TemplateRenderer.java";
    private static final String METRIC = "RenderBenchmark.renderPage";
    private static final String ALLOCATION = METRIC + "/gc.alloc.rate.norm";

    @TempDir
    Path temp;

    @Test
    void aLargerCacheIsKeptAndAFasterRendererThatBreaksATestEndsChecksFailed() throws Exception {
        TestRepo repo = repository(temp.resolve("repo"));
        String renderer = repo.read(RENDERER);
        String largerCache = replace(renderer, "CACHE_SIZE = 2;", "CACHE_SIZE = 16;");
        // Renders each template once and returns that text ever after, whatever the values: far
        // faster, and wrong, which only the tests can tell.
        String memoized = replace(replace(largerCache,
                "    public String render(String template, Map<String, ?> values) {\n",
                "    private final Map<String, String> rendered = new java.util.HashMap<>();\n\n"
                        + "    public String render(String template, Map<String, ?> values) {\n"
                        + "        String done = rendered.get(template);\n"
                        + "        if (done != null) {\n"
                        + "            return done;\n"
                        + "        }\n"),
                "        return out.toString();\n",
                "        rendered.put(template, out.toString());\n        return out.toString();\n");
        ScriptedStrategy strategy = ScriptedStrategy.of(
                ScriptedStrategy.step("CACHE_SIZE 2 -> 16", Map.of(RENDERER, largerCache)),
                ScriptedStrategy.step("memoize each template's output", Map.of(RENDERER, memoized)));

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(repo.root().resolve(PROJECT), new PrintWriter(out, true),
                new PrintWriter(err, true), Map.of(), false, new Scripted(strategy), InstantSource.system(),
                ShutdownHooks.none());
        // This JDK's java and javac first on the runs' PATH; JMH as short as still gives a stable ranking.
        String path = Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator + System.getenv("PATH");
        // Greedy: one run each, so the last run of experiment 2 is the one whose result file is compared below.
        int code = AutoresearchCommand.execute(context, "run", "--tag", "perf", "--max-experiments", "2", "--keep", "greedy",
                "--metric", ALLOCATION, "--secondary", METRIC, "--env", "PATH=" + path,
                "--env", "JMH_ARGS=-f 1 -wi 2 -w 500ms -i 3 -r 500ms");

        assertThat(code).as(out + "\n" + err).isZero();
        Path session = repo.root().resolve(".autoresearch/perf");
        List<String[]> rows = Files.readAllLines(session.resolve("results.tsv")).stream()
                .map(l -> l.split("\t")).toList();
        assertThat(rows.get(0)).startsWith("commit", ALLOCATION, METRIC);
        assertThat(rows).as(out.toString()).hasSize(4);
        assertThat(status(rows.get(1))).isEqualTo("keep");
        assertThat(status(rows.get(2))).as(out.toString()).isEqualTo("keep");
        assertThat(status(rows.get(3))).as(out.toString()).isEqualTo("checks_failed");
        // The larger cache parses each template once: about a third fewer bytes per page (156 kB before).
        assertThat(Double.parseDouble(rows.get(2)[1])).as("bytes per page, kept")
                .isLessThan(0.8 * Double.parseDouble(rows.get(1)[1]));
        // The memoized renderer is far faster (it renders nothing after the first page), as the time column says.
        assertThat(Double.parseDouble(rows.get(3)[2])).as("us per page, memoized")
                .isLessThan(0.1 * Double.parseDouble(rows.get(1)[2]));
        assertThat(repo.git("show", "autoresearch/perf:" + RENDERER).strip()).isEqualTo(largerCache.strip());
        // What the checks printed: the test that the memoized renderer fails.
        assertThat(Files.readString(session.resolve("runs/2.checks.log")))
                .contains("theSameTemplateWithOtherValuesRendersTheOtherValues");

        // The METRIC lines bench.sh prints are JMH's result file, read by the library's JMH extractor.
        RunResult last = new RunResult(0, java.time.Instant.now().minus(Duration.ofHours(1)), Duration.ofHours(1), false, false, false, session.resolve("worktree"),
                session.resolve("runs/2.log"), "");
        Map<String, Double> json = MetricExtractors.jmh(PROJECT + "/target/jmh.json").extract(last).asMap();
        Map<String, Double> lines = MetricExtractors.defaults().extract(last).asMap();
        for (String name : List.of(METRIC, ALLOCATION)) {
            assertThat(lines.get(name)).as(name).isCloseTo(json.get(name), within(1e-3));
        }
        ProgramSpec spec = ProgramSpec.parse(repo.root().resolve(PROJECT + "/program.md")).build();
        assertThat(spec.metric()).isEqualTo(METRIC);
        // The tune list fits the renderer's constants, for the tuner that the README's command uses.
        ParameterTuner.create(spec.tune(), 0).validate(repo.root());
    }

    private static String status(String[] row) {
        return row[row.length - 2];
    }

    private static String replace(String text, String target, String replacement) {
        assertThat(text).contains(target);
        return text.replace(target, replacement);
    }

    /** A repository holding the java-perf project where it lies in this one, committed, without build outputs. */
    private static TestRepo repository(Path directory) throws IOException {
        TestRepo repo = TestRepo.init(directory);
        Path project = Demo.root().resolve(PROJECT);
        try (Stream<Path> files = Files.walk(project)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String relative = project.relativize(file).toString().replace(File.separatorChar, '/');
                if (!relative.startsWith("target/") && !relative.startsWith(".autoresearch/")) {
                    repo.write(PROJECT + "/" + relative, Files.readString(file));
                }
            }
        }
        Files.setPosixFilePermissions(directory.resolve(PROJECT + "/bench.sh"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        repo.commitAll("The java-perf example");
        return repo;
    }

    /** The command's default runner and metric reader, with the scripted strategy. */
    private static final class Scripted implements LoopComponents {
        private final DefaultComponents defaults = new DefaultComponents(Map.of());
        private final ScriptedStrategy strategy;

        Scripted(ScriptedStrategy strategy) {
            this.strategy = strategy;
        }

        @Override
        public ExperimentRunner runner(String name, dev.autoresearch.host.RunnerContext context) {
            return defaults.runner(name, context);
        }

        @Override
        public MetricExtractor metrics() {
            return defaults.metrics();
        }

        @Override
        public Strategy strategy(StrategySettings settings, ProgramSpec spec, Path workingDirectory) {
            return Strategy.of(strategy);
        }
    }
}
