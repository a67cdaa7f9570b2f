package dev.autoresearch.runners.slurm;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The single-node Slurm cluster of {@code scripts/slurm-cluster.sh}, started once for all tests when
 * it is not running, and stopped after them when the tests started it. When it cannot be had the
 * tests are skipped with the reason, except when {@code CI} is {@code true}: there they fail, so that
 * CI proves they ran.
 */
public final class SlurmCluster implements BeforeAllCallback {
    /** The script's exit code when a cluster runs already but lacks what the tests need. */
    private static final int SCRIPT_UNSUITABLE = 3;
    private static final Object LOCK = new Object();
    private static String unavailable;
    private static boolean checked;

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (LOCK) {
            if (!checked) {
                checked = true;
                unavailable = bringUp(context);
            }
        }
        if (unavailable != null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("Slurm is needed on CI and could not be started: " + unavailable);
            }
            assumeTrue(false, "no Slurm cluster: " + unavailable);
        }
    }

    /** The node's name, which is the host name. */
    static String node() {
        return call(List.of("hostname", "-s")).output.strip();
    }

    private static String bringUp(ExtensionContext context) {
        Path script = script();
        if (script == null) {
            return "scripts/slurm-cluster.sh not found above " + Path.of("").toAbsolutePath();
        }
        Result status = call(List.of(script.toString(), "status"));
        if (status.exitCode == 0) {
            return null;
        }
        if (status.exitCode == SCRIPT_UNSUITABLE) {
            // A cluster runs already, but not one the tests can use; the script says what it lacks, in one line.
            return status.output.strip().lines().reduce((a, b) -> b).orElse("a running cluster lacks what the tests need");
        }
        Result start = call(List.of(script.toString(), "start"));
        if (start.exitCode != 0) {
            return "scripts/slurm-cluster.sh start failed (exit " + start.exitCode + "): " + start.output.strip();
        }
        // started here, so stopped here once every test has run
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(SlurmCluster.class,
                (AutoCloseable) () -> call(List.of(script.toString(), "stop")));
        return null;
    }

    private static Path script() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("scripts/slurm-cluster.sh");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    static Result call(List<String> command) {
        try {
            Path out = Files.createTempFile("slurm-cluster", ".out");
            try {
                Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                        .redirectOutput(out.toFile()).start();
                if (!p.waitFor(10, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    return new Result(-1, String.join(" ", command) + " did not end within 10 minutes");
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    record Result(int exitCode, String output) {
    }
}
