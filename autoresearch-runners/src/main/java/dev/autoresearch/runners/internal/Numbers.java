package dev.autoresearch.runners.internal;

import java.util.Locale;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/** Reads a metric value as programs print it: decimal or exponent form, or a spelling of NaN or infinity. */
public final class Numbers {
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?");

    private Numbers() {
    }

    /**
     * The number in {@code text} (surrounding spaces allowed), or empty when it is not one. NaN and
     * the infinities, as Python ({@code nan}, {@code inf}), Java ({@code Infinity}) and JMH
     * ({@code +INF}) print them, are read as such, so that a caller can tell "not finite" from
     * "not a number"; {@link dev.autoresearch.core.Metrics} drops them.
     */
    public static OptionalDouble parse(String text) {
        String t = text.strip();
        if (t.isEmpty() || t.length() > 64) {
            return OptionalDouble.empty();
        }
        if (DECIMAL.matcher(t).matches()) {
            return OptionalDouble.of(Double.parseDouble(t));
        }
        String word = t.toLowerCase(Locale.ROOT);
        boolean negative = word.startsWith("-");
        if (negative || word.startsWith("+")) {
            word = word.substring(1);
        }
        switch (word) {
            case "nan":
                return OptionalDouble.of(Double.NaN);
            case "inf":
            case "infinity":
                return OptionalDouble.of(negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
            default:
                return OptionalDouble.empty();
        }
    }
}
