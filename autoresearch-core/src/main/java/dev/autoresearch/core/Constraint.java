package dev.autoresearch.core;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bound on a secondary metric that a kept experiment must respect, written in program.md as
 * {@code memory_gb: "<= 80"}.
 *
 * @param metric   the metric it bounds
 * @param operator the comparison
 * @param bound    the value compared against
 */
public record Constraint(String metric, Operator operator, double bound) {
    private static final Pattern FORM = Pattern.compile("\\s*(<=|>=|<|>|==|=)\\s*([-+]?[0-9.]+(?:[eE][-+]?\\d+)?)\\s*");

    /** The comparisons a constraint can make. */
    public enum Operator {
        LE("<="), GE(">="), LT("<"), GT(">"), EQ("==");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        boolean test(double value, double bound) {
            switch (this) {
                case LE: return value <= bound;
                case GE: return value >= bound;
                case LT: return value < bound;
                case GT: return value > bound;
                default: return value == bound;
            }
        }
    }

    public Constraint {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(operator, "operator");
        if (!Double.isFinite(bound)) {
            throw new IllegalArgumentException("a constraint bound must be a finite number");
        }
    }

    /**
     * Parses {@code "<= 80000"}, {@code ">= 0.9"}, {@code "< 3"}, {@code "== 0"}.
     *
     * @throws IllegalArgumentException with the expected form
     */
    public static Constraint parse(String metric, String expression) {
        Matcher m = FORM.matcher(expression);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a comparison such as \"<= 80000\" or \">= 0.9\", got '"
                    + expression + "'");
        }
        String op = m.group(1);
        Operator operator = op.equals("=") ? Operator.EQ : java.util.Arrays.stream(Operator.values())
                .filter(o -> o.symbol.equals(op)).findFirst().orElseThrow();
        try {
            return new Constraint(metric, operator, Double.parseDouble(m.group(2)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a comparison such as \"<= 80000\" or \">= 0.9\", got '"
                    + expression + "'");
        }
    }

    /** True when {@code value} respects the bound. */
    public boolean isSatisfiedBy(double value) {
        return operator.test(value, bound);
    }

    @Override
    public String toString() {
        return metric + " " + operator.symbol + " " + String.format(Locale.ROOT, "%s", bound);
    }
}
