package dev.autoresearch.core.tune;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Compact, reproducible number formatting and rounding for tuned values. */
final class Numbers {
    private Numbers() {
    }

    /**
     * The shortest text that reads back as {@code value}: {@code 0.04}, {@code 16}, {@code 3e-5},
     * {@code -0.5}. Plain notation between 1e-4 and 1e9, scientific outside it.
     */
    static String format(double value) {
        if (value == 0) {
            return "0";
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1e-4 && magnitude < 1e9) {
            return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
        }
        BigDecimal d = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        int exponent = d.precision() - d.scale() - 1;
        String mantissa = d.movePointLeft(exponent).stripTrailingZeros().toPlainString();
        return mantissa + "e" + exponent;
    }

    /** {@code value} rounded to {@code digits} significant digits (half-even). */
    static double round(double value, int digits) {
        if (value == 0 || !Double.isFinite(value)) {
            return value;
        }
        return new BigDecimal(value).round(new MathContext(digits, RoundingMode.HALF_EVEN)).doubleValue();
    }

    /** Parses a numeric literal as written in a source file: underscores and a type suffix allowed. */
    static double parseLiteral(String literal) {
        String t = literal.replace("_", "");
        if (!t.isEmpty() && "fFdDlL".indexOf(t.charAt(t.length() - 1)) >= 0) {
            t = t.substring(0, t.length() - 1);
        }
        return Double.parseDouble(t);
    }
}
