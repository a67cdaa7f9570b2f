package dev.autoresearch.core.journal;

import dev.autoresearch.core.Direction;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

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
 */
public record JournalHeader(
        String tag,
        String programHash,
        String metric,
        Direction direction,
        List<String> secondary,
        String baseCommit,
        Instant startedAt) {

    public JournalHeader {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(programHash, "programHash");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(direction, "direction");
        secondary = List.copyOf(secondary);
        Objects.requireNonNull(baseCommit, "baseCommit");
        Objects.requireNonNull(startedAt, "startedAt");
    }
}
