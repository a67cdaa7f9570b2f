package dev.autoresearch.host;

import dev.autoresearch.host.report.ReportNumbers;

import java.util.List;

/** Number, percentage and text formatting shared by the progress lines, the summary, status and the chart. */
public final class Format {
    private Format() {
    }

    /** A metric value: six decimals like results.tsv, or six significant digits when very large or small. */
    public static String metric(double v) {
        return dev.autoresearch.host.report.ReportNumbers.metric(v);
    }

    /**
     * The relative change from {@code reference} to {@code value}, signed, as {@code -13.8%}; empty
     * when undefined. A change too small for one decimal gets two significant digits
     * ({@code -0.012%}), so that a real gain of the size Karpathy's runs make never reads as 0.
     */
    public static String percent(double value, double reference) {
        return dev.autoresearch.host.report.ReportNumbers.percent(value, reference);
    }

    /** {@code text} cut to {@code width} characters, ending in {@code ...} when cut. */
    public static String truncate(String text, int width) {
        return dev.autoresearch.host.report.ReportNumbers.truncate(text, width);
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

    /** Experiment numbers as a list for a sentence: {@code #3}, {@code #3 and #4}, {@code #3, #4 and #7}. */
    public static String experiments(java.util.List<Integer> numbers) {
        java.util.List<String> named = numbers.stream().map(n -> "#" + n).toList();
        if (named.size() <= 1) {
            return String.join("", named);
        }
        return String.join(", ", named.subList(0, named.size() - 1)) + " and " + named.get(named.size() - 1);
    }

    /** What a session stopped midway left for its resume: its proposals not recorded, which run again. */
    public static java.util.Optional<String> unrecorded(dev.autoresearch.core.ResearchState state) {
        java.util.List<Integer> pending = state.pending().stream()
                .map(dev.autoresearch.core.PendingExperiment::experiment).sorted().toList();
        if (pending.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(experiments(pending) + (pending.size() == 1 ? " was" : " were")
                + " proposed or under way, not recorded; " + (pending.size() == 1 ? "it runs" : "they run")
                + " again under " + (pending.size() == 1 ? "its number" : "their numbers"));
    }
}
