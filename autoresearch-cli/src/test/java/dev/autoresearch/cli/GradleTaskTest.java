package dev.autoresearch.cli;

import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Gradle {@code JavaExec} task the README shows, run as Gradle would run it: {@code java}, the
 * task's JVM arguments, {@code -cp} the command's runtime classpath, the main class and the task's
 * arguments, in the project's directory. No Gradle here: the command line is built from the
 * snippet's text, so a snippet that stops working fails this test.
 */
class GradleTaskTest {
    private static final Pattern SNIPPET = Pattern.compile("```kotlin\\n(// build\\.gradle\\.kts.*?)```", Pattern.DOTALL);
    private static final Pattern CALL = Pattern.compile("\\b(mainClass\\.set|jvmArgs|args)\\(([^)]*)\\)");
    private static final Pattern STRING = Pattern.compile("\"([^\"]*)\"");

    @TempDir
    Path dir;

    @Test
    void theReadmesJavaExecTaskRunsASession() throws Exception {
        String snippet = snippet();
        String main = strings(snippet, "mainClass.set").get(0);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(strings(snippet, "jvmArgs"));
        command.add("-Dfile.encoding=UTF-8"); // as Gradle adds it
        command.addAll(List.of("-cp", runtimeClasspath(), main));
        command.addAll(strings(snippet, "args"));
        assertThat(command).contains("dev.autoresearch.cli.Main", "run", "--tag");

        TestRepo repo = TestRepo.init(dir.resolve("project"));
        repo.write("score.txt", "SCORE = 10\n").write("score.sh", "sed -n 's/^SCORE = \\([0-9]*\\).*/score: \\1/p' score.txt\n")
                .write("program.md", """
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
                          max-experiments: 2
                        ---
                        """);
        repo.commitAll("sample project");
        Path out = dir.resolve("task.out");
        Process p = new ProcessBuilder(command).directory(repo.root().toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the task ran for more than 120s:\n" + Files.readString(out));
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);

        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("autoresearch: session gradle on branch autoresearch/gradle (program.md: score, minimize)")
                .containsPattern("#1   SCORE 10 -> \\d+ ")
                .contains("autoresearch: stopped: reached max-experiments (2)");
        assertThat(repo.root().resolve(".autoresearch/gradle/journal.jsonl")).isRegularFile();
    }

    /** The Kotlin block of the README's Gradle section. */
    private static String snippet() throws Exception {
        Path readme = null;
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("README.md")) && Files.isDirectory(d.resolve("autoresearch-cli"))) {
                readme = d.resolve("README.md");
                break;
            }
        }
        assertThat(readme).as("the repository's README.md").isNotNull();
        Matcher m = SNIPPET.matcher(Files.readString(readme, StandardCharsets.UTF_8));
        assertThat(m.find()).as("a ```kotlin block starting with // build.gradle.kts in README.md").isTrue();
        return m.group(1);
    }

    /** The string arguments of every call of {@code function} in the snippet, in order. */
    private static List<String> strings(String snippet, String function) {
        List<String> values = new ArrayList<>();
        Matcher call = CALL.matcher(snippet);
        while (call.find()) {
            if (call.group(1).equals(function)) {
                Matcher s = STRING.matcher(call.group(2));
                while (s.find()) {
                    values.add(s.group(1));
                }
            }
        }
        return values;
    }

    /**
     * The command's runtime classpath, what the snippet's configuration resolves to: this module's
     * classes and its dependencies, without what only the tests use.
     */
    private static String runtimeClasspath() {
        List<String> entries = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("test-classes") && !e.contains("tests.jar"))
                .filter(e -> !e.matches(".*/(junit|assertj|opentest4j|apiguardian|surefire)[^/]*/.*"))
                .toList();
        assertThat(entries).anyMatch(e -> e.replace('\\', '/').endsWith("autoresearch-cli/target/classes"));
        return String.join(File.pathSeparator, entries);
    }
}
