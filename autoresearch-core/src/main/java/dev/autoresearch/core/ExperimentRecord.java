package dev.autoresearch.core;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Everything recorded about one experiment: one line of the journal.
 *
 * @param experiment the number, 0 for the baseline
 * @param commit     the experiment's commit (for an invalid change that never became one, the parent)
 * @param parent     the best commit it was made on
 * @param status     the outcome
 * @param metric     the primary metric (the median over repeats), absent when not measured
 * @param metrics    every value read, every repeat, by metric name
 * @param hypothesis what was tried
 * @param strategy   the name of the strategy that proposed it
 * @param startedAt  when the step began (before the hypothesis was asked for)
 * @param duration   how long the whole step took, proposal, runs and checks included
 * @param log        the run log, relative to the session directory ({@code runs/7.log})
 * @param reason     why it got its status, with the log's tail for a crash; empty for a plain keep
 * @param usage      model tokens spent on it
 * @param lane       the lane it ran on, from 1 (lanes run experiments side by side); 0 for a change
 *                   refused before it reached a lane
 * @param confidence how sure the keep rule's test was that the change is better than its champion
 *                   (one minus the p-value), when a statistical rule decided
 * @param island     the island it belongs to, from 1, in a session searching with islands; 0 otherwise
 * @param champion   true when this keep made it the session's champion (the branch {@code autoresearch/<tag>}
 *                   moved to it): every keep of a greedy search; under a tree or islands, a keep that beat its
 *                   own parent but not the best so far is a kept node, not the champion. False for a non-keep.
 */
