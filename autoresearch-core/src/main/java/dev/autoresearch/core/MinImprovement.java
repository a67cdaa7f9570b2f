package dev.autoresearch.core;

import java.util.Locale;

/**
 * How much better a result must be than the best so far to count as an improvement: an absolute
 * amount of the metric ({@code 0.001}) or a share of the best value ({@code 0.5%}).
 *
 * @param amount   the amount, not negative
 * @param relative true when {@code amount} is a percentage of the best value
 */
public record MinImprovement(double amount, boolean relative) {
    /** Any strict improvement counts. */
    public static final MinImprovement NONE = new MinImprovement(0, false);

    public MinImprovement {
        if (!(amount >= 0) || !Double.isFinite(amount)) {
            throw new IllegalArgumentException("min-improvement must be a finite number >= 0, got " + amount);
        }
    }

    /**
     * Parses {@code 0.001} (absolute) or {@code 0.5%} (relative to the best value).
     *
     * @throws IllegalArgumentException with the expected forms
     */
    public static MinImprovement parse(String text) {
        String t = text.trim();
        try {
            if (t.endsWith("%")) {
                return new MinImprovement(Double.parseDouble(t.substring(0, t.length() - 1).trim()), true);
            }
            return new MinImprovement(Double.parseDouble(t), false);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "expected an absolute amount such as 0.001 or a percentage such as 0.5%, got '" + text + "'");
        }
    }

    /** The gain needed over {@code best}. */
    public double requiredGain(double best) {
        return relative ? Math.abs(best) * amount / 100.0 : amount;
    }

    @Override
    public String toString() {
        return relative ? String.format(Locale.ROOT, "%s%%", amount) : String.format(Locale.ROOT, "%s", amount);
    }
}
