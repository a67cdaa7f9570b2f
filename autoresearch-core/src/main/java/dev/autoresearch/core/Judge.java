package dev.autoresearch.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Reads an experiment's runs: the primary metric's median over them, every recorded metric's
 * values, and whether every constraint holds on its metric's median. Whether the change beats its
 * parent is the {@link dev.autoresearch.core.keep.KeepRule}'s to decide; the {@code checks}
 * command, which the loop runs only for a would-be keep, has the last word.
 */
public final class Judge {
    private final ProgramSpec spec;

    public Judge(ProgramSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    /**
     * What the runs of an experiment say before any comparison: the primary metric's median, every
     * recorded metric's values, and whether the constraints hold. {@link Status#KEEP} means nothing
     * in the runs stands against the change; whether it beats its parent is the keep rule's to say.
     *
     * @param repeats the metrics read from each run, at least one
     */
    public Decision judge(List<Metrics> repeats) {
        if (repeats.isEmpty()) {
            throw new IllegalArgumentException("no runs to judge");
        }
        Map<String, List<Double>> values = recorded(repeats);
        List<Double> primary = values.getOrDefault(spec.metric(), List.of());
        if (primary.size() < repeats.size()) {
            return new Decision(Status.CRASH, OptionalDouble.empty(), values,
                    "metric '" + spec.metric() + "' not found in the output"
                            + (repeats.size() > 1 ? " of " + (repeats.size() - primary.size()) + " of " + repeats.size() + " runs" : ""));
        }
        OptionalDouble metric = OptionalDouble.of(Medians.of(primary));
        for (Constraint c : spec.constraints()) {
            List<Double> v = values.get(c.metric());
            if (v == null || v.isEmpty()) {
                return new Decision(Status.DISCARD, metric, values,
                        "constraint " + c + " cannot be checked: metric '" + c.metric() + "' not found in the output");
            }
            double m = Medians.of(v);
            if (!c.isSatisfiedBy(m)) {
                return new Decision(Status.DISCARD, metric, values,
                        "constraint " + c + " violated (" + fmt(m) + ")");
            }
        }
        return new Decision(Status.KEEP, metric, values, "");
    }

    /** The recorded metrics' values over {@code repeats}, in run order; empty for no runs. */
    public Map<String, List<Double>> recorded(List<Metrics> repeats) {
        Map<String, List<Double>> values = new LinkedHashMap<>();
        for (String name : spec.recordedMetrics()) {
            for (Metrics m : repeats) {
                m.get(name).ifPresent(v -> values.computeIfAbsent(name, k -> new ArrayList<>()).add(v));
            }
        }
        return values;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    /**
     * A verdict: {@link Status#KEEP}, {@link Status#DISCARD} or {@link Status#CRASH} (primary metric missing).
     *
     * @param status the outcome
     * @param metric the primary metric's median, when read
     * @param values every recorded metric's values over the repeats
     * @param reason why, empty for a plain keep
     */
    public record Decision(Status status, OptionalDouble metric, Map<String, List<Double>> values, String reason) {
    }
}