public record ExperimentRecord(
        int experiment,
        String commit,
        String parent,
        Status status,
        OptionalDouble metric,
        Map<String, List<Double>> metrics,
        Hypothesis hypothesis,
        String strategy,
        Instant startedAt,
        Duration duration,
        String log,
        String reason,
        TokenUsage usage,
        int lane,
        OptionalDouble confidence,
        int island,
        boolean champion) {

    public ExperimentRecord {
        checkExperiment(experiment);
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(hypothesis, "hypothesis");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(confidence, "confidence");
        checkLane(lane);
        checkIsland(island);
        if (champion && status != Status.KEEP) {
            throw new IllegalArgumentException("only a keep can be the champion; experiment " + experiment + " is "
                    + status.keyword());
        }
        Map<String, List<Double>> copy = new LinkedHashMap<>();
        metrics.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        metrics = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * A builder with no fields set: the number, commit, parent, status, hypothesis, strategy and start
     * must be given; the rest default to nothing measured, no confidence, no tokens, lane 0, no log,
     * no reason and no duration.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this record's fields, to make a copy that differs in a few. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** This record, measured on {@code parent}. */
    public ExperimentRecord withParent(String parent) {
        return toBuilder().parent(parent).build();
    }

    /** True for the baseline, experiment 0. */
    public boolean isBaseline() {
        return experiment == 0;
    }

    /** The median of a recorded metric over the repeats, if it was read. */
    public OptionalDouble median(String name) {
        List<Double> values = metrics.get(name);
        return values == null || values.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(Medians.of(values));
    }

    private static int checkExperiment(int experiment) {
        if (experiment < 0) {
            throw new IllegalArgumentException("experiment must not be negative, got " + experiment);
        }
        return experiment;
    }

    private static int checkIsland(int island) {
        if (island < 0) {
            throw new IllegalArgumentException("island must be >= 0, got " + island);
        }
        return island;
    }

    private static int checkLane(int lane) {
        if (lane < 0) {
            throw new IllegalArgumentException("lane must be >= 0, got " + lane);
        }
        return lane;
    }

    /** Builds a record; each setter checks its argument, {@link #build()} that the required ones were given. */
    public static final class Builder {
        private Integer experiment;
        private String commit;
        private String parent;
        private Status status;
        private OptionalDouble metric = OptionalDouble.empty();
        private Map<String, List<Double>> metrics = Map.of();
        private Hypothesis hypothesis;
        private String strategy;
        private Instant startedAt;
        private Duration duration = Duration.ZERO;
        private String log = "";
        private String reason = "";
        private TokenUsage usage = TokenUsage.ZERO;
        private int lane;
        private OptionalDouble confidence = OptionalDouble.empty();
        private int island;
        private Boolean champion;

        private Builder() {
        }

        private Builder(ExperimentRecord r) {
            experiment = r.experiment;
            commit = r.commit;
            parent = r.parent;
            status = r.status;
            metric = r.metric;
            metrics = r.metrics;
            hypothesis = r.hypothesis;
            strategy = r.strategy;
            startedAt = r.startedAt;
            duration = r.duration;
            log = r.log;
            reason = r.reason;
            usage = r.usage;
            lane = r.lane;
            confidence = r.confidence;
            island = r.island;
            // Only an uncrowned keep says so; otherwise the status decides, as it does for a new record.
            champion = r.status == Status.KEEP && !r.champion ? Boolean.FALSE : null;
        }

        /** The number, 0 for the baseline. */
        public Builder experiment(int n) {
            experiment = checkExperiment(n);
            return this;
        }

        /** The commit measured (for an invalid change that never became one, the parent). */
        public Builder commit(String c) {
            commit = Objects.requireNonNull(c, "commit");
            return this;
        }

        /** The best commit it was made on. */
        public Builder parent(String p) {
            parent = Objects.requireNonNull(p, "parent");
            return this;
        }

        public Builder status(Status s) {
            status = Objects.requireNonNull(s, "status");
            return this;
        }

        /** The primary metric, the median over repeats. */
        public Builder metric(double m) {
            return metric(OptionalDouble.of(m));
        }

        /** The primary metric, or empty when it was not measured (the default). */
        public Builder metric(OptionalDouble m) {
            metric = Objects.requireNonNull(m, "metric");
            return this;
        }

        /** Every value read, every repeat, by metric name; none by default. */
        public Builder metrics(Map<String, List<Double>> m) {
            metrics = Objects.requireNonNull(m, "metrics");
            return this;
        }

        public Builder hypothesis(Hypothesis h) {
            hypothesis = Objects.requireNonNull(h, "hypothesis");
            return this;
        }

        /** The name of the strategy that proposed it. */
        public Builder strategy(String s) {
            strategy = Objects.requireNonNull(s, "strategy");
            return this;
        }

        public Builder startedAt(Instant t) {
            startedAt = Objects.requireNonNull(t, "startedAt");
            return this;
        }

        /** How long the whole step took; zero by default. */
        public Builder duration(Duration d) {
            duration = Objects.requireNonNull(d, "duration");
            return this;
        }

        /** The run log relative to the session directory; empty (no run) by default. */
        public Builder log(String l) {
            log = Objects.requireNonNull(l, "log");
            return this;
        }

        /** Why it got its status; empty (a plain keep) by default. */
        public Builder reason(String r) {
            reason = Objects.requireNonNull(r, "reason");
            return this;
        }

        /** Model tokens spent on it; none by default. */
        public Builder usage(TokenUsage u) {
            usage = Objects.requireNonNull(u, "usage");
            return this;
        }

        /** The lane it ran on, from 1; 0 (refused before it reached a lane) by default. */
        public Builder lane(int l) {
            lane = checkLane(l);
            return this;
        }

        /** How sure a statistical keep rule was. */
        public Builder confidence(double c) {
            return confidence(OptionalDouble.of(c));
        }

        /** How sure a statistical keep rule was, or empty when none decided (the default). */
        public Builder confidence(OptionalDouble c) {
            confidence = Objects.requireNonNull(c, "confidence");
            return this;
        }

        /** The island it belongs to, from 1; 0 (a session without islands) by default. */
        public Builder island(int i) {
            island = checkIsland(i);
            return this;
        }

        /**
         * Whether this keep made it the session's champion; by default a keep does (as every keep of a
         * greedy search) and any other status does not.
         */
        public Builder champion(boolean c) {
            champion = c;
            return this;
        }

        /**
         * The record.
         *
         * @throws IllegalStateException naming the first required field that was not given
         */
        public ExperimentRecord build() {
            BuilderFields.required(experiment, "experiment", "int");
            BuilderFields.required(commit, "commit", "String");
            BuilderFields.required(parent, "parent", "String");
            BuilderFields.required(status, "status", "Status");
            BuilderFields.required(hypothesis, "hypothesis", "Hypothesis");
            BuilderFields.required(strategy, "strategy", "String");
            BuilderFields.required(startedAt, "startedAt", "Instant");
            return new ExperimentRecord(experiment, commit, parent, status, metric, metrics, hypothesis, strategy,
                    startedAt, duration, log, reason, usage, lane, confidence, island,
                    champion != null ? champion : status == Status.KEEP);
        }
    }
}
