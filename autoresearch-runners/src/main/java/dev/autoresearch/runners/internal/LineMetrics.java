package dev.autoresearch.runners.internal;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The two line forms that programs print their metrics in. */
public final class LineMetrics {
    /**
     * A summary line, as Karpathy's train.py prints them: {@code val_bpb:          0.997900}. The
     * whole line is a name, a colon and a number, so that ordinary log lines
     * ({@code step 00953 (100.0%) | loss: 3.1}, {@code time: 12:30:01}) are not read as metrics.
     * The name starts with a letter or {@code _} and has no spaces or colons; so {@code val-loss},
     * {@code tok/s} and {@code scöre} are names, {@code 2024-01-01} and {@code INFO:root} are not.
     */
    private static final Pattern SUMMARY_NAME = Pattern.compile("[\\p{L}_][^\\s:]*");
    private static final Pattern SUMMARY = Pattern.compile("\\s*(" + SUMMARY_NAME + ")\\s*:\\s*(\\S+)\\s*");
    /** A {@code METRIC name=value} line, as pi-autoresearch scripts print them; the name is anything without spaces or {@code =}. */
    private static final Pattern METRIC = Pattern.compile("\\s*METRIC\\s+([^\\s=]+)\\s*=\\s*(\\S+)\\s*");

    private LineMetrics() {
    }

    /** Puts the metric of a summary line into {@code into}; false when the line is not one. */
    public static boolean summary(String line, Map<String, Double> into) {
        if (line.indexOf(':') < 0) {
            return false;
        }
        return put(SUMMARY.matcher(line), into);
    }

    /** Puts the metric of a {@code METRIC name=value} line into {@code into}; false when the line is not one. */
    public static boolean metric(String line, Map<String, Double> into) {
        if (!line.contains("METRIC")) {
            return false;
        }
        return put(METRIC.matcher(line), into);
    }

    private static boolean put(Matcher m, Map<String, Double> into) {
        if (!m.matches()) {
            return false;
        }
        OptionalDouble value = Numbers.parse(m.group(2));
        if (value.isEmpty()) {
            return false;
        }
        into.put(m.group(1), value.getAsDouble());
        return true;
    }
}
