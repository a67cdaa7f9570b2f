package dev.autoresearch.runners.internal;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Reads the JSON result file of JMH ({@code -rf json}): an array with one entry per benchmark and
 * parameter combination.
 *
 * <p>Names: {@code Class.method} (the package left out), then {@code :param=value,param=value}
 * when the benchmark has parameters; a secondary metric (from a profiler such as {@code -prof gc})
 * adds {@code /name}. Each score's error is the same name with {@code .error}. JMH writes the
 * values that are not finite as strings ({@code "NaN"}, {@code "+INF"}, {@code "-INF"}); they are
 * read as such and then dropped, like every value that is not finite.
 */
public final class JmhResults {
    private JmhResults() {
    }

    /** The metrics of a JMH result document, in file order; later entries win on equal names. */
    public static Map<String, Double> metrics(JsonNode root) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (root == null || !root.isArray()) {
            return metrics;
        }
        for (JsonNode entry : root) {
            String benchmark = entry.path("benchmark").asText("");
            if (benchmark.isEmpty()) {
                continue;
            }
            String name = shortName(benchmark) + params(entry.path("params"));
            score(entry.path("primaryMetric"), name, metrics);
            for (Map.Entry<String, JsonNode> metric : entry.path("secondaryMetrics").properties()) {
                String label = metric.getKey().startsWith("\u00b7") ? metric.getKey().substring(1) : metric.getKey();
                score(metric.getValue(), name + "/" + label, metrics);
            }
        }
        return metrics;
    }

    private static void score(JsonNode metric, String name, Map<String, Double> into) {
        if (!metric.isObject()) {
            return;
        }
        OptionalDouble score = Json.number(metric.get("score"));
        if (score.isPresent()) {
            into.put(name, score.getAsDouble());
        }
        OptionalDouble error = Json.number(metric.get("scoreError"));
        if (error.isPresent()) {
            into.put(name + ".error", error.getAsDouble());
        }
    }

    /** {@code org.example.Bench.method} becomes {@code Bench.method}. */
    static String shortName(String benchmark) {
        int method = benchmark.lastIndexOf('.');
        if (method <= 0) {
            return benchmark;
        }
        int type = benchmark.lastIndexOf('.', method - 1);
        return benchmark.substring(type + 1);
    }

    private static String params(JsonNode params) {
        if (!params.isObject() || params.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(":");
        for (Map.Entry<String, JsonNode> p : params.properties()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append(p.getKey()).append('=').append(p.getValue().asText());
        }
        return sb.toString();
    }
}
