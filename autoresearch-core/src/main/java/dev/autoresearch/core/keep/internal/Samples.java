package dev.autoresearch.core.keep.internal;

import org.apache.commons.statistics.descriptive.Mean;
import org.apache.commons.statistics.descriptive.Variance;

import java.util.List;

/** Means and variances of a list of runs, through Commons Statistics. */
public final class Samples {
    private Samples() {
    }

    /** The arithmetic mean of non-empty values. */
    public static double mean(List<Double> values) {
        return Mean.of(array(values)).getAsDouble();
    }

    /** The unbiased sample variance (n - 1 in the denominator); 0 for a single value. */
    public static double variance(List<Double> values) {
        return values.size() < 2 ? 0 : Variance.of(array(values)).getAsDouble();
    }

    private static double[] array(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
