package dev.autoresearch.core.keep;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ResearchState;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Every recorded run of a commit changes are measured against, as the loop pools them for
 * comparisons against it: the primary metric's runs of the commit's own record (its keep, or under a
 * tree search the record that measured it), then the re-runs of it that later
 * comparisons made, which each of them recorded under {@code <metric>@champion}, in the order the
 * records were written.
 */
public final class PooledRuns {
    /** What a record's champion re-runs are recorded under, after the metric's name. */
    public static final String CHAMPION_SUFFIX = "@champion";

    private PooledRuns() {
    }

    /** {@code val_loss@champion}: the key of the champion's re-runs of {@code metric} in a record's metrics. */
    public static String championKey(String metric) {
        return Objects.requireNonNull(metric, "metric") + CHAMPION_SUFFIX;
    }

    /**
     * The runs of {@code metric} at {@code commit}: its node's record's (the baseline's for the
     * baseline commit), and the champion re-runs of every record made on it. Empty when nothing
     * measured that commit.
     */
    public static List<Double> of(ResearchState state, String metric, String commit) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(commit, "commit");
        List<Double> runs = new ArrayList<>();
        state.nodeOf(commit).ifPresent(r -> runs.addAll(r.metrics().getOrDefault(metric, List.of())));
        // The baseline's parent is its own commit; its runs are counted above, not as re-runs.
        for (ExperimentRecord r : state.madeOn(commit)) {
            runs.addAll(r.metrics().getOrDefault(championKey(metric), List.of()));
        }
        return List.copyOf(runs);
    }
}
