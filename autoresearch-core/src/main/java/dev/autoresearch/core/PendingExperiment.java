package dev.autoresearch.core;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * An experiment that has its number and its hypothesis but no record yet: proposed and waiting for
 * a lane, or running. Strategies see them in {@link ResearchContext#state()} so that they never
 * propose what is already under way.
 *
 * @param experiment its number
 * @param hypothesis what it tries (its usage holds the tokens spent on it so far)
 * @param strategy   the name of the strategy that proposed it
 * @param parent     the champion commit it was made on
 * @param commit     its commit, once the change was made (empty before)
 * @param proposedAt when it was proposed
 * @param lane       the lane running it, empty while it waits
 */
public record PendingExperiment(int experiment, Hypothesis hypothesis, String strategy, String parent, String commit,
                                Instant proposedAt, OptionalInt lane) {
    public PendingExperiment {
        if (experiment < 1) {
            throw new IllegalArgumentException("a pending experiment is numbered from 1, got " + experiment);
        }
        Objects.requireNonNull(hypothesis, "hypothesis");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(proposedAt, "proposedAt");
        Objects.requireNonNull(lane, "lane");
    }

    /** This experiment, running on {@code lane}. */
    public PendingExperiment onLane(int lane) {
        return new PendingExperiment(experiment, hypothesis, strategy, parent, commit, proposedAt, OptionalInt.of(lane));
    }
}
