package dev.autoresearch.core.internal.loop;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** Waiting for the loop's own threads to end, without losing the caller's interrupt. */
final class Threads {
    /** Longer than a runner's grace period, so a run that is being stopped can end. */
    private static final long WAIT_SECONDS = 120;

    private Threads() {
    }

    static void awaitQuietly(ExecutorService executor) {
        boolean interrupted = Thread.interrupted();
        try {
            while (true) {
                try {
                    executor.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS);
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
