package dev.autoresearch.host.report;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.TokenUsage;
import dev.autoresearch.core.journal.Journal;
import dev.autoresearch.core.journal.JournalHeader;
import dev.autoresearch.core.journal.SessionFiles;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** Hand-made records and journals, for sessions the loop cannot make yet (parallel lanes) or that are long. */
final class Records {
    static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    private Records() {
    }

    static ExperimentRecord record(int n, String title, Status status, Double metric, long millis, String reason) {
        return record(n, title, status, metric, 1, T0.plusMillis(n * millis), millis, reason);
    }

    static ExperimentRecord record(int n, String title, Status status, Double metric, int lane, Instant start,
                                   long millis, String reason) {
        OptionalDouble m = metric == null ? OptionalDouble.empty() : OptionalDouble.of(metric);
        return new ExperimentRecord(n, "c" + n + "000000", "p", status, m,
                metric == null ? Map.of() : Map.of("val_loss", List.of(metric)),
                new Hypothesis(title, "because " + title), "tune", start, Duration.ofMillis(millis),
                "runs/" + n + ".log", reason, new TokenUsage(1200, 300), lane);
    }

    /** Writes {@code records} as the journal of session {@code files}, with a header for val_loss. */
    static SessionFiles journal(SessionFiles files, Direction direction, List<ExperimentRecord> records) {
        try (Journal j = Journal.open(files.journal())) {
            j.writeHeader(new JournalHeader(files.directory().getFileName().toString(), "hash", "val_loss", direction,
                    List.of(), "base", T0));
            records.forEach(j::append);
        }
        return files;
    }
}
