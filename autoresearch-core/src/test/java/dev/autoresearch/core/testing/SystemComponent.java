package dev.autoresearch.core.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A program from the system's packages that a test needs ({@code bwrap}, say): when it is not on
 * the {@code PATH}, the project's install script under {@code scripts/} is run once; when it still
 * cannot be had, the test is skipped with the reason, or fails where {@code CI} is {@code true}, so
 * that CI proves the test ran.
 */
public final class SystemComponent {
    /** Why each program asked for is missing; empty once it is there. */
    private static final Map<String, Optional<String>> MISSING = new ConcurrentHashMap<>();

    private SystemComponent() {
    }

    /**
     * Makes sure {@code program} is on the {@code PATH}, running {@code scripts/<script>} of the
     * project if need be, or skips (fails on CI) the calling test.
     */
    public static void require(String program, String script) {
        Optional<String> missing = MISSING.computeIfAbsent(program, p -> install(p, script));
        if (missing.isPresent()) {
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(program + " is required on CI: " + missing.get());
            }
            Assumptions.abort(program + " is not available: " + missing.get());
        }
    }

    private static Optional<String> install(String program, String script) {
        if (onPath(program)) {
            return Optional.empty();
        }
        // tests run in a module's directory, one below the project's
        Path file = Path.of("..", "scripts", script).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            return Optional.of(program + " is not on the PATH and " + file + " is missing");
        }
        try {
            Process p = new ProcessBuilder("sh", file.toString()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return Optional.of(file + " did not finish in 10 minutes");
            }
            if (p.exitValue() != 0 || !onPath(program)) {
                String text = new String(out, StandardCharsets.UTF_8).strip();
                return Optional.of(file + " failed: " + text.substring(Math.max(0, text.length() - 300)));
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("could not run " + file + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while running " + file);
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return true;
            }
        }
        return false;
    }
}
