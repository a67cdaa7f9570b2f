package dev.autoresearch.host;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Status;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/** Number, percentage and text formatting shared by the progress lines, the summary, status and the chart. */
public final class Format {
    private Format() {
    }

    /** A metric value: six decimals like results.tsv, or six significant digits when very large or small. */
    public static String metric(double v) {
        double a = Math.abs(v);
        if (a != 0 && (a >= 1e7 || a < 1e-4)) {
            return String.format(Locale.ROOT, "%.6g", v);
        }
        return String.format(Locale.ROOT, "%.6f", v);
    }

    /**
     * The relative change from {@code reference} to {@code value}, signed, as {@code -13.8%}; empty
     * when undefined. A change too small for one decimal gets two significant digits
     * ({@code -0.012%}), so that a real gain of the size Karpathy's runs make never reads as 0.
     */
    public static String percent(double value, double reference) {
        if (reference == 0 || !Double.isFinite(value) || !Double.isFinite(reference)) {
            return "";
        }
        double pct = (value - reference) / Math.abs(reference) * 100;
        double a = Math.abs(pct);
        int decimals = a == 0 || a >= 0.05 ? 1 : Math.min(12, (int) Math.ceil(-Math.log10(a)) + 1);
        return String.format(Locale.ROOT, "%+." + decimals + "f%%", pct);
    }

    /** {@code text} cut to {@code width} characters, ending in {@code ...} when cut. */
    public static String truncate(String text, int width) {
        if (text.length() <= width) {
            return text;
        }
        return width <= 3 ? text.substring(0, width) : text.substring(0, width - 3) + "...";
    }

    /**
     * The first line of a reason for a one-line display; when it ends with a colon (as
     * {@code ...; last lines of runs/3.log:} does), the last line of the rest is added after it, so
     * that the line never ends on a colon with nothing after it.
     */
    public static String reasonLine(String text) {
        String s = text.strip();
        String first = firstLine(s);
        int nl = s.indexOf('\n');
        if (!first.endsWith(":") || nl < 0) {
            return truncate(first, 90);
        }
        List<String> rest = s.substring(nl + 1).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return rest.isEmpty() ? truncate(first, 90)
                : truncate(first, 90) + " ... " + truncate(rest.get(rest.size() - 1), 60);
    }

    /** The first line of {@code text}, stripped. */
    public static String firstLine(String text) {
        String s = text.strip();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl).strip();
    }

    /**
     * The best metric before record {@code experiment}: the latest kept record before it. The
     * records are a session's history in order.
     */
    public static OptionalDouble bestBefore(List<ExperimentRecord> history, int experiment) {
        for (int i = Math.min(experiment, history.size()) - 1; i >= 0; i--) {
            ExperimentRecord r = history.get(i);
            if (r.status() == Status.KEEP && r.metric().isPresent()) {
                return r.metric();
            }
        }
        return OptionalDouble.empty();
    }
}
