package dev.autoresearch.core;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What happened when a command ran: outcomes are data, so a crash or a timeout is a result, not an
 * exception.
 *
 * @param exitCode         the process's exit code; for a process killed by a signal, 128 + signal
 * @param started          when the run started, by the runner's clock: a file the run was to write that
 *                         was last modified before then is a leftover, not this run's result
 * @param duration         wall-clock time from start to the end of the process tree
 * @param timedOut         true when the run hit its timeout and was stopped
 * @param killed           true when the process ended by a signal (ours or another's)
 * @param interrupted      true when the host cancelled the run (thread interrupt, JVM shutdown)
 * @param workingDirectory where it ran (metric extractors resolve result files against it)
 * @param log              the file holding its output
 * @param logTail          the last lines of the output, for error messages
 */
public record RunResult(
        int exitCode,
        Instant started,
        Duration duration,
        boolean timedOut,
        boolean killed,
        boolean interrupted,
        Path workingDirectory,
        Path log,
        String logTail) {

    public RunResult {
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(logTail, "logTail");
    }

    /** True when the process exited by itself with code 0. */
    public boolean succeeded() {
        return exitCode == 0 && !timedOut && !killed && !interrupted;
    }

    /** A one-line account for records and messages: {@code exit code 1}, {@code timed out after 10m}. */
    public String describe() {
        if (interrupted) {
            return "interrupted after " + Durations.format(duration);
        }
        if (timedOut) {
            return "timed out after " + Durations.format(duration);
        }
        if (killed) {
            return "killed by a signal (exit code " + exitCode + ")";
        }
        return "exit code " + exitCode;
    }
}
