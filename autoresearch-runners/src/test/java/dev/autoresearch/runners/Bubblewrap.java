package dev.autoresearch.runners;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Makes sure {@code bwrap} is installed for the sandbox tests: runs the project's
 * {@code scripts/install-bubblewrap.sh} when it is missing, and skips the test with the reason
 * when it cannot be had, except on CI ({@code CI=true}), where that fails the test.
 */
final class Bubblewrap {
    private static volatile String missing;
    private static volatile boolean checked;

    private Bubblewrap() {
    }

    static synchronized void require() {
        if (!checked) {
            missing = find();
            checked = true;
        }
        if (missing != null) {
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail("bubblewrap is required on CI: " + missing);
            }
            Assumptions.abort("bubblewrap is not available: " + missing);
        }
    }

    private static String find() {
        if (onPath()) {
            return null;
        }
        Path script = Path.of("..", "scripts", "install-bubblewrap.sh").toAbsolutePath().normalize();
        if (!Files.isRegularFile(script)) {
            return "bwrap is not on the PATH and " + script + " is missing";
        }
        try {
            Process p = new ProcessBuilder("sh", script.toString()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return script + " did not finish in 10 minutes";
            }
            if (p.exitValue() != 0 || !onPath()) {
                String text = new String(out, StandardCharsets.UTF_8).strip();
                return script + " failed: " + text.substring(Math.max(0, text.length() - 300));
            }
            return null;
        } catch (IOException e) {
            return "could not run " + script + ": " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while installing it";
        }
    }

    private static boolean onPath() {
        return dev.autoresearch.runners.internal.Procs.onPath("bwrap").isPresent();
    }
}
