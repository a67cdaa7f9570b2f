package dev.autoresearch.llm;

import java.time.Duration;

/**
 * Waits between retries of a model request. Injected so that tests do not sleep; the default
 * sleeps the calling thread.
 */
@FunctionalInterface
public interface Sleeper {
    /** Waits for {@code duration}; an interrupt ends the wait. */
    void sleep(Duration duration) throws InterruptedException;

    /** Sleeps the calling thread. */
    static Sleeper system() {
        return duration -> Thread.sleep(duration.toMillis());
    }
}
