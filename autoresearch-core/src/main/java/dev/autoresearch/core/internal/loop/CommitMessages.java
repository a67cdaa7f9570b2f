package dev.autoresearch.core.internal.loop;

import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.Status;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/** The messages of experiment commits: the title, the rationale and trailers a script can read. */
final class CommitMessages {
    private CommitMessages() {
    }

    static String of(Hypothesis h, int experiment, Optional<String> trailers) {
        StringBuilder m = new StringBuilder(h.title());
        if (!h.rationale().isBlank()) {
            m.append("\n\n").append(h.rationale().strip());
        }
        m.append("\n\nAutoresearch-Experiment: ").append(experiment);
        trailers.ifPresent(t -> m.append('\n').append(t));
        return m.append('\n').toString();
    }

    static String trailers(Status status, String metricName, OptionalDouble metric) {
        return "Autoresearch-Status: " + status.keyword() + (metric.isPresent()
                ? "\nAutoresearch-Metric: " + metricName + "=" + String.format(Locale.ROOT, "%.6f", metric.getAsDouble())
                : "");
    }
}
