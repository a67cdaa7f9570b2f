package dev.autoresearch.core.loop;

import dev.autoresearch.core.testing.Separable;
import dev.autoresearch.core.testing.TwoOptima;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs {@link SearchLoopTest}'s session in a JVM of its own, so a test can kill it with SIGKILL: the
 * run of the experiment named in {@code hang-at} (beside the repository) writes the marker and hangs.
 * The landscape is {@link TwoOptima}, or {@link Separable} when a file {@code separable} lies beside
 * the repository.
 */
public final class KilledSearchMain {
    private KilledSearchMain() {
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args[0]);
        int hangAt = Integer.parseInt(Files.readString(repo.resolveSibling("hang-at")).strip());
        if (Files.exists(repo.resolveSibling("separable"))) {
            SearchLoopTest.session(repo, hangAt, Separable::score);
        } else {
            SearchLoopTest.session(repo, hangAt);
        }
    }
}
