package dev.autoresearch.core;

/**
 * Runs a command for an experiment and reports what happened.
 *
 * <p>Implementations stream the output to {@link RunRequest#log()}, stop the whole process tree
 * at the timeout, and return normally whatever the command does: a crash, a timeout or an interrupt
 * is a {@link RunResult}. When the calling thread is interrupted they stop the run, return a result
 * with {@code interrupted} set and leave the thread's interrupt flag set.
 * {@code dev.autoresearch.runners.ProcessRunner} is the subprocess implementation.
 */
@FunctionalInterface
public interface ExperimentRunner {
    /** Runs the request to its end, its timeout or an interrupt. */
    RunResult run(RunRequest request);
}
