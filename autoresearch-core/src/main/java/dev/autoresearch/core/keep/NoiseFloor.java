package dev.autoresearch.core.keep;

import dev.autoresearch.core.keep.internal.Samples;

import java.util.List;
import java.util.Objects;

/**
 * The run-to-run noise of the metric, measured on the baseline's repeated runs. When those runs
 * agree exactly the metric is deterministic and the {@code significant} rule decides as
 * {@code greedy} does; otherwise their sample variance stands in for a side that has too few runs
 * of its own to estimate one.
 *
 * @param runs the baseline's values of the primary metric, in run order
 */
public record NoiseFloor(List<Double> runs) {
    public NoiseFloor {
        runs = List.copyOf(Objects.requireNonNull(runs, "runs"));
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("a noise floor needs at least one baseline run");
        }
    }

    /** The noise floor of {@code runs}. */
    public static NoiseFloor of(double... runs) {
        return new NoiseFloor(java.util.Arrays.stream(runs).boxed().toList());
    }

    /** True when there are at least two runs, so that their spread says something. */
    public boolean isMeasured() {
        return runs.size() >= 2;
    }

    /** True when at least two runs agree exactly (bit for bit, NaN never agrees). */
    public boolean isDeterministic() {
        if (!isMeasured()) {
            return false;
        }
        double first = runs.get(0);
        for (double v : runs) {
            if (Double.isNaN(v) || Double.compare(v, first) != 0) {
                return false;
            }
        }
        return true;
    }

    /** The sample variance (n - 1 in the denominator); NaN when fewer than two runs. */
    public double variance() {
        return isMeasured() ? Samples.variance(runs) : Double.NaN;
    }
}
