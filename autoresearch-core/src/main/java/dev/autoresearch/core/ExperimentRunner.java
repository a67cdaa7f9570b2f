package dev.autoresearch.core;

/**
 * Runs a command for an experiment and reports what happened.
 *
 * <p>Implementations stream the output to {@link RunRequest#log()}, stop the whole process tree
 * at the timeout, and return normally whatever the command does: a crash, a timeout or an interrupt
 * is a {@link RunResult}. When the calling thread is interrupted they stop the run, return a result
 * with {@code interrupted} set and leave the thread's interrupt flag set.
 * {@code dev.autoresearch.runners.ProcessRunner} is the subprocess implementation.
 *
 * <p>Threads: {@link #run} is called on the thread of the lane it serves; a runner shared by several
 * lanes gets overlapping calls, one per lane. {@link #reattach} is called on the loop's thread when a
 * session resumes, before any run.
 */
@FunctionalInterface
public interface ExperimentRunner {
    /** Runs the request to its end, its timeout or an interrupt. */
    RunResult run(RunRequest request);

    /**
     * Called when a session resumes, before anything touches the worktree, for a run that was in
     * flight when the loop that started it died, with the ticket this runner gave through
     * {@link RunRequest#onStarted()}. Return the run's result when it can still be had (it finished,
     * or it is still running and this call waits for it, as a cluster job may); otherwise make sure
     * nothing of it runs any more and return empty, and the loop runs it again. Returning empty with
     * the run still alive would put two runs side by side in one worktree. The ticket is the last
     * one given, which may be one given before the run's process existed. Does nothing by default.
     */
    default java.util.Optional<RunResult> reattach(RunRequest request, RunTicket ticket) {
        return java.util.Optional.empty();
    }

    /**
     * True when this runner confines every run to its worktree, as program.md's {@code sandbox: true}
     * asks ({@code ProcessRunner} built with a sandbox). A loop whose program asks for the sandbox
     * refuses to be built with a runner that says false, rather than run unconfined. False by default.
     */
    default boolean confinesRuns() {
        return false;
    }
}
