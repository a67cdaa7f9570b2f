package dev.autoresearch.host;

import dev.autoresearch.core.Constraint;
import dev.autoresearch.core.TunedParameter;
import dev.autoresearch.core.program.KeyValues;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one-string forms an option takes for a program.md value that the file writes as a mapping:
 * {@code memory_gb<=80} for a constraint, {@code train.py:LR=0.0001..0.01:log} for a tuned
 * constant, {@code NAME=VALUE} for a variable, {@code 64k} for a size. Every host parses its options with these.
 */
public final class ProgramValues {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*([km]?)(?:i?b)?", Pattern.CASE_INSENSITIVE);
    /** What {@link #tunedParameter} expects, for messages. */
    public static final String TUNED_FORM = KeyValues.TUNED_FORM;

    private ProgramValues() {
    }

    /**
     * {@code memory_gb<=80}: a metric name (no spaces), a comparison and a number.
     *
     * @throws IllegalArgumentException naming the expected form
     */
    public static Constraint constraint(String value) {
        return KeyValues.constraint(value);
    }

    /**
     * {@code train.py:LEARNING_RATE=0.0001..0.01:log}: file, constant, range and optionally the scale.
     *
     * @throws IllegalArgumentException naming the expected form
     */
    public static TunedParameter tunedParameter(String value) {
        return KeyValues.tunedParameter(value);
    }

    /**
     * A size in bytes: {@code 100000}, {@code 64k} (KiB) or {@code 1m} (MiB).
     *
     * @throws IllegalArgumentException naming the expected form
     */
    public static long size(String value) {
        Matcher m = SIZE.matcher(value.strip());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException("expected a positive size in bytes such as 100000, 64k or 1m, got '"
                    + value + "'");
        }
        String unit = m.group(2).toLowerCase(java.util.Locale.ROOT);
        return Long.parseLong(m.group(1)) * (unit.equals("m") ? 1024 * 1024 : unit.equals("k") ? 1024 : 1);
    }

    /**
     * {@code NAME=VALUE}.
     *
     * @throws IllegalArgumentException when there is no {@code =} or no name
     */
    public static Map.Entry<String, String> variable(String value) {
        return KeyValues.variable(value);
    }
}
