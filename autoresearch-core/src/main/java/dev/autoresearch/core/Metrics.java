package dev.autoresearch.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Named metric values read from one run. Values that are not finite (NaN, infinities) are dropped
 * on the way in, so a metric is either a real number or absent.
 */
public final class Metrics {
    private static final Metrics EMPTY = new Metrics(Map.of());

    private final Map<String, Double> values;

    private Metrics(Map<String, Double> values) {
        this.values = values;
    }

    /** No metrics. */
    public static Metrics empty() {
        return EMPTY;
    }

    /** Metrics from a map, in its iteration order; non-finite values are dropped. */
    public static Metrics of(Map<String, Double> values) {
        Map<String, Double> copy = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            Objects.requireNonNull(name, "metric name");
            if (value != null && Double.isFinite(value)) {
                copy.put(name, value);
            }
        });
        return copy.isEmpty() ? EMPTY : new Metrics(Collections.unmodifiableMap(copy));
    }

    /** One metric. */
    public static Metrics of(String name, double value) {
        return of(Map.of(name, value));
    }

    /** The value of {@code name}, if it was read and is finite. */
    public OptionalDouble get(String name) {
        Double v = values.get(name);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /** All values, in the order they were first read. */
    public Map<String, Double> asMap() {
        return values;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** These metrics overlaid with {@code later}: where both have a name, {@code later} wins. */
    public Metrics merge(Metrics later) {
        if (later.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return later;
        }
        Map<String, Double> merged = new LinkedHashMap<>(values);
        merged.putAll(later.values);
        return new Metrics(Collections.unmodifiableMap(merged));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Metrics && ((Metrics) o).values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
