package dev.autoresearch.core;

import java.util.Locale;
import java.util.Objects;

/**
 * A numeric constant that the default tuning strategy may change, declared in program.md under
 * {@code tune}: the file that assigns it, its name, the range to search and the scale to search on.
 *
 * @param file  the file, relative to the repository root
 * @param name  the constant's name as written in the file
 * @param low   the smallest value to try
 * @param high  the largest value to try
 * @param scale how steps are taken between {@code low} and {@code high}
 */
public record TunedParameter(String file, String name, double low, double high, Scale scale) {

    /** How the tuner steps through a range. */
    public enum Scale {
        /** Additive steps. */
        LINEAR,
        /** Multiplicative steps; the range must be positive. */
        LOG,
        /** Whole numbers, additive steps of at least one. */
        INT;

        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses {@code linear}, {@code log} or {@code int}. */
        public static Scale parse(String text) {
            switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "linear": return LINEAR;
                case "log": return LOG;
                case "int": case "integer": return INT;
                default: throw new IllegalArgumentException(
                        "expected 'linear', 'log' or 'int', got '" + text + "'");
            }
        }
    }

    public TunedParameter {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scale, "scale");
        if (file.isBlank() || name.isBlank()) {
            throw new IllegalArgumentException("a tuned parameter needs a file and a name");
        }
        if (!Double.isFinite(low) || !Double.isFinite(high) || !(low < high)) {
            throw new IllegalArgumentException("range of " + name + " must be two finite numbers [low, high] with low < high");
        }
        if (file.startsWith("/") || file.contains("..")) {
            throw new IllegalArgumentException("file of " + name + " must be a path relative to the repository root, got '" + file + "'");
        }
        if (scale == Scale.INT && (low != Math.rint(low) || high != Math.rint(high))) {
            throw new IllegalArgumentException("range of " + name + " must be whole numbers for scale int");
        }
        if (scale == Scale.LOG && low <= 0) {
            throw new IllegalArgumentException("range of " + name + " must be positive for scale log");
        }
    }
}
