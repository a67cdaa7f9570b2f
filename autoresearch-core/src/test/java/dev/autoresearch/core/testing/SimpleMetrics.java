package dev.autoresearch.core.testing;

import dev.autoresearch.core.MetricExtractor;
import dev.autoresearch.core.Metrics;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A metric extractor for core tests: {@code name: number} lines, the last value of a name wins. */
public final class SimpleMetrics {
    private static final Pattern LINE = Pattern.compile("^\\s*([A-Za-z_][\\w.]*):\\s+([-+0-9.eE]+|nan|inf)\\s*$");

    private SimpleMetrics() {
    }

    public static MetricExtractor summaryLines() {
        return run -> {
            Map<String, Double> values = new LinkedHashMap<>();
            for (String line : Files.readAllLines(run.log())) {
                Matcher m = LINE.matcher(line);
                if (m.matches()) {
                    values.put(m.group(1), Double.parseDouble(m.group(2).replace("inf", "Infinity").replace("nan", "NaN")));
                }
            }
            return Metrics.of(values);
        };
    }
}
