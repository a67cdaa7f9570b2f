package dev.autoresearch.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One run of a command for an experiment: what to run, where, for how long, on which devices, and
 * where its output goes.
 *
 * @param command          what to run
 * @param workingDirectory the experiment's worktree
 * @param timeout          after this the whole process tree is stopped
 * @param log              the file that receives stdout and stderr, interleaved
 * @param environment      variables added to the inherited environment
 * @param experiment       the experiment number, 0 for the baseline
 * @param purpose          what the run is for: {@link Purpose#EXPERIMENT} or {@link Purpose#CHECKS}
 * @param lane             the lane it runs on, from 1; lanes run side by side
 * @param devices          the accelerator ids this lane owns (empty: the runner's own setting)
 * @param onStarted        told how to find the run again ({@link RunTicket}), before the run can do
 *                         anything, and again as the runner learns more (a pid once the process
 *                         exists): each ticket replaces the one before. A runner calls it before the
 *                         command may start, so that a loop that dies meanwhile leaves no run it
 *                         cannot find; one that throws keeps the run from starting. Runners that
 *                         cannot be found again never call it
 */
public record RunRequest(
        Command command,
        Path workingDirectory,
        Duration timeout,
        Path log,
        Map<String, String> environment,
        int experiment,
        Purpose purpose,
        int lane,
        List<String> devices,
        Consumer<RunTicket> onStarted) {

    /** Why a command runs. */
    public enum Purpose {
        /** The program's {@code run} command, whose output holds the metrics. */
        EXPERIMENT,
        /** The program's {@code checks} command, which must pass for a keep. */
        CHECKS,
        /**
         * The program's {@code holdout} command, run from the user's checkout (the working directory)
         * on the code of a kept commit (the lane's worktree, in {@code AUTORESEARCH_WORKTREE}).
         */
        HOLDOUT
    }

    public RunRequest {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(onStarted, "onStarted");
        environment = Map.copyOf(environment);
        devices = List.copyOf(devices);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        if (experiment < 0) {
            throw new IllegalArgumentException("experiment must not be negative");
        }
        if (lane < 1) {
            throw new IllegalArgumentException("lane must be >= 1, got " + lane);
        }
    }

    /** A request on lane 1 with the runner's own devices, whose ticket nobody keeps. */
    public RunRequest(Command command, Path workingDirectory, Duration timeout, Path log,
                      Map<String, String> environment, int experiment, Purpose purpose) {
        this(command, workingDirectory, timeout, log, environment, experiment, purpose, 1, List.of(), ticket -> { });
    }
}
