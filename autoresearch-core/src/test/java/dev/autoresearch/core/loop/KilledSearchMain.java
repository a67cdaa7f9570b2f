package dev.autoresearch.core.loop;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs {@link SearchLoopTest}'s session in a JVM of its own, so a test can kill it with SIGKILL: the
 * run of the experiment named in {@code hang-at} (beside the repository) writes the marker and hangs.
 */
public final class KilledSearchMain {
    private KilledSearchMain() {
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args[0]);
        int hangAt = Integer.parseInt(Files.readString(repo.resolveSibling("hang-at")).strip());
        SearchLoopTest.session(repo, hangAt);
    }
}
