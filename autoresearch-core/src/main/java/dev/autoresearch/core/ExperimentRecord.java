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
        OptionalDouble confidence) {

    public ExperimentRecord {
        if (experiment < 0) {
            throw new IllegalArgumentException("experiment must not be negative");
        }
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
        if (lane < 0) {
            throw new IllegalArgumentException("lane must be >= 0, got " + lane);
        }
        Map<String, List<Double>> copy = new LinkedHashMap<>();
        metrics.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        metrics = java.util.Collections.unmodifiableMap(copy);
    }

    /** A record without a statistical confidence. */
    public ExperimentRecord(int experiment, String commit, String parent, Status status, OptionalDouble metric,
                            Map<String, List<Double>> metrics, Hypothesis hypothesis, String strategy,
                            Instant startedAt, Duration duration, String log, String reason, TokenUsage usage, int lane) {
        this(experiment, commit, parent, status, metric, metrics, hypothesis, strategy, startedAt, duration, log,
                reason, usage, lane, OptionalDouble.empty());
    }

    /** A record of an experiment that ran on lane 1. */
    public ExperimentRecord(int experiment, String commit, String parent, Status status, OptionalDouble metric,
                            Map<String, List<Double>> metrics, Hypothesis hypothesis, String strategy,
                            Instant startedAt, Duration duration, String log, String reason, TokenUsage usage) {
        this(experiment, commit, parent, status, metric, metrics, hypothesis, strategy, startedAt, duration, log,
                reason, usage, 1);
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
}
