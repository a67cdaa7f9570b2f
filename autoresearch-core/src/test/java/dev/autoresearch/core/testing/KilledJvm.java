package dev.autoresearch.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs a session's main class in a JVM of its own and kills it with SIGKILL (no shutdown hook, no
 * finally block runs) once it says it is where the test wants it, as a crash or an OOM killer would.
 */
public final class KilledJvm {
    private KilledJvm() {
    }

    /**
     * Starts {@code main} with the arguments {@code repo} and {@code marker}, waits (two minutes at
     * most) until {@code ready} holds for the marker file, then kills it; its output goes to {@code log}.
     */
    public static void killWhen(Class<?> main, Path repo, Path marker, Path log, Predicate<Path> ready)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), main.getName(),
                repo.toString(), marker.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!(Files.exists(marker) && ready.test(marker)) && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(Files.exists(marker) && ready.test(marker)).as("child log: %s", Files.readString(log)).isTrue();
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
}
