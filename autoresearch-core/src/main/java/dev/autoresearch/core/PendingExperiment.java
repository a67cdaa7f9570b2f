package dev.autoresearch.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
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
 * @param island     the island it searches, from 1, in a session searching with islands; 0 otherwise
 * @param userIdea   the line of the user's {@code ideas.md} it was offered to try, if any: journalled with the
 *                   proposal, so that a resumed session offers it to no other proposal
 */
public record PendingExperiment(int experiment, Hypothesis hypothesis, String strategy, String parent, String commit,
                                Instant proposedAt, OptionalInt lane, int island, Optional<String> userIdea) {
    public PendingExperiment {
        checkExperiment(experiment);
        Objects.requireNonNull(hypothesis, "hypothesis");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(proposedAt, "proposedAt");
        Objects.requireNonNull(lane, "lane");
        checkIsland(island);
        Objects.requireNonNull(userIdea, "userIdea");
    }

    /** A pending experiment offered none of the user's ideas. */
    public PendingExperiment(int experiment, Hypothesis hypothesis, String strategy, String parent, String commit,
                             Instant proposedAt, OptionalInt lane, int island) {
        this(experiment, hypothesis, strategy, parent, commit, proposedAt, lane, island, Optional.empty());
    }

    /**
     * A builder with no fields set: the number, hypothesis, strategy, parent and time of the proposal
     * must be given; the commit defaults to none yet, the lane to waiting for one.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this experiment's fields, to make a copy that differs in a few. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** This experiment, running on {@code lane}. */
    public PendingExperiment onLane(int lane) {
        return toBuilder().lane(lane).build();
    }

    /** This experiment made again on another champion: its new parent and its commit there. */
    public PendingExperiment movedOnto(String parent, String commit) {
        return toBuilder().parent(parent).commit(commit).build();
    }

    private static int checkIsland(int island) {
        if (island < 0) {
            throw new IllegalArgumentException("island must be >= 0, got " + island);
        }
        return island;
    }

    private static int checkExperiment(int experiment) {
        if (experiment < 1) {
            throw new IllegalArgumentException("a pending experiment is numbered from 1, got " + experiment);
        }
        return experiment;
    }

    /** Builds a pending experiment; each setter checks its argument, {@link #build()} that the required ones were given. */
    public static final class Builder {
        private Integer experiment;
        private Hypothesis hypothesis;
        private String strategy;
        private String parent;
        private String commit = "";
        private Instant proposedAt;
        private OptionalInt lane = OptionalInt.empty();
        private int island;
        private Optional<String> userIdea = Optional.empty();

        private Builder() {
        }

        private Builder(PendingExperiment p) {
            experiment = p.experiment;
            hypothesis = p.hypothesis;
            strategy = p.strategy;
            parent = p.parent;
            commit = p.commit;
            proposedAt = p.proposedAt;
            lane = p.lane;
            island = p.island;
            userIdea = p.userIdea;
        }

        /** Its number, from 1. */
        public Builder experiment(int n) {
            experiment = checkExperiment(n);
            return this;
        }

        /** What it tries; its usage holds the tokens spent on it so far. */
        public Builder hypothesis(Hypothesis h) {
            hypothesis = Objects.requireNonNull(h, "hypothesis");
            return this;
        }

        /** The name of the strategy that proposed it. */
        public Builder strategy(String s) {
            strategy = Objects.requireNonNull(s, "strategy");
            return this;
        }

        /** The champion commit it was made on. */
        public Builder parent(String p) {
            parent = Objects.requireNonNull(p, "parent");
            return this;
        }

        /** Its commit, once the change was made; empty by default. */
        public Builder commit(String c) {
            commit = Objects.requireNonNull(c, "commit");
            return this;
        }

        public Builder proposedAt(Instant t) {
            proposedAt = Objects.requireNonNull(t, "proposedAt");
            return this;
        }

        /** The lane running it, from 1; by default it waits for one. */
        public Builder lane(int l) {
            if (l < 1) {
                throw new IllegalArgumentException("lanes are numbered from 1, got " + l);
            }
            lane = OptionalInt.of(l);
            return this;
        }

        /** The island it searches, from 1; 0 (a session without islands) by default. */
        public Builder island(int i) {
            island = checkIsland(i);
            return this;
        }

        /** The line of the user's {@code ideas.md} it was offered to try; none by default. */
        public Builder userIdea(Optional<String> idea) {
            userIdea = Objects.requireNonNull(idea, "userIdea");
            return this;
        }

        /**
         * The pending experiment.
         *
         * @throws IllegalStateException naming the first required field that was not given
         */
        public PendingExperiment build() {
            BuilderFields.required(experiment, "experiment", "int");
            BuilderFields.required(hypothesis, "hypothesis", "Hypothesis");
            BuilderFields.required(strategy, "strategy", "String");
            BuilderFields.required(parent, "parent", "String");
            BuilderFields.required(proposedAt, "proposedAt", "Instant");
            return new PendingExperiment(experiment, hypothesis, strategy, parent, commit, proposedAt, lane, island,
                    userIdea);
        }
    }
}
