package dev.autoresearch.core;

import java.time.Instant;

/** What a {@link ResearchListener} is told as a session runs. */
public sealed interface ResearchEvent {

    /** The session opened (or resumed) and is about to run its next experiment. */
    record SessionStarted(String tag, ResearchState state, boolean resumed, Instant at) implements ResearchEvent {
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
