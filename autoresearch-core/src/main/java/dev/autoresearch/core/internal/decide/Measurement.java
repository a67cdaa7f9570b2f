package dev.autoresearch.core.internal.decide;

import dev.autoresearch.core.Metrics;
import dev.autoresearch.core.Status;

import java.util.List;
import java.util.Optional;

/**
 * What a lane brings back from running a commit: the metrics of each run that completed, or the
 * failure that ended the series, or the news that the host interrupted it (then nothing is recorded
 * and a resumed session runs it again).
 *
 * @param runs        the metrics of each completed run, in order
 * @param failure     why the series ended early, as the status and reason the record gets
 * @param interrupted true when the host stopped the run: not an outcome of the experiment
 */
public record Measurement(List<Metrics> runs, Optional<Failure> failure, boolean interrupted) {
    public Measurement {
        runs = List.copyOf(runs);
    }

    /** A failure of the experiment itself: a crash, a timeout, a run that broke the rules. */
    public record Failure(Status status, String reason) {
    }

    public static Measurement interrupted(List<Metrics> runs) {
        return new Measurement(runs, Optional.empty(), true);
    }

    public static Measurement failed(List<Metrics> runs, Status status, String reason) {
        return new Measurement(runs, Optional.of(new Failure(status, reason)), false);
    }
}
