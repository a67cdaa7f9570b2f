package dev.autoresearch.core.internal.loop;

import dev.autoresearch.core.internal.decide.Measurement;
import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.Command;
import dev.autoresearch.core.Durations;
import dev.autoresearch.core.MetricExtractor;
import dev.autoresearch.core.Metrics;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.RunRequest;
import dev.autoresearch.core.RunResult;
import dev.autoresearch.core.RunTicket;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.journal.Journal;
import dev.autoresearch.core.journal.RunMeasured;
import dev.autoresearch.core.journal.RunStart;
import dev.autoresearch.core.journal.SessionFiles;
import dev.autoresearch.core.internal.git.Worktree;
import dev.autoresearch.core.keep.Holdout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a commit on a lane and reads what it measured: the one code path for the baseline, an
 * experiment, its repeats, a replay onto a newer champion and the checks. It runs on the lane's
 * thread; it journals each run's start, and each ticket the runner gives (the first before the run
 * can start), so a killed loop's runs can be found again, and it puts back what a run may not change (protected files, the worktree's git
 * state) before returning.
 */
final class Measurer {
    private static final Logger LOG = LoggerFactory.getLogger(Measurer.class);

    private final String tag;
    private final ProgramSpec spec;
    private final MetricExtractor metrics;
    private final Map<String, String> environment;
    private final SessionFiles files;
    private final Journal journal;
    private final InstantSource clock;
    private final SessionGuard guard;

    Measurer(String tag, ProgramSpec spec, MetricExtractor metrics, Map<String, String> environment, SessionFiles files,
             Journal journal, InstantSource clock, SessionGuard guard) {
        this.tag = tag;
        this.spec = spec;
        this.metrics = metrics;
        this.environment = Map.copyOf(environment);
        this.files = files;
        this.journal = journal;
        this.clock = clock;
        this.guard = guard;
    }

    /**
     * Runs {@code commit} {@code runs} times on {@code lane}, numbering the logs from
     * {@code firstRun}. A run left by a killed loop ({@code left}) is handed to the runner first,
     * before the worktree is touched: its result counts as the first run when the runner can still
     * give it, and otherwise the runner has made sure it no longer runs.
     */
    Measurement measure(Lane lane, int experiment, String commit, int runs, int firstRun, Optional<RunStart> left) {
        List<Metrics> measured = new ArrayList<>();
        int run = firstRun;
        if (left.isPresent() && left.get().ticket().isPresent()) {
            lane.worktree().runMayWrite();
            RunRequest request = request(lane, experiment, commit, spec.run(), spec.timeout(),
                    SessionFiles.logName(experiment, run), run, RunRequest.Purpose.EXPERIMENT);
            Optional<RunResult> reattached = lane.runner().reattach(request, left.get().ticket().get());
            // Only a run of this very command on this commit can count; any other left run is stopped, not read.
            if (reattached.isPresent() && left.get().purpose() == RunRequest.Purpose.EXPERIMENT
                    && left.get().commit().equals(commit)) {
                LOG.info("experiment {}: took the result of the run the last session left on lane {}", experiment,
                        lane.number());
                Optional<Measurement> ended = read(lane, commit, reattached.get(), request, run, measured);
                if (ended.isPresent()) {
                    return ended.get();
                }
                run++;
            }
        }
        // Tracked files only: each run starts by removing what earlier runs left (an empty folder included).
        lane.worktree().checkoutTracked(commit);
        for (; measured.size() < runs; run++) {
            String logName = SessionFiles.logName(experiment, run);
            RunRequest request = request(lane, experiment, commit, spec.run(), spec.timeout(), logName, run,
                    RunRequest.Purpose.EXPERIMENT);
            RunResult result = start(lane, experiment, commit, request);
            Optional<Measurement> ended = read(lane, commit, result, request, run, measured);
            if (ended.isPresent()) {
                return ended.get();
            }
        }
        return new Measurement(measured, Optional.empty(), false);
    }

    /** Runs the checks on {@code commit}, where the lane's worktree is; a failure names the checks' log. */
    Measurement checks(Lane lane, int experiment, String commit) {
        Command checks = spec.checks().orElseThrow();
        // A resumed series goes on from its journalled runs, straight to its checks: the lane may be elsewhere.
        if (!lane.worktree().isAt(commit)) {
            lane.worktree().checkout(commit);
        }
        String logName = SessionFiles.checksLogName(experiment);
        RunRequest request = request(lane, experiment, commit, checks, spec.checksTimeout(), logName, 1,
                RunRequest.Purpose.CHECKS);
        RunResult result = start(lane, experiment, commit, request);
        Optional<Measurement.Failure> broken = brokeTheRules(lane, commit, "checks");
        if (broken.isPresent()) {
            return new Measurement(List.of(), broken, false);
        }
        if (result.interrupted()) {
            return Measurement.interrupted(List.of());
        }
        if (!result.succeeded()) {
            return Measurement.failed(List.of(), Status.CHECKS_FAILED,
                    "checks failed (" + result.describe() + ")" + withTail(logName, result));
        }
        return new Measurement(List.of(), Optional.empty(), false);
    }

