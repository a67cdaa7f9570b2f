package dev.autoresearch.core;

import java.util.Locale;

/** Whether a smaller or a larger value of the primary metric is better. */
public enum Direction {
    MINIMIZE,
    MAXIMIZE;

    /** True when {@code candidate} is strictly better than {@code reference}; ties are not. */
    public boolean isBetter(double candidate, double reference) {
        return this == MINIMIZE ? candidate < reference : candidate > reference;
    }

    /** How much better {@code candidate} is than {@code reference}, positive when better. */
    public double gain(double candidate, double reference) {
        return this == MINIMIZE ? reference - candidate : candidate - reference;
    }

    /** The name used in program.md and the journal: {@code minimize} or {@code maximize}. */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code minimize}/{@code maximize} (also {@code min}/{@code max}, any case).
     *
     * @throws IllegalArgumentException naming the expected values
     */
    public static Direction parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "minimize": case "minimise": case "min": case "lower":
                return MINIMIZE;
            case "maximize": case "maximise": case "max": case "higher":
                return MAXIMIZE;
            default:
                throw new IllegalArgumentException(
                        "expected 'minimize' or 'maximize', got '" + text + "'");
        }
    }
}
