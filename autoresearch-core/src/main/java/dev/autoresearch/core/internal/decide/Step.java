package dev.autoresearch.core.internal.decide;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.PendingExperiment;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * What the decisions ask the executor to do next. Each step that runs something on a lane comes back
 * as an {@link Observation}.
 */
public sealed interface Step {

    /** Runs {@code commit} of a trial {@code runs} times on its lane, its logs numbered from {@code firstLog}. */
    record Measure(int experiment, String commit, int runs, int firstLog) implements Step {
    }

    /** Re-runs the champion {@code parent}, then the candidate {@code commit}, for an undecided comparison. */
    record MeasureMore(int experiment, String parent, String commit, int championRuns, int candidateRuns,
                       int firstLog) implements Step {
    }

    /** Runs the program's checks on {@code commit}. */
    record RunChecks(int experiment, String commit) implements Step {
    }

    /** Runs the holdout on {@code commit}. */
    record RunHoldout(int experiment, String commit) implements Step {
    }

    /**
     * Cherry-picks a trial's {@code commit} onto commit {@code onto}: the champion's, or a win under way on it.
     *
     * @param from         the parent {@code commit} beat
     * @param alternatives other wins whose changes are in {@code onto} that did at least as well (on
     *                     {@code from}, or by their gain on their own parent), most ahead first: on a conflict,
     *                     the executor says which (if any) changed every line {@code commit} changes
     */
    record Replay(int experiment, String commit, String from, String onto, List<Alternative> alternatives)
            implements Step {
        public Replay {
            alternatives = List.copyOf(alternatives);
        }

        /** A replay with no alternative to weigh. */
        public Replay(int experiment, String commit, String onto) {
            this(experiment, commit, onto, onto, List.of());
        }
    }

    /** Another win: its experiment, the parent it beat and the commit it was measured as there. */
    record Alternative(int experiment, String from, String commit) {
    }

    /** Makes a trial's change again from its plan on commit {@code onto}: {@code champion}'s, or a win under way on it. */
    record Remake(int experiment, ExperimentRecord champion, String onto) implements Step {
    }

    /**
     * Journals a proposal made (or made again on the champion) and remembers its code as under way.
     *
     * @param toRun true when it waits for a lane; false when it is what a running trial measures now
     */
    record Journal(PendingExperiment proposal, String tree, boolean toRun) implements Step {
    }

    /**
     * Makes the trial's keep commit, moves the branch onto it when it is {@code crowned} the session's
     * champion (and the island's branch onto it, under islands), then records it.
     */
    record Keep(Trial trial, Outcome outcome, boolean crowned) implements Step {
    }

    /** Records the trial with this outcome. */
    record Record(Trial trial, Outcome outcome) implements Step {
    }

    /** Records an experiment that never ran (a proposal refused, or code measured already). */
    record RecordWithoutRun(ExperimentRecord record) implements Step {
    }

    /** The host interrupted the trial: no record; it stays proposed, and a resumed session runs it again. */
    record Abandon(int experiment) implements Step {
    }

    /**
     * Journals a kept change's re-measure after {@code comparisons} comparisons against it; {@code warn}
     * when it is news that it does not reproduce.
     */
    record Reproduced(ExperimentRecord kept, boolean reproduces, String reason, long comparisons, boolean warn)
            implements Step {
    }

    /** Takes a lane out of rotation: it failed {@code inARow} runs in a row while other lanes succeeded. */
    record RetireLane(int lane, int inARow) implements Step {
    }

    /**
     * The session cannot go on: it proposes and starts nothing more; with {@code stopRuns} the runs in
     * flight are stopped too (else they are recorded first).
     */
    record Fail(RuntimeException cause, boolean stopRuns) implements Step {
    }

    /** Something for the log: {@code warn} for what a user must see. */
    record Say(boolean warn, String message) implements Step {
    }

    /**
     * How a trial ends.
     *
     * @param status     its status
     * @param metric     the primary metric's median, when read
     * @param values     every recorded metric's values, the champion's re-runs among them
     * @param reason     why
     * @param confidence the confidence the keep rule reached, when it decided
     */
    record Outcome(dev.autoresearch.core.Status status, OptionalDouble metric, Map<String, List<Double>> values,
                   String reason, OptionalDouble confidence) {
        public Outcome {
            values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
        }
    }
}