    /**
     * Runs the holdout {@code runs} times from the user's checkout ({@code checkout}, the working
     * directory) on the code of {@code commit}, which the lane's worktree holds
     * ({@code AUTORESEARCH_WORKTREE}, {@code AUTORESEARCH_COMMIT}). Its values are the holdout metric's,
     * as {@link Metrics} of that one name; nothing of it reaches the strategy.
     */
    Measurement holdout(Lane lane, int experiment, String commit, int runs, Path checkout) {
        Holdout holdout = spec.keep().holdout().orElseThrow();
        if (!lane.worktree().isAt(commit)) {
            lane.worktree().checkout(commit);
        }
        List<Metrics> measured = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            String logName = SessionFiles.holdoutLogName(experiment, run);
            RunRequest request = request(lane, experiment, commit, holdout.run(),
                    holdout.timeout().orElse(spec.timeout()), logName, run, RunRequest.Purpose.HOLDOUT, checkout,
                    Map.of("AUTORESEARCH_WORKTREE", lane.worktree().path().toString(), "AUTORESEARCH_COMMIT", commit));
            RunResult result = start(lane, experiment, commit, request);
            Optional<Measurement.Failure> broken = brokeTheRules(lane, commit, "holdout");
            if (broken.isPresent()) {
                return new Measurement(measured, broken, false);
            }
            if (result.interrupted()) {
                return Measurement.interrupted(measured);
            }
            if (!result.succeeded()) {
                return Measurement.failed(measured, result.timedOut() ? Status.TIMEOUT : Status.CRASH,
                        "the holdout " + result.describe() + withTail(logName, result));
            }
            java.util.OptionalDouble value;
            try {
                Metrics values = metrics.extract(result);
                value = values.get(holdout.metric());
                if (value.isEmpty()) {
                    return Measurement.failed(measured, Status.CRASH, "the holdout's metric '" + holdout.metric() + "' "
                            + values.absence(holdout.metric()) + withTail(logName, result));
                }
            } catch (Exception e) {
                return Measurement.failed(measured, Status.CRASH, "could not read the holdout's metrics: " + e
                        + withTail(logName, result));
            }
            measured.add(Metrics.of(Map.of(holdout.metric(), value.getAsDouble())));
        }
        return new Measurement(measured, Optional.empty(), false);
    }

    private RunResult start(Lane lane, int experiment, String commit, RunRequest request) {
        // No run may read what an earlier one (another experiment's, or a repeat) left, unless the program keeps it:
        // removed after each run from the listing that checks it, and here when a run may have written since.
        if (!lane.worktree().leftoversRemoved()) {
            lane.worktree().removeUntracked(spec::keeps);
        }
        lane.worktree().runMayWrite();
        journal.appendRun(new RunStart(experiment, lane.number(), request.purpose(), commit, clock.instant(),
                Optional.empty()));
        LOG.debug("experiment {}: running {} on lane {} ({})", experiment, request.command(), lane.number(),
                request.purpose());
        // The guard is told which runs are in flight, so that what it finds is pinned on a run only when it can be.
        guard.runStarted(lane.number());
        RunResult result;
        try {
            result = lane.runner().run(request);
        } finally {
            guard.runEnded(lane.number());
        }
        // The flag is the coordinator's business: it cancelled this lane and is waiting for it.
        Thread.interrupted();
        return result;
    }

    /** The outcome of one run, or empty when the series goes on. */
    private Optional<Measurement> read(Lane lane, String commit, RunResult result, RunRequest request, int run,
                                       List<Metrics> measured) {
        String logName = files.directory().relativize(request.log()).toString();
        Metrics values = null;
        Optional<String> unreadable = Optional.empty();
        if (result.succeeded() && lane.worktree().exists()) {
            try {
                values = metrics.extract(result);
            } catch (Exception e) {
                unreadable = Optional.of("could not read the metrics: " + e);
            }
        }
        Optional<Measurement.Failure> broken = brokeTheRules(lane, commit, "run");
        if (broken.isPresent()) {
            return Optional.of(new Measurement(measured, broken, false));
        }
        if (result.interrupted()) {
            return Optional.of(Measurement.interrupted(measured));
        }
        if (result.timedOut()) {
            return Optional.of(Measurement.failed(measured, Status.TIMEOUT,
                    "timed out after " + Durations.format(spec.timeout()) + withTail(logName, result)));
        }
        if (!result.succeeded()) {
            return Optional.of(Measurement.failed(measured, Status.CRASH, result.describe() + withTail(logName, result)));
        }
        if (unreadable.isPresent()) {
            return Optional.of(Measurement.failed(measured, Status.CRASH, unreadable.get() + withTail(logName, result)));
        }
        if (values.get(spec.metric()).isEmpty()) {
            measured.add(values);
            return Optional.of(Measurement.failed(measured, Status.CRASH,
                    "metric '" + spec.metric() + "' " + values.absence(spec.metric()) + withTail(logName, result)));
        }
        measured.add(values);
        journal.appendMeasured(new RunMeasured(request.experiment(), lane.number(), commit, run, values.asMap()));
        return Optional.empty();
    }

    /**
     * Stops (or, for a job still running on a cluster, waits out) a run a killed loop left on this
     * lane, without reading it: its experiment goes on from the runs it had journalled.
     */
    void stopLeft(Lane lane, RunStart left) {
        lane.worktree().runMayWrite();
        left.ticket().ifPresent(ticket -> {
            RunRequest request = request(lane, left.experiment(), left.commit(), spec.run(), spec.timeout(),
                    "runs/" + left.experiment() + ".left.log", 1, left.purpose());
            lane.runner().reattach(request, ticket);
        });
    }

    /**
     * What the run did that no run may: delete the worktree, move its HEAD, change a protected file.
     * Each is put back before the lane goes on.
     */
    private Optional<Measurement.Failure> brokeTheRules(Lane lane, String commit, String what) {
        if (!lane.worktree().exists()) {
            lane.worktree().checkout(commit);
            return Optional.of(new Measurement.Failure(Status.INVALID, "the " + what + " deleted its worktree "
                    + lane.worktree().path().getFileName() + "; it was restored. An experiment must stay inside its worktree"));
        }
        List<String> tampered = lane.protectedFiles().changed();
        if (!tampered.isEmpty()) {
            lane.protectedFiles().restore(tampered);
            return Optional.of(new Measurement.Failure(Status.INVALID, "the " + what + " changed protected files "
                    + tampered + "; they were restored"));
        }
        if (!lane.worktree().isAt(commit)) {
            lane.worktree().checkout(commit);
            return Optional.of(new Measurement.Failure(Status.INVALID, "the " + what + " changed the worktree's git "
                    + "state (its HEAD is no longer the experiment's commit); an experiment must not commit, reset or "
                    + "switch branches"));
        }
        // What ran must be the commit: a value measured on files the run edited first belongs to no commit.
        Worktree.AfterRun after = lane.worktree().afterRun();
        List<String> edited = after.changedTracked();
        if (!edited.isEmpty()) {
            lane.worktree().checkout(commit);
            return Optional.of(new Measurement.Failure(Status.INVALID, "the " + what + " changed tracked files "
                    + edited + ", so what it measured is not the experiment's commit; they were restored. A run must "
                    + "leave the committed files as they are (write what it makes to untracked files)"));
        }
        lane.worktree().removeLeftovers(after.untracked(), spec::keeps);
        return Optional.empty();
    }

    private RunRequest request(Lane lane, int experiment, String commit, Command command, Duration timeout,
                               String logName, int run, RunRequest.Purpose purpose) {
        return request(lane, experiment, commit, command, timeout, logName, run, purpose, lane.worktree().path(), Map.of());
    }

    /** A request run in {@code workingDirectory} with {@code extra} added to the run's environment. */
    private RunRequest request(Lane lane, int experiment, String commit, Command command, Duration timeout,
                               String logName, int run, RunRequest.Purpose purpose, Path workingDirectory,
                               Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put("AUTORESEARCH_TAG", tag);
        env.put("AUTORESEARCH_EXPERIMENT", Integer.toString(experiment));
        env.put("AUTORESEARCH_REPEAT", Integer.toString(run));
        env.put("AUTORESEARCH_LANE", Integer.toString(lane.number()));
        Path log = files.directory().resolve(logName);
        try {
            Files.createDirectories(log.getParent());
        } catch (IOException e) {
            throw new AutoresearchException("cannot create " + log.getParent() + ": " + e.getMessage(), e);
        }
        env.putAll(extra);
        return RunRequest.builder().command(command).workingDirectory(workingDirectory).timeout(timeout).log(log)
                .environment(env).experiment(experiment).purpose(purpose).lane(lane.number()).devices(lane.devices())
                .onStarted(ticket -> ticketIssued(experiment, lane, purpose, commit, ticket)).build();
    }

    private void ticketIssued(int experiment, Lane lane, RunRequest.Purpose purpose, String commit, RunTicket ticket) {
        journal.appendRun(new RunStart(experiment, lane.number(), purpose, commit, clock.instant(), Optional.of(ticket)));
    }

    static String withTail(String logName, RunResult result) {
        String tail = result.logTail().strip();
        return tail.isEmpty() ? "; " + logName + " is empty" : "; last lines of " + logName + ":\n" + tail;
    }
}
