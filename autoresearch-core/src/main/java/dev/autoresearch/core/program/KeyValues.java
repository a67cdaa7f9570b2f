package dev.autoresearch.core.program;

import dev.autoresearch.core.Constraint;
import dev.autoresearch.core.TunedParameter;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one-string forms a key's value takes outside program.md (a flag, a plugin parameter):
 * {@code memory_gb<=80} for a constraint, {@code train.py:LR=0.0001..0.01:log} for a tuned constant,
 * {@code NAME=VALUE} for a variable, and the scalars. Every failure is an
 * {@link IllegalArgumentException} that says what is expected.
 */
public final class KeyValues {
    private static final Pattern CONSTRAINT = Pattern.compile("\\s*([^\\s<>=#-][^\\s<>=]*)\\s*((?:<=|>=|==|<|>|=).*)");
    private static final Pattern TUNED = Pattern.compile(
            "(.+?):([A-Za-z_][A-Za-z0-9_.-]*)=([-+]?[0-9.eE+-]+?)\\.\\.([-+]?[0-9.eE+-]+?)(?::([A-Za-z]+))?");
    /** What {@link #tunedParameter} expects, for messages. */
    public static final String TUNED_FORM = "expected FILE:NAME=LOW..HIGH[:linear|log|int] such as "
            + "'train.py:LEARNING_RATE=0.0001..0.01:log'";

    private KeyValues() {
    }

    /**
     * {@code memory_gb<=80}: a metric name (no spaces), a comparison and a number.
     *
     * @throws IllegalArgumentException naming the expected form
     */
    public static Constraint constraint(String value) {
        String expected = "expected a metric, a comparison and a number such as 'memory_gb<=80', got '" + value + "'";
        Matcher m = CONSTRAINT.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException(expected);
        }
        try {
            return Constraint.parse(m.group(1), m.group(2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(expected, e);
        }
    }

    /**
     * {@code train.py:LEARNING_RATE=0.0001..0.01:log}: file, constant, range and optionally the scale.
     *
     * @throws IllegalArgumentException naming the expected form
     */
    public static TunedParameter tunedParameter(String value) {
        Matcher m = TUNED.matcher(value.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(TUNED_FORM + ", got '" + value + "'");
        }
        try {
            TunedParameter.Scale scale = m.group(5) == null ? TunedParameter.Scale.LINEAR
                    : TunedParameter.Scale.parse(m.group(5));
            return new TunedParameter(m.group(1), m.group(2), Double.parseDouble(m.group(3)),
                    Double.parseDouble(m.group(4)), scale);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(TUNED_FORM + ", got '" + value + "'", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " in '" + value + "'", e);
        }
    }

    /**
     * {@code NAME=VALUE}.
     *
     * @throws IllegalArgumentException when there is no {@code =} or no name
     */
    public static Map.Entry<String, String> variable(String value) {
        int eq = value.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("expected NAME=VALUE, got '" + value + "'");
        }
        return Map.entry(value.substring(0, eq).strip(), value.substring(eq + 1));
    }

    /** True when a sandboxed run may be given {@code path} to write: absolute, or under the home directory ({@code ~/}). */
    public static boolean isWritablePath(String path) {
        return path.equals("~") || path.startsWith("~/") || path.startsWith("/");
    }

    /** The one value of a single-valued key. */
    static String one(List<String> values) {
        if (values.size() != 1) {
            throw new IllegalArgumentException("expected one value, got " + values.size() + ": " + values);
        }
        return values.get(0);
    }

    static boolean bool(List<String> values) {
        String v = one(values).toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("expected true or false, got '" + one(values) + "'");
        }
        return Boolean.parseBoolean(v);
    }

    static int whole(List<String> values) {
        try {
            return Integer.parseInt(one(values));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number, got '" + one(values) + "'", e);
        }
    }

    static double number(List<String> values) {
        try {
            return Double.parseDouble(one(values));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number, got '" + one(values) + "'", e);
        }
    }
}
