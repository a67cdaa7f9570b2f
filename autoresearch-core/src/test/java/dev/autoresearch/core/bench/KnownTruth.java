package dev.autoresearch.core.bench;

import dev.autoresearch.core.Direction;

import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * What a study with a known truth tunes and how good each configuration truly is: the text of
 * {@code params.py} at the start, the entries of program.md's {@code tune} section that declare its
 * constants, the direction, and the true metric of the constants' values in declaration order.
 *
 * @param start     {@code params.py} as first committed
 * @param tune      the {@code tune} section's entries, each line indented by two spaces
 * @param direction whether a smaller or a larger truth is better
 * @param truth     the true metric of the declared constants' values
 */
record KnownTruth(String start, String tune, Direction direction, ToDoubleFunction<List<Double>> truth) {
    KnownTruth {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(tune, "tune");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(truth, "truth");
    }

    /** The true metric of {@code values}. */
    double of(List<Double> values) {
        return truth.applyAsDouble(values);
    }

    /** One {@code tune} entry: the constant {@code name} of {@code params.py} over {@code [low, high]}. */
    static String entry(String name, String low, String high, String scale) {
        return "  - file: " + StudySession.FILE + "\n    name: " + name + "\n    range: [" + low + ", " + high
                + "]\n    scale: " + scale + "\n";
    }
}
