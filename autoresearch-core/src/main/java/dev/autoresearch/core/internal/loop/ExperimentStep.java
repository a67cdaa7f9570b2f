package dev.autoresearch.core.internal.loop;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.Change;
import dev.autoresearch.core.Command;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.Judge;
import dev.autoresearch.core.Metrics;
import dev.autoresearch.core.MutationResult;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchContext;
import dev.autoresearch.core.RunRequest;
import dev.autoresearch.core.RunResult;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.TokenUsage;
import dev.autoresearch.core.internal.session.InFlight;
import dev.autoresearch.core.journal.SessionFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One experiment after the hypothesis is known: make the change, commit it on the best commit, run
 * it (with repeats), read its metrics, check the protected files, judge, run the checks for a
 * would-be keep, then advance the branch or return it to the best commit. Every outcome ends as
 * a record; only infrastructure failures throw.
 */
final class ExperimentStep {
    private static final Logger LOG = LoggerFactory.getLogger(ExperimentStep.class);

    private final Session session;
    private boolean interrupted;

    ExperimentStep(Session session) {
        this.session = session;
    }

    /** True when a run of this step was stopped by an interrupt. */
    boolean interrupted() {
        return interrupted;
    }

    /** Everything that is known about the record before the outcome. */
    private record Draft(int experiment, Hypothesis hypothesis, String strategy, String parent, Instant startedAt,
                         TokenUsage usage) {
        ExperimentRecord finish(String commit, Status status, OptionalDouble metric, Map<String, List<Double>> metrics,
                                String log, String reason, Instant now) {
            return new ExperimentRecord(experiment, commit, parent, status, metric, metrics, hypothesis, strategy,
                    startedAt, Duration.between(startedAt, now), log, reason, usage);
        }
    }

