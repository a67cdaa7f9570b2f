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
        checkTimeout(timeout);
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(onStarted, "onStarted");
        environment = Map.copyOf(environment);
        devices = List.copyOf(devices);
        checkExperiment(experiment);
        checkLane(lane);
    }

    /**
     * A builder with no fields set: the command, working directory, timeout, log and experiment must
     * be given; the rest default to an experiment's run on lane 1, no added environment, the runner's
     * own devices, and no one keeping its tickets.
     */
    public static Builder builder() {
        return new Builder();
    }

    private static Duration checkTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        return timeout;
    }

    private static int checkExperiment(int experiment) {
        if (experiment < 0) {
            throw new IllegalArgumentException("experiment must not be negative, got " + experiment);
        }
        return experiment;
    }

    private static int checkLane(int lane) {
        if (lane < 1) {
            throw new IllegalArgumentException("lane must be >= 1, got " + lane);
        }
        return lane;
    }

    /** Builds a request; each setter checks its argument, {@link #build()} that the required ones were given. */
    public static final class Builder {
        /** One for every request that keeps no tickets, so that two requests for the same run are equal. */
        private static final Consumer<RunTicket> NO_ONE = ticket -> { };

        private Command command;
        private Path workingDirectory;
        private Duration timeout;
        private Path log;
        private Map<String, String> environment = Map.of();
        private Integer experiment;
        private Purpose purpose = Purpose.EXPERIMENT;
        private int lane = 1;
        private List<String> devices = List.of();
        private Consumer<RunTicket> onStarted = NO_ONE;

        private Builder() {
        }

        public Builder command(Command c) {
            command = Objects.requireNonNull(c, "command");
            return this;
        }

        /** Where it runs: the experiment's worktree. */
        public Builder workingDirectory(Path d) {
            workingDirectory = Objects.requireNonNull(d, "workingDirectory");
            return this;
        }

        /** After this the whole process tree is stopped; positive. */
        public Builder timeout(Duration t) {
            timeout = checkTimeout(t);
            return this;
        }

        /** The file that receives its output. */
        public Builder log(Path l) {
            log = Objects.requireNonNull(l, "log");
            return this;
        }

        /** Variables added to the inherited environment; none by default. */
        public Builder environment(Map<String, String> e) {
            environment = Objects.requireNonNull(e, "environment");
            return this;
        }

        /** The experiment number, 0 for the baseline. */
        public Builder experiment(int n) {
            experiment = checkExperiment(n);
            return this;
        }

        /** What the run is for; an experiment's run by default. */
        public Builder purpose(Purpose p) {
            purpose = Objects.requireNonNull(p, "purpose");
            return this;
        }

        /** The lane it runs on, from 1; 1 by default. */
        public Builder lane(int l) {
            lane = checkLane(l);
            return this;
        }

        /** The accelerator ids the lane owns; none (the runner's own setting) by default. */
        public Builder devices(List<String> d) {
            devices = Objects.requireNonNull(d, "devices");
            return this;
        }

        /** Told each ticket the runner gives; by default no one keeps them. */
        public Builder onStarted(Consumer<RunTicket> c) {
            onStarted = Objects.requireNonNull(c, "onStarted");
            return this;
        }

        /**
         * The request.
         *
         * @throws IllegalStateException naming the first required field that was not given
         */
        public RunRequest build() {
            BuilderFields.required(command, "command", "Command");
            BuilderFields.required(workingDirectory, "workingDirectory", "Path");
            BuilderFields.required(timeout, "timeout", "Duration");
            BuilderFields.required(log, "log", "Path");
            BuilderFields.required(experiment, "experiment", "int");
            return new RunRequest(command, workingDirectory, timeout, log, environment, experiment, purpose, lane,
                    devices, onStarted);
        }
    }
}
