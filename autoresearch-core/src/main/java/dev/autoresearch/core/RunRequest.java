package dev.autoresearch.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One run of a command for an experiment: what to run, where, for how long, and where its output
 * goes.
 *
 * @param command          what to run
 * @param workingDirectory the experiment's worktree
 * @param timeout          after this the whole process tree is stopped
 * @param log              the file that receives stdout and stderr, interleaved
 * @param environment      variables added to the inherited environment
 * @param experiment       the experiment number, 0 for the baseline
 * @param purpose          what the run is for: {@link Purpose#EXPERIMENT} or {@link Purpose#CHECKS}
 */
public record RunRequest(
        Command command,
        Path workingDirectory,
        Duration timeout,
        Path log,
        Map<String, String> environment,
        int experiment,
        Purpose purpose) {

    /** Why a command runs. */
    public enum Purpose {
        /** The program's {@code run} command, whose output holds the metrics. */
        EXPERIMENT,
        /** The program's {@code checks} command, which must pass for a keep. */
        CHECKS
    }

    public RunRequest {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(purpose, "purpose");
        environment = Map.copyOf(environment);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        if (experiment < 0) {
            throw new IllegalArgumentException("experiment must not be negative");
        }
    }
}
