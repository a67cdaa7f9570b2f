package dev.autoresearch.core;

import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A metric computed from another one, written in program.md as {@code memory_gb: "peak_vram_mb / 1024"}:
 * recorded and shown in results.tsv like a metric the run printed, so that a table can have the
 * columns another tool reads (Karpathy's analysis notebook wants {@code memory_gb}, train.py prints
 * {@code peak_vram_mb}). The expression is deliberately tiny, a metric name optionally multiplied
 * or divided by a number, so it can be read at a glance and never runs code (a source metric whose
 * name has {@code *} or {@code /} in it cannot be used).
 *
 * @param name   the computed metric's name
 * @param source the metric it is computed from
 * @param factor what the source is multiplied by (a division is stored as its reciprocal)
 * @param expression the expression as written, for messages and {@link #toString()}
 */
public record ComputedColumn(String name, String source, double factor, String expression) {
    private static final Pattern FORM = Pattern.compile("\\s*([^\\s*/]+)\\s*(?:([*/])\\s*([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?))?\\s*");

    public ComputedColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(expression, "expression");
        if (!ProgramSpec.METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a column name must be a metric name without spaces such as memory_gb, got '"
                    + name + "'");
        }
        if (!Double.isFinite(factor) || factor == 0) {
            throw new IllegalArgumentException("the factor of column '" + name + "' must be a finite, non-zero number");
        }
        if (name.equals(source)) {
            throw new IllegalArgumentException("column '" + name + "' is computed from itself; give it another name");
        }
    }

    /**
     * Parses {@code "peak_vram_mb / 1024"}, {@code "seconds * 1000"} or a bare {@code "val_bpb"} (a copy
     * under another name).
     *
     * @throws IllegalArgumentException saying which form is expected
     */
    public static ComputedColumn parse(String name, String expression) {
        Objects.requireNonNull(expression, "expression");
        Matcher m = FORM.matcher(expression);
        if (!m.matches() || !ProgramSpec.METRIC_NAME.matcher(m.group(1)).matches()) {
            throw new IllegalArgumentException(expectedForm(expression));
        }
        double factor = 1;
        if (m.group(2) != null) {
            double number = Double.parseDouble(m.group(3));
            if (number == 0) {
                throw new IllegalArgumentException("column '" + name + "': cannot multiply or divide by 0 in '"
                        + expression + "'");
            }
            factor = m.group(2).equals("/") ? 1 / number : number;
        }
        return new ComputedColumn(name, m.group(1), factor, expression.strip());
    }

    private static String expectedForm(String expression) {
        return "expected a metric, optionally multiplied or divided by a number, such as \"peak_vram_mb / 1024\", got '"
                + expression + "'";
    }

    /** This column's value from the run's metrics; empty when its source metric is missing. */
    public OptionalDouble valueIn(Metrics metrics) {
        OptionalDouble v = metrics.get(source);
        return v.isPresent() ? OptionalDouble.of(v.getAsDouble() * factor) : OptionalDouble.empty();
    }

    /**
     * {@code extractor} followed by these columns: each computed from what the extractor read, and
     * replacing a metric of the same name that the run printed.
     */
    public static MetricExtractor appendTo(MetricExtractor extractor, List<ComputedColumn> columns) {
        Objects.requireNonNull(extractor, "extractor");
        List<ComputedColumn> all = List.copyOf(columns);
        if (all.isEmpty()) {
            return extractor;
        }
        return run -> {
            Metrics read = extractor.extract(run);
            Map<String, Double> computed = new LinkedHashMap<>();
            for (ComputedColumn c : all) {
                c.valueIn(read).ifPresent(v -> computed.put(c.name(), v));
            }
            return read.merge(Metrics.of(computed));
        };
    }

    @Override
    public String toString() {
        return name + " = " + expression;
    }
}
