package dev.autoresearch.runners;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A host JVM for {@link ProcessTreeTest}: runs {@code sh tree.sh} in the given directory with a
 * long timeout, until the JVM is told to exit.
 */
public final class ShutdownHookFixture {
    private ShutdownHookFixture() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        ProcessRunner runner = ProcessRunner.builder()
                .gracePeriod(Duration.ofSeconds(1))
                .environment("TEST_TREE", args[1])
                .build();
        runner.run(Processes.request(dir, "sh tree.sh", Duration.ofMinutes(5)));
    }
}
