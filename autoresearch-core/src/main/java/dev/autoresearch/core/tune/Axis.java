package dev.autoresearch.core.tune;

import dev.autoresearch.core.TunedParameter;
import dev.autoresearch.core.TunedParameter.Scale;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The grid one parameter is searched on. Values are indexed by whole numbers: for {@code int}, the
 * value itself; otherwise steps of 1/128 of the range (on the log scale for {@code log}) counted
 * from the baseline value, which is index 0. Comparing indices rather than printed
 * numbers makes "tried before" exact, whatever rounding the printed values carry.
 */
final class Axis {
    /** Grid steps in a range. */
    static final int UNITS = 128;

    private final TunedParameter parameter;
    private final double baseline;
    private final double anchor;
    private final double unit;
    private final long low;
    private final long high;
    private final int digits;
    private final int decimals;

    Axis(TunedParameter parameter, double baseline) {
        this.parameter = parameter;
        this.baseline = baseline;
        Scale scale = parameter.scale();
        if (scale == Scale.INT) {
            anchor = 0;
            unit = 1;
            low = (long) Math.ceil(parameter.low());
            high = (long) Math.floor(parameter.high());
            digits = 0;
            decimals = 0;
        } else {
            double width = u(parameter.high()) - u(parameter.low());
            anchor = u(baseline);
            unit = width / UNITS;
            low = (long) Math.ceil((u(parameter.low()) - anchor) / unit - 1e-9);
            high = (long) Math.floor((u(parameter.high()) - anchor) / unit + 1e-9);
            // Printed values are rounded finely enough to read back as the index they came from.
            digits = Math.max(3, (int) Math.ceil(1 - Math.log10(unit / 4)));
            decimals = (int) -Math.floor(Math.log10(unit / 4));
        }
    }

    TunedParameter parameter() {
        return parameter;
    }

    /** The index nearest {@code value}. */
    long index(double value) {
        return Math.round((u(value) - anchor) / unit);
    }

    /** The grid steps of a move at {@code level}: 1/8 of the range times 2^level, at least one. */
    long steps(int level) {
        if (parameter.scale() == Scale.INT) {
            return Math.max(1, Math.round(Math.scalb((parameter.high() - parameter.low()) / 8, level)));
        }
        return Math.max(1, Math.round(Math.scalb((double) UNITS / 8, level)));
    }

    /** {@code index} moved within the range. */
    long clamp(long index) {
        return Math.max(low, Math.min(high, index));
    }

    /** The value at {@code index}, rounded for printing and kept within the range. */
    double value(long index) {
        if (index == 0 && parameter.scale() != Scale.INT) {
            return baseline;
        }
        switch (parameter.scale()) {
            case INT:
                return index;
            case LOG: {
                double x = Math.exp(anchor + index * unit);
                double v = round(x, new MathContext(digits, RoundingMode.HALF_EVEN));
                if (v > parameter.high()) {
                    v = round(x, new MathContext(digits, RoundingMode.FLOOR));
                } else if (v < parameter.low()) {
                    v = round(x, new MathContext(digits, RoundingMode.CEILING));
                }
                return v;
            }
            default: {
                double x = anchor + index * unit;
                double v = scale(x, RoundingMode.HALF_EVEN);
                if (v > parameter.high()) {
                    v = scale(x, RoundingMode.FLOOR);
                } else if (v < parameter.low()) {
                    v = scale(x, RoundingMode.CEILING);
                }
                return v;
            }
        }
    }

    private double scale(double x, RoundingMode mode) {
        return new BigDecimal(x).setScale(decimals, mode).doubleValue() + 0.0;
    }

    private static double round(double x, MathContext context) {
        return new BigDecimal(x).round(context).doubleValue();
    }

    private double u(double value) {
        return parameter.scale() == Scale.LOG ? Math.log(value) : value;
    }
}
