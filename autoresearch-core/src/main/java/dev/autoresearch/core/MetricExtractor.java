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
 * An extractor that reads a file the run writes should check that this run wrote it: a run that
 * fails before writing it must not be given an earlier run's value. The loop removes what a run
 * leaves before the next one, except the paths a program keeps ({@code keep-paths}); a file last
 * modified before {@link RunResult#started()} is such a leftover, and the built-in file extractors
 * ignore it:
 * <pre>{@code
 * Path file = run.workingDirectory().resolve("tps.txt");
 * if (!Files.isRegularFile(file) || Files.getLastModifiedTime(file).toInstant().isBefore(run.started())) {
 *     return Metrics.empty();
 * }
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
