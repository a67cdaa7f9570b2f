package dev.autoresearch.core;

import java.nio.file.Path;
import java.time.Instant;

/** What a {@link ResearchListener} is told as a session runs. */
public sealed interface ResearchEvent {

    /**
     * The session opened (or resumed) and is about to run its baseline or next experiment.
     *
     * @param tag              the session's tag
     * @param branch           {@code autoresearch/<tag>}
     * @param sessionDirectory {@code .autoresearch/<tag>/}, where the journal, logs and patches are
     * @param state            the records so far (empty for a new session)
     * @param resumed          true when the journal already held records
     * @param at               when it opened
     */
    record SessionStarted(String tag, String branch, Path sessionDirectory, ResearchState state, boolean resumed,
                          Instant at) implements ResearchEvent {
    }

    /**
     * An experiment's change is made and a lane starts running it.
     *
     * @param experiment its number
     * @param hypothesis what it tries
     * @param at         when the lane started it
     * @param lane       the lane, from 1
     */
    record ExperimentStarted(int experiment, Hypothesis hypothesis, Instant at, int lane) implements ResearchEvent {
        /** An experiment started on lane 1. */
        public ExperimentStarted(int experiment, Hypothesis hypothesis, Instant at) {
            this(experiment, hypothesis, at, 1);
        }
    }

    /**
     * A lane was taken out of rotation: its runs kept failing while other lanes' succeeded, which
     * points at its devices rather than at the experiments.
     *
     * @param lane   the lane
     * @param reason why, for people
     * @param at     when
     */
    record LaneRetired(int lane, String reason, Instant at) implements ResearchEvent {
    }

    /**
     * A kept change no longer reproduces: pooled with the re-runs that later comparisons made of it,
     * its runs are not better than its parent's. It stays kept; the warning is for people, and
     * {@code status} shows it until a later re-measure finds it reproduces again.
     *
     * @param kept   the kept experiment
     * @param reason the pooled comparison, for people
     * @param at     when the re-measure found it
     */
    record KeptChangeNotReproduced(ExperimentRecord kept, String reason, Instant at) implements ResearchEvent {
    }

    /** An experiment was recorded; {@code state} includes it. */
    record ExperimentFinished(ExperimentRecord record, ResearchState state) implements ResearchEvent {
    }

    /** The session stopped; the report says why. */
    record SessionFinished(ResearchReport report) implements ResearchEvent {
    }

    /**
     * The session stopped on an error that the host receives too: the journal holds every experiment
     * recorded before it, and running the session again resumes there. The last event of such a
     * session, so that listeners can clean up.
     *
     * @param tag   the session's tag
     * @param error what went wrong; its message names the file, command or component at fault
     * @param state the records as of the failure (empty when it failed before opening)
     * @param at    when
     */
    record SessionFailed(String tag, AutoresearchException error, ResearchState state, Instant at)
            implements ResearchEvent {
    }
}
