package dev.autoresearch.core;

import java.util.Objects;

/**
 * Reads metric values from a finished run: from its log, or from a file it wrote in its working
 * directory. A name that is not found is simply absent from the result; the judge decides what a
 * missing primary metric means.
 *
 * <p>A host writes its own in a few lines:
 * <pre>{@code
 * MetricExtractor tokensPerSecond = run -> {
 *     String last = Files.readString(run.log()).lines().reduce((a, b) -> b).orElse("");
 *     return Metrics.of("tok_per_s", Double.parseDouble(last.split("=")[1]));
 * };
 * }</pre>
 * The standard extractors live in {@code dev.autoresearch.runners.MetricExtractors}.
 *
 * <p>Threads: called on the thread of the lane whose run ended; with several lanes, calls overlap.
 */
@FunctionalInterface
public interface MetricExtractor {

    /**
     * The metrics found in this run's output.
     *
     * @throws Exception only for I/O failures; the loop records them as a crash of the experiment
     */
    Metrics extract(RunResult run) throws Exception;

    /** Both extractors; where both find a name, {@code other}'s value wins. */
    default MetricExtractor and(MetricExtractor other) {
        Objects.requireNonNull(other, "other");
        return run -> extract(run).merge(other.extract(run));
    }
}