    /**
     * Runs the experiment to its record, or to nothing when the host interrupted the mutator: then
     * nothing was tried, nothing is recorded, and a resumed session proposes this experiment again.
     *
     * @throws AutoresearchException from the mutator, which cannot go on (a model unreachable after
     *                               its retries); the experiment is not recorded either
     */
    Optional<ExperimentRecord> run(ResearchContext context, Hypothesis hypothesis, String strategy,
                                   ExperimentRecord bestRecord, Instant startedAt) {
        String best = bestRecord.commit();
        int n = context.experiment();
        MutationResult mutation;
        try {
            mutation = session.config().mutator().mutate(hypothesis, context);
        } catch (AutoresearchException e) {
            try {
                forget(best);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup); // the strategy's failure is what the host must see
            }
            throw e;
        } catch (RuntimeException e) {
            if (Thread.interrupted()) {
                return interruptedBeforeChange(best, n);
            }
            // A strategy's failure is this experiment's outcome, not the session's end.
            LOG.warn("experiment {}: the mutator failed", n, e);
            mutation = new MutationResult.Failed("the mutator failed: " + e);
        }
        if (Thread.interrupted()) {
            return interruptedBeforeChange(best, n);
        }
        return Optional.of(tryChange(context, hypothesis, strategy, bestRecord, startedAt, mutation));
    }

    private Optional<ExperimentRecord> interruptedBeforeChange(String best, int experiment) {
        LOG.info("experiment {}: interrupted while the change was being made; nothing was tried", experiment);
        interrupted = true;
        forget(best);
        return Optional.empty();
    }

    /** Leaves no trace of an experiment that will not be recorded: the worktree at best, no in-flight marker. */
    private void forget(String best) {
        session.workspace().resetTo(best);
        InFlight.clear(session.files().inFlight());
    }

    private ExperimentRecord tryChange(ResearchContext context, Hypothesis hypothesis, String strategy,
                                       ExperimentRecord bestRecord, Instant startedAt, MutationResult mutation) {
        ProgramSpec spec = session.spec();
        String best = bestRecord.commit();
        int n = context.experiment();
        Draft draft = new Draft(n, hypothesis, strategy, best, startedAt, hypothesis.usage().plus(mutation.usage()));
        if (mutation instanceof MutationResult.Failed) {
            return invalid(draft, best, "no change could be made: " + ((MutationResult.Failed) mutation).reason());
        }
        Change proposed = ((MutationResult.Applied) mutation).change();
        Map<String, String> normalised = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : proposed.files().entrySet()) {
            Optional<String> path = normalisePath(e.getKey());
            if (path.isEmpty()) {
                return invalid(draft, best, "the change names '" + e.getKey()
                        + "', which is not a plain path inside the repository; nothing was written");
            }
            if (normalised.put(path.get(), e.getValue()) != null) {
                return invalid(draft, best, "the change names '" + path.get()
                        + "' twice, spelled differently; nothing was written");
            }
        }
        // Checked and written as normalised, so that 'sub/./eval.sh' is seen to be 'sub/eval.sh'.
        Change change = new Change(normalised);
        Optional<String> escaping = change.files().keySet().stream()
                .filter(p -> !session.workspace().staysInside(p)).findFirst();
        if (escaping.isPresent()) {
            return invalid(draft, best, "the change names '" + escaping.get()
                    + "', which leads out of the worktree through a symbolic link; nothing was written");
        }
        List<String> ignored = session.workspace().ignored(change.files().keySet());
        if (!ignored.isEmpty()) {
            return invalid(draft, best, "the change writes " + ignored + ", which git ignores, so it could be neither "
                    + "committed nor undone; nothing was written. Track the file in git, or take it out of editable");
        }
        try {
            session.workspace().write(change.files());
        } catch (AutoresearchException e) {
            session.workspace().resetTo(best);
            return invalid(draft, best, "the change could not be written: " + e.getMessage());
        }
        List<String> refused = new ArrayList<>();
        for (String path : change.files().keySet()) {
            if (spec.isProtected(path)) {
                refused.add(path + " (readonly)");
            } else if (!spec.isEditable(path)) {
                refused.add(path + " (not editable)");
            }
        }
        if (!refused.isEmpty()) {
            writePatch(n, session.workspace().workingDiff());
            session.workspace().resetTo(best);
            return invalid(draft, best, "the change touches files it may not: " + String.join(", ", refused)
                    + "; editable: " + spec.editable() + tuneFiles(spec));
        }
        if (session.workspace().changedPaths().isEmpty()) {
            return invalid(draft, best, "the change leaves every file as it was");
        }
        String commit = session.workspace().commit(change.files().keySet(), message(hypothesis, n, Optional.empty()));
        writePatch(n, session.workspace().diff(best, commit));

        Judge judge = new Judge(spec);
        List<Metrics> measured = new ArrayList<>();
        String log = SessionFiles.logName(n, 1);
        for (int repeat = 1; repeat <= spec.repeats(); repeat++) {
            String logName = SessionFiles.logName(n, repeat);
            RunResult result = runCommand(spec.run(), spec.timeout(), logName, n, repeat, RunRequest.Purpose.EXPERIMENT);
            List<String> tampered = session.protectedFiles().changed();
            if (!tampered.isEmpty()) {
                session.protectedFiles().restore(tampered);
                return close(draft, commit, best, Status.INVALID, OptionalDouble.empty(), judge.recorded(measured), log,
                        "the run changed protected files " + tampered + "; they were restored");
            }
            if (result.interrupted()) {
                return close(draft, commit, best, Status.CRASH, OptionalDouble.empty(), judge.recorded(measured), log,
                        "interrupted: the session was stopped while this experiment ran");
            }
            if (result.timedOut()) {
                return close(draft, commit, best, Status.TIMEOUT, OptionalDouble.empty(), judge.recorded(measured), log,
                        "timed out after " + dev.autoresearch.core.Durations.format(spec.timeout())
                                + withTail(logName, result));
            }
            if (!result.succeeded()) {
                return close(draft, commit, best, Status.CRASH, OptionalDouble.empty(), judge.recorded(measured), log,
                        result.describe() + withTail(logName, result));
            }
            try {
                measured.add(session.config().metrics().extract(result));
            } catch (Exception e) {
                return close(draft, commit, best, Status.CRASH, OptionalDouble.empty(), judge.recorded(measured), log,
                        "could not read the metrics: " + e + withTail(logName, result));
            }
            if (measured.get(measured.size() - 1).get(spec.metric()).isEmpty()) {
                return close(draft, commit, best, Status.CRASH, OptionalDouble.empty(),
                        judge.recorded(measured), log,
                        "metric '" + spec.metric() + "' not found in the output" + withTail(logName, result));
            }
        }
        Judge.Decision decision = judge.judge(bestRecord.metric(), measured);
        if (decision.status() == Status.KEEP && spec.checks().isPresent()) {
            String checksLog = SessionFiles.checksLogName(n);
            RunResult checks = runCommand(spec.checks().get(), spec.checksTimeout(), checksLog, n, 1, RunRequest.Purpose.CHECKS);
            List<String> tampered = session.protectedFiles().changed();
            if (!tampered.isEmpty()) {
                session.protectedFiles().restore(tampered);
                return close(draft, commit, best, Status.INVALID, decision.metric(), decision.values(), log,
                        "the checks changed protected files " + tampered + "; they were restored");
            }
            if (checks.interrupted()) {
                return close(draft, commit, best, Status.CRASH, decision.metric(), decision.values(), log,
                        "interrupted: the session was stopped while the checks ran");
            }
            if (!checks.succeeded()) {
                return close(draft, commit, best, Status.CHECKS_FAILED, decision.metric(), decision.values(), log,
                        "checks failed (" + checks.describe() + ")" + withTail(checksLog, checks));
            }
        }
        return close(draft, commit, best, decision.status(), decision.metric(), decision.values(), log, decision.reason());
    }

    /** Runs a command in the worktree, logging to {@code logName} under the session directory. */
    RunResult runCommand(Command command, Duration timeout, String logName, int experiment, int repeat,
                         RunRequest.Purpose purpose) {
        Map<String, String> env = new LinkedHashMap<>(session.config().environment());
        env.put("AUTORESEARCH_TAG", session.config().tag());
        env.put("AUTORESEARCH_EXPERIMENT", Integer.toString(experiment));
        env.put("AUTORESEARCH_REPEAT", Integer.toString(repeat));
        Path log = session.files().directory().resolve(logName);
        try {
            Files.createDirectories(log.getParent());
        } catch (IOException e) {
            throw new AutoresearchException("cannot create " + log.getParent() + ": " + e.getMessage(), e);
        }
        RunRequest request = new RunRequest(command, session.workspace().worktree(), timeout, log, env, experiment, purpose);
        LOG.debug("experiment {}: running {} ({})", experiment, command, purpose);
        RunResult result = session.config().runner().run(request);
        if (result.interrupted() || Thread.currentThread().isInterrupted()) {
            // Clear the flag so the record can be written; the engine stops and restores it.
            Thread.interrupted();
            interrupted = true;
        }
        return result;
    }

    private ExperimentRecord close(Draft draft, String commit, String best, Status status, OptionalDouble metric,
                                   Map<String, List<Double>> metrics, String log, String reason) {
        if (!session.workspace().isAt(commit)) {
            // The run committed, reset or switched branches in the worktree: its result is not this commit's.
            session.workspace().resetTo(best);
            return draft.finish(commit, Status.INVALID, metric, metrics, log, "the run changed the worktree's git "
                    + "state (its HEAD is no longer the experiment's commit); an experiment must not commit, reset or "
                    + "switch branches", session.config().clock().instant());
        }
        String finalCommit = session.workspace().amendMessage(message(draft.hypothesis(), draft.experiment(),
                Optional.of(trailers(status, metric))));
        if (status != Status.KEEP) {
            session.workspace().resetTo(best);
        }
        return draft.finish(finalCommit, status, metric, metrics, log, reason, session.config().clock().instant());
    }

    private ExperimentRecord invalid(Draft draft, String best, String reason) {
        return draft.finish(best, Status.INVALID, OptionalDouble.empty(), Map.of(), "", reason,
                session.config().clock().instant());
    }

    private String trailers(Status status, OptionalDouble metric) {
        return "Autoresearch-Status: " + status.keyword() + (metric.isPresent()
                ? "\nAutoresearch-Metric: " + session.spec().metric() + "=" + String.format(Locale.ROOT, "%.6f", metric.getAsDouble())
                : "");
    }

    private static String message(Hypothesis h, int experiment, Optional<String> trailers) {
        StringBuilder m = new StringBuilder(h.title());
        if (!h.rationale().isBlank()) {
            m.append("\n\n").append(h.rationale().strip());
        }
        m.append("\n\nAutoresearch-Experiment: ").append(experiment);
        trailers.ifPresent(t -> m.append('\n').append(t));
        return m.append('\n').toString();
    }

    private void writePatch(int experiment, String diff) {
        Path patch = session.files().patch(experiment);
        try {
            Files.createDirectories(patch.getParent());
            Files.writeString(patch, diff, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AutoresearchException("cannot write " + patch + ": " + e.getMessage(), e);
        }
    }

    static String withTail(String logName, RunResult result) {
        String tail = result.logTail().strip();
        return tail.isEmpty() ? "; " + logName + " is empty" : "; last lines of " + logName + ":\n" + tail;
    }

    private static String tuneFiles(ProgramSpec spec) {
        return spec.tune().isEmpty() ? "" : ", tune files: " + spec.tune().stream().map(t -> t.file()).distinct().toList();
    }

    /**
     * The path as a plain relative path ({@code /} separators, no {@code .} or empty segments), or
     * empty when it is absolute, climbs with {@code ..}, or names anything under {@code .git}.
     */
    static Optional<String> normalisePath(String path) {
        if (path.isBlank() || path.startsWith("/") || path.contains("\0") || path.matches("^[A-Za-z]:.*")) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..") || part.equalsIgnoreCase(".git")) {
                return Optional.empty();
            }
            parts.add(part);
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("/", parts));
    }
}
