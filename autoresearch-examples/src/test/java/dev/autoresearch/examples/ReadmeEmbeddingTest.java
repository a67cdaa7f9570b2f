package dev.autoresearch.examples;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.journal.Journal;
import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "loop in ten lines of Java", read from README.md (the {@code java} block under
 * "Embedding") so the two cannot drift, compiled as the body of a {@code main} and run in the
 * directory of a small project, as its {@code Path.of(".")} expects. The project's benchmark writes
 * its throughput to a file: a metric the standard extractors do not read, so the snippet's own
 * extractor reads it.
 */
class ReadmeEmbeddingTest {
    /** What the snippet needs imported; the README leaves imports out. */
    private static final String IMPORTS = String.join("\n",
            "import dev.autoresearch.core.*;",
            "import dev.autoresearch.core.tune.ParameterTuner;",
            "import dev.autoresearch.runners.*;",
            "import java.nio.file.*;");

    @TempDir
    Path temp;

    @Test
    void theReadmeSnippetRunsAndKeepsWhatRaisesTheHostsOwnMetric() throws Exception {
        TestRepo repo = TestRepo.init(temp.resolve("service"));
        repo.write("config.py", "BATCH = 8  # requests per batch\n")
                .write("bench.sh", "batch=$(sed -n 's/^BATCH = \\([0-9]*\\).*/\\1/p' config.py)\n"
                        + "echo \"benchmarking batch $batch\"\n"
                        + "echo $(( batch * (100 - batch) )) > tps.txt\n")
                .write("program.md", String.join("\n", "---", "metric: tok_per_s", "direction: maximize",
                        "run: sh bench.sh", "stop: {max-experiments: 6}",
                        "tune: [{file: config.py, name: BATCH, range: [1, 99], scale: int}]", "---",
                        "Raise the throughput.", ""))
                .write(".gitignore", "tps.txt\n");
        repo.commitAll("a service with a benchmark");

        String output = runSnippet(readmeSnippet(), repo.root());

        List<String> lines = output.lines().toList();
        String last = lines.get(lines.size() - 1);
        assertThat(last).as(output).matches("736\\.0 -> \\d+\\.0");
        assertThat(Double.parseDouble(last.substring(last.indexOf("->") + 3))).isGreaterThan(8 * 92);
        List<ExperimentRecord> records = Journal.read(repo.root().resolve(".autoresearch/nov28/journal.jsonl")).records();
        assertThat(records).hasSize(7);
        assertThat(records).filteredOn(r -> r.status() == Status.KEEP).hasSizeGreaterThan(1);
        assertThat(repo.git("show", "autoresearch/nov28:config.py")).doesNotContain("BATCH = 8 ");
    }

    /** The java block of README.md's "Embedding" section. */
    static String readmeSnippet() throws Exception {
        String readme = Files.readString(Demo.root().resolve("README.md"));
        int section = readme.indexOf("\n## Embedding");
        assertThat(section).as("README.md has an Embedding section").isNotNegative();
        int start = readme.indexOf("```java\n", section);
        assertThat(start).as("a java block under Embedding").isNotNegative();
        start += "```java\n".length();
        return readme.substring(start, readme.indexOf("```", start));
    }

    /** Compiles {@code body} as a main method on the test class path and runs it in {@code directory}; returns its output. */
    private String runSnippet(String body, Path directory) throws Exception {
        Path src = Files.createDirectories(temp.resolve("snippet"));
        Files.writeString(src.resolve("ReadmeSnippet.java"), IMPORTS + "\n\npublic class ReadmeSnippet {\n"
                + "    public static void main(String[] args) throws Exception {\n" + body + "    }\n}\n");
        String classPath = System.getProperty("java.class.path");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int compiled = javac.run(null, null, errors, "-proc:none", "-classpath", classPath, "-d", src.toString(),
                src.resolve("ReadmeSnippet.java").toString());
        assertThat(compiled).as("the README snippet compiles: %s", errors.toString(StandardCharsets.UTF_8)).isZero();

        Path log = temp.resolve("snippet.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", src + File.pathSeparator + classPath, "ReadmeSnippet")
                .directory(directory.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the README snippet ran for more than 2 minutes:\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }
}
