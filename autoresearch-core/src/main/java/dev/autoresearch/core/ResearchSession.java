package dev.autoresearch.core;

import java.time.Duration;
import java.util.Optional;

/**
 * A session started with {@link ResearchLoop#start()}, running on a thread of its own: what a build
 * tool or a service holds while the loop works.
 */
public interface ResearchSession {

    /**
     * Stops the session as Ctrl-C does: every lane's run is stopped (process trees included), the
     * experiments in flight stay proposed for a resume, and {@link #await()} returns the report.
     */
    void cancel();

    /**
     * Waits for the session to end.
     *
     * @return the report
     * @throws AutoresearchException what the loop threw (a failed baseline, a session in use, ...)
     * @throws InterruptedException  when the waiting thread is interrupted (the session goes on)
     */
    ResearchReport await() throws InterruptedException;

    /** Waits at most {@code timeout}; empty when the session is still running. */
    Optional<ResearchReport> await(Duration timeout) throws InterruptedException;

    /** The state as of the last record (empty before the session opened). */
    ResearchState state();

    /** True once the session has ended, normally or not. */
    boolean isDone();
}
