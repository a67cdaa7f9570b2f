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

    /** An experiment's hypothesis is known and its change is about to be made and run. */
    record ExperimentStarted(int experiment, Hypothesis hypothesis, Instant at) implements ResearchEvent {
    }

    /** An experiment was recorded; {@code state} includes it. */
    record ExperimentFinished(ExperimentRecord record, ResearchState state) implements ResearchEvent {
    }

    /** The session stopped; the report says why. */
    record SessionFinished(ResearchReport report) implements ResearchEvent {
    }
}
