package dev.autoresearch.core;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints the short durations used in program.md and on the command line: {@code 90s}, {@code 10m}, {@code 1h30m}. */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

    private Durations() {
    }

    /**
     * Parses {@code 500ms}, {@code 90s}, {@code 10m}, {@code 2h}, {@code 1d}, combinations such as
     * {@code 1h30m}, a bare number of seconds, or an ISO-8601 duration ({@code PT10M}).
     *
     * @throws IllegalArgumentException with the expected forms
     */
    public static Duration parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.trim().toLowerCase(Locale.ROOT).replace(" ", "");
        if (t.isEmpty()) {
            throw new IllegalArgumentException("expected a duration such as 90s, 10m or 2h, got an empty value");
        }
        if (t.startsWith("p")) {
            try {
                return positive(Duration.parse(t.toUpperCase(Locale.ROOT)), text);
            } catch (java.time.format.DateTimeParseException e) {
                throw bad(text);
            }
        }
        if (t.matches("\\d+(\\.\\d+)?")) {
            return positive(Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000)), text);
        }
        Matcher m = PART.matcher(t);
        int end = 0;
        Duration total = Duration.ZERO;
        while (m.find()) {
            if (m.start() != end) {
                throw bad(text);
            }
            double amount = Double.parseDouble(m.group(1));
            long millis;
            switch (m.group(2)) {
                case "ms": millis = Math.round(amount); break;
                case "s": millis = Math.round(amount * 1_000); break;
                case "m": millis = Math.round(amount * 60_000); break;
                case "h": millis = Math.round(amount * 3_600_000); break;
                default: millis = Math.round(amount * 86_400_000); break;
            }
            total = total.plusMillis(millis);
            end = m.end();
        }
        if (end != t.length()) {
            throw bad(text);
        }
        return positive(total, text);
    }

    private static Duration positive(Duration d, String text) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("expected a positive duration, got '" + text + "'");
        }
        return d;
    }

    private static IllegalArgumentException bad(String text) {
        return new IllegalArgumentException(
                "expected a duration such as 90s, 10m, 2h or 1h30m, got '" + text + "'");
    }

    /** A short human form: {@code 850ms}, {@code 42.1s}, {@code 5m03s}, {@code 2h07m}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1_000) {
            return ms + "ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        long s = ms / 1000;
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
