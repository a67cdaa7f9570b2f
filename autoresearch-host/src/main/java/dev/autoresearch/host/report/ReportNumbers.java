package dev.autoresearch.host.report;

import dev.autoresearch.core.keep.Evidence;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How metrics, changes and titles are written: one definition for the chart, the page and the
 * command's lines, so they never disagree.
 */
public final class ReportNumbers {
    private ReportNumbers() {
    }

    /** A metric value: six decimals like results.tsv, or six significant digits when very large or small. */
    public static String metric(double v) {
        double a = Math.abs(v);
        if (a != 0 && (a >= 1e7 || a < 1e-4)) {
            return String.format(Locale.ROOT, "%.6g", v);
        }
        return String.format(Locale.ROOT, "%.6f", v);
    }

    /** The relative change from {@code reference} to {@code value} in percent; empty when undefined. */
    public static OptionalDouble change(double value, double reference) {
        if (reference == 0 || !Double.isFinite(value) || !Double.isFinite(reference)) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of((value - reference) / Math.abs(reference) * 100);
    }

    /**
     * {@link #change} signed, as {@code -13.8%}; empty when undefined. A change too small for one
     * decimal gets two significant digits ({@code -0.012%}), so that a real gain of the size
     * Karpathy's runs make never reads as 0.
     */
    public static String percent(double value, double reference) {
        OptionalDouble c = change(value, reference);
        if (c.isEmpty()) {
            return "";
        }
        double a = Math.abs(c.getAsDouble());
        int decimals = a == 0 || a >= 0.05 ? 1 : Math.min(12, (int) Math.ceil(-Math.log10(a)) + 1);
        return String.format(Locale.ROOT, "%+." + decimals + "f%%", c.getAsDouble());
    }

    /** {@code text} cut to {@code width} characters, ending in {@code ...} when cut. */
    public static String truncate(String text, int width) {
        if (text.length() <= width) {
            return text;
        }
        return width <= 3 ? text.substring(0, width) : text.substring(0, width - 3) + "...";
    }

    /** {@code val_loss: baseline 0.812345 -> best 0.600000 (-26.1%)}. */
    public static String improvementLine(String metric, OptionalDouble baseline, OptionalDouble best) {
        return improvementLine(metric, baseline, best, Optional.empty());
    }

    /**
     * {@code val_loss: baseline 0.997900 -> best 0.970000 (-2.8% +/- 0.4% at 95%)} when the final
     * gain has an interval: the change is then of the means of every run of both sides (see
     * {@link dev.autoresearch.core.keep.FinalGain}), the values shown the recorded medians. Without
     * an interval, the change from baseline to best as {@link #percent} writes it.
     */
    public static String improvementLine(String metric, OptionalDouble baseline, OptionalDouble best,
                                         Optional<Evidence> finalGain) {
        if (baseline.isEmpty()) {
            return metric + ": no baseline yet";
        }
        String line = metric + ": baseline " + metric(baseline.getAsDouble());
        if (best.isPresent()) {
            line += " -> best " + metric(best.getAsDouble());
            String pct = withInterval(finalGain).orElseGet(() -> percent(best.getAsDouble(), baseline.getAsDouble()));
            if (!pct.isEmpty()) {
                line += " (" + pct + ")";
            }
        }
        return line;
    }

    /** The final gain as {@code -2.8% +/- 0.4% at 95%} when it has an interval; empty otherwise. */
    public static Optional<String> withInterval(Optional<Evidence> finalGain) {
        return finalGain.filter(g -> g.halfWidth().isPresent()).map(Evidence::differenceWithInterval);
    }
}
