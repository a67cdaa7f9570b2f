package dev.autoresearch.core;

import java.time.Duration;
import java.time.Instant;

/**
 * What a {@link ResearchState} derives from its records, carried from each state to the next as one
 * record is added, so that the loop's frequent questions (the champion, the streaks, the counts, the
 * time and tokens spent) cost the same at the ten-thousandth experiment as at the first.
 *
 * @param bestIndex     the index of the champion: the last keep crowned (the baseline counts), -1 before the baseline
 * @param kept          kept records after the baseline
 * @param sinceLastKeep records since the last keep (or the baseline)
 * @param failureStreak failures in a row at the end
 * @param statusCounts  records after the baseline, by {@link Status} ordinal; never changed once made
 * @param usage         tokens of every record
 * @param maxNumber     the highest experiment number recorded, -1 when none
 * @param activeTime    the union of the records' spans
 * @param latestStart   the latest start of a record
 * @param coveredUntil  the latest end of a record
 */
record Tally(int bestIndex, int kept, int sinceLastKeep, int failureStreak, int[] statusCounts, TokenUsage usage,
             int maxNumber, Duration activeTime, Instant latestStart, Instant coveredUntil) {
    static final Tally NONE = new Tally(-1, 0, 0, 0, new int[Status.values().length], TokenUsage.ZERO, -1,
            Duration.ZERO, Instant.MIN, Instant.MIN);

    /**
     * The tally once {@code record} is added at {@code index}.
     *
     * @param covered how much of the record's span no earlier record covered
     */
    Tally with(int index, ExperimentRecord record, Duration covered) {
        boolean baseline = index == 0;
        boolean keep = record.status() == Status.KEEP;
        int[] counts = statusCounts;
        if (!baseline) {
            counts = statusCounts.clone();
            counts[record.status().ordinal()]++;
        }
        Instant end = record.startedAt().plus(record.duration());
        return new Tally(keep && record.champion() ? index : bestIndex,
                kept + (keep && !baseline ? 1 : 0),
                baseline || keep ? 0 : sinceLastKeep + 1,
                !baseline && record.status().isFailure() ? failureStreak + 1 : 0,
                counts,
                usage.plus(record.usage()),
                Math.max(maxNumber, record.experiment()),
                activeTime.plus(covered),
                record.startedAt().isAfter(latestStart) ? record.startedAt() : latestStart,
                end.isAfter(coveredUntil) ? end : coveredUntil);
    }

    /** Whether {@code record} starts no earlier than every record so far: its new time is then past {@link #coveredUntil}. */
    boolean inOrder(ExperimentRecord record) {
        return !record.startedAt().isBefore(latestStart);
    }

    /** How much of an in-order record's span is past every earlier record's end. */
    Duration newlyCovered(ExperimentRecord record) {
        Instant start = record.startedAt().isAfter(coveredUntil) ? record.startedAt() : coveredUntil;
        Instant end = record.startedAt().plus(record.duration());
        return end.isAfter(start) ? Duration.between(start, end) : Duration.ZERO;
    }
}
