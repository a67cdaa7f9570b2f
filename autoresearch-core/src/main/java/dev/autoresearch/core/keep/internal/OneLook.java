package dev.autoresearch.core.keep.internal;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.MinImprovement;
import dev.autoresearch.core.keep.Comparison;
import dev.autoresearch.core.keep.KeepRule;
import dev.autoresearch.core.keep.NoiseFloor;
import dev.autoresearch.core.keep.Verdict;

import java.util.List;

/**
 * A single decision on runs already made, for checks after the fact (re-measure, holdout): Keep
 * means {@code runs} are better than {@code reference} in {@code direction}. The t-test at the full
 * error rate when both sides have two runs and the noise is measured; medians otherwise.
 */
public final class OneLook {
    private OneLook() {
    }

    public static Verdict decide(Direction direction, double confidence, NoiseFloor noise, List<Double> reference,
                                 List<Double> runs) {
        Comparison c = new Comparison(reference, runs.stream()
                .map(v -> new Comparison.Run(Comparison.Arm.CANDIDATE, v)).toList(), noise);
        boolean untestable = !noise.isMeasured() || runs.size() < 2 || reference.size() < 2;
        // A significant rule allowed two runs looks once, so its error rate is not split.
        KeepRule rule = untestable ? new GreedyRule(direction, MinImprovement.NONE)
                : new SignificantRule(confidence, direction, MinImprovement.NONE, 2);
        return rule.decide(c);
    }
}
