package dev.autoresearch.core;

import java.util.Collection;

/** The median used wherever repeats are compared. */
public final class Medians {
    private Medians() {
    }

    /**
     * The median of non-empty values (the mean of the middle two for an even count).
     *
     * @throws IllegalArgumentException when empty
     */
    public static double of(Collection<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("the median of no values is undefined");
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }
}
