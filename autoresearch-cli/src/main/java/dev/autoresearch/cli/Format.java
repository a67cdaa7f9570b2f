package dev.autoresearch.cli;

import dev.autoresearch.host.report.ReportNumbers;


/** Number, percentage and text formatting for the progress lines, the summary and status, as the report writes them. */
final class Format {
    private Format() {
    }

    /** A metric value: six decimals like results.tsv, or six significant digits when very large or small. */
    static String metric(double v) {
        return ReportNumbers.metric(v);
    }

    /** The relative change from {@code reference} to {@code value}, signed, as {@code -13.8%}; empty when undefined. */
    static String percent(double value, double reference) {
        return ReportNumbers.percent(value, reference);
    }

    /** {@code text} cut to {@code width} characters, ending in {@code ...} when cut. */
    static String truncate(String text, int width) {
        return ReportNumbers.truncate(text, width);
    }

    /** The first line of {@code text}, stripped. */
    static String firstLine(String text) {
        String s = text.strip();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl).strip();
    }
}
