package dev.autoresearch.examples;

import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.testing.TestRepo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The demo as the tests see it: the repository's program.md and a way to run Train.java. */
final class Demo {
    static final String TRAIN = "autoresearch-examples/demo/Train.java";
    private static final Pattern SUMMARY_LINE = Pattern.compile("^([a-z_]+):\\s+(\\S+)$", Pattern.MULTILINE);

    private Demo() {
    }

    /** The repository root: the nearest directory above the working directory with a program.md. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("program.md"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no program.md above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** The root program.md, read by the library's parser. */
    static ProgramSpec spec() {
        return ProgramSpec.parse(root().resolve("program.md")).build();
    }

    /** What one run printed: its exit status, its output, and the summary after the last "---". */
    record Run(int exit, String output, Map<String, String> summary) {
        double metric(String name) {
            String v = summary.get(name);
            return v == null ? Double.NaN : Double.parseDouble(v);
        }
    }

    private static Run baseline;

    /** One run of the committed Train.java, shared by the tests of this JVM. */
    static synchronized Run baseline() {
        if (baseline == null) {
            baseline = run(root().resolve(TRAIN).getParent());
        }
        return baseline;
    }

    /** A new git repository in {@code directory} holding the root program.md and the demo, committed. */
    static TestRepo repository(Path directory) throws IOException {
        TestRepo repo = TestRepo.init(directory);
        repo.write("program.md", Files.readString(root().resolve("program.md")));
        repo.write(TRAIN, Files.readString(root().resolve(TRAIN)));
        repo.commitAll("The demo");
        return repo;
    }

    /** Runs {@code java Train.java} in {@code directory} with this JDK, as a user would, for at most 2 minutes. */
    static Run run(Path directory) {
        return run(directory, Duration.ofMinutes(2));
    }

    /**
     * Runs {@code java Train.java} in {@code directory}, stopping it after {@code limit}.
     *
     * @throws IllegalStateException when it ran longer
     */
    static Run run(Path directory, Duration limit) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = null;
        try {
            // The output goes to a file, so the wait below is what bounds the run, not a read.
            log = Files.createTempFile("train", ".log");
            Process p = new ProcessBuilder(java.toString(), "Train.java").directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("Train.java ran for more than " + limit.toSeconds() + "s");
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Map<String, String> summary = new LinkedHashMap<>();
            int last = output.lastIndexOf("\n---\n");
            if (last >= 0) {
                Matcher m = SUMMARY_LINE.matcher(output.substring(last + 5));
                while (m.find()) {
                    summary.put(m.group(1), m.group(2));
                }
            }
            return new Run(p.exitValue(), output, summary);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }
}
