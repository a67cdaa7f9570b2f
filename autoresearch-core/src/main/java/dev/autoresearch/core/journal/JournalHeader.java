package dev.autoresearch.core.journal;

import dev.autoresearch.core.Direction;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The first line of a journal: what the session measures and where it started.
 *
 * @param tag         the session's tag
 * @param programHash {@link dev.autoresearch.core.ProgramSpec#hash()} when the session started
 * @param metric      the primary metric
 * @param direction   which way is better
 * @param secondary   the other metrics recorded, in results.tsv column order
 * @param baseCommit  the user's HEAD the branch was made from
 * @param startedAt   when the session started
 * @param keep        the keep rule and the confidence the session started with; empty in a journal
 *                    written before they were recorded
 */
public record JournalHeader(
        String tag,
        String programHash,
        String metric,
        Direction direction,
        List<String> secondary,
        String baseCommit,
        Instant startedAt,
        Optional<RecordedRule> keep) {

    public JournalHeader {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(programHash, "programHash");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(direction, "direction");
        secondary = List.copyOf(secondary);
        Objects.requireNonNull(baseCommit, "baseCommit");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(keep, "keep");
    }

    /** A header that does not say how keeps were decided. */
    public JournalHeader(String tag, String programHash, String metric, Direction direction, List<String> secondary,
                         String baseCommit, Instant startedAt) {
        this(tag, programHash, metric, direction, secondary, baseCommit, startedAt, Optional.empty());
    }

    /**
     * How the session decided keeps, for readers of its files ({@code status}, the report).
     *
     * @param rule       the keep rule
     * @param confidence the confidence its significant keeps needed, and of the final gain's interval
     */
    public record RecordedRule(dev.autoresearch.core.keep.KeepSettings.Rule rule, double confidence) {
        public RecordedRule {
            Objects.requireNonNull(rule, "rule");
        }
    }
}
