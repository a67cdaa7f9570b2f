package dev.autoresearch.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Named metric values read from one run. Values that are not finite (NaN, infinities) are dropped
 * on the way in, so a metric is either a real number or absent; {@link #absence} still says that
 * it was read as NaN or an infinity, which is a different fault from not printing it at all.
 */
public final class Metrics {
    private static final Metrics EMPTY = new Metrics(Map.of(), Map.of());

    private final Map<String, Double> values;
    /** The names last read with a value that is not finite, and that value; none of them is in values. */
    private final Map<String, Double> notFinite;

    private Metrics(Map<String, Double> values, Map<String, Double> notFinite) {
        this.values = values;
        this.notFinite = notFinite;
    }

    /** No metrics. */
    public static Metrics empty() {
        return EMPTY;
    }

    /** Metrics from a map, in its iteration order; non-finite values are dropped (and remembered for {@link #absence}). */
    public static Metrics of(Map<String, Double> values) {
        Map<String, Double> copy = new LinkedHashMap<>();
        Map<String, Double> notFinite = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            Objects.requireNonNull(name, "metric name");
            if (value != null && Double.isFinite(value)) {
                copy.put(name, value);
            } else if (value != null) {
                notFinite.put(name, value);
            }
        });
        return of(copy, notFinite);
    }

    private static Metrics of(Map<String, Double> values, Map<String, Double> notFinite) {
        if (values.isEmpty() && notFinite.isEmpty()) {
            return EMPTY;
        }
        return new Metrics(Collections.unmodifiableMap(values), Collections.unmodifiableMap(notFinite));
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

    /**
     * Why {@code name} has no value, for messages: {@code "not finite (nan)"} (or {@code inf},
     * {@code -inf}) when the run printed it so, else {@code "not found in the output"}.
     */
    public String absence(String name) {
        Double v = notFinite.get(name);
        if (v == null) {
            return "not found in the output";
        }
        return "not finite (" + (v.isNaN() ? "nan" : v > 0 ? "inf" : "-inf") + ")";
    }

    /** All values, in the order they were first read. */
    public Map<String, Double> asMap() {
        return values;
    }

    /** True when no finite value was read. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /**
     * These metrics overlaid with {@code later}: where both have a value for a name, {@code later}
     * wins; a name that {@code later} read only as NaN or an infinity keeps this one's value.
     */
    public Metrics merge(Metrics later) {
        if (later == EMPTY) {
            return this;
        }
        if (this == EMPTY) {
            return later;
        }
        Map<String, Double> merged = new LinkedHashMap<>(values);
        merged.putAll(later.values);
        Map<String, Double> notFiniteMerged = new LinkedHashMap<>(notFinite);
        notFiniteMerged.putAll(later.notFinite);
        notFiniteMerged.keySet().removeAll(merged.keySet());
        return of(merged, notFiniteMerged);
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
