package dev.autoresearch.core.internal.decide;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.journal.RunMeasured;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the executor saw, handed to {@link Decisions#next}: a lane's measurement, the checks or the
 * holdout done, a replay made, a proposal made, a record written. Facts only: what to do about them
 * is the decisions' to say.
 */
public sealed interface Observation {

    /** What a lane or the proposer saw of one trial, named by its experiment's number. */
    sealed interface OfTrial extends Observation {
        int experiment();
    }

    /**
     * A proposal starts on a lane: with the runs a stopped session journalled for it, when it goes on
     * from those.
     */
    record Started(Trial trial, List<RunMeasured> restored) implements Observation {
        public Started {
            Objects.requireNonNull(trial, "trial");
            restored = List.copyOf(restored);
        }
    }

    /**
     * The runs of a trial's commit, and what the guard found outside the worktrees after them.
     */
    record Measured(int experiment, Measurement measurement, Tampering tampering) implements OfTrial {
    }

    /**
     * The champion re-run and then the candidate, for an undecided comparison.
     */
    record MeasuredMore(int experiment, Measurement champion, Measurement candidate, Tampering tampering)
            implements OfTrial {
    }

    /** The program's checks run on a would-be keep. */
    record Checked(int experiment, Measurement checks, Tampering tampering) implements OfTrial {
    }

    /** The holdout run on a would-be champion. */
    record HeldOut(int experiment, Measurement holdout, Tampering tampering) implements OfTrial {
    }

    /**
     * A change that beat a parent that is no longer the champion, cherry-picked onto it: the new commit,
     * or empty on a conflict.
     *
     * @param alternativeTo on a conflict, the first of the replay's alternatives that changed every line
     *                      this change changes
     */
    record Replayed(int experiment, Optional<String> commit, OptionalInt alternativeTo) implements OfTrial {
        /** A replay that gave {@code commit}, or conflicted with no alternative to it. */
        public Replayed(int experiment, Optional<String> commit) {
            this(experiment, commit, OptionalInt.empty());
        }
    }

    /**
     * What making a conflicting change again on the champion gave.
     *
     * @param sameCodeAs the experiment whose code it makes, when that code was measured or is under way already
     */
    record Remade(int experiment, ProposalOutcome outcome, OptionalInt sameCodeAs) implements OfTrial {
    }

    /**
     * What the proposer made of a request.
     *
     * @param fresh      false when it is a proposal made again on a newer champion before it started
     * @param sameCodeAs the experiment whose code it makes, when that code was measured or is under way already
     * @param at         when it came back
     */
    record Proposed(ProposalOutcome outcome, boolean fresh, OptionalInt sameCodeAs, Instant at) implements Observation {
    }

    /** A record journalled: the trial (if it was one) is over, and the record is part of the state. */
    record Recorded(ExperimentRecord record) implements Observation {
    }

    /** The host stopped a trial's run (an interrupt, or the session failing): it ends without a record. */
    record Cancelled(int experiment) implements OfTrial {
    }

    /** The lane of a trial failed in a way that is not the experiment's (git, the disk, the runner itself). */
    record LaneFailed(int experiment, RuntimeException cause) implements OfTrial {
    }
}
