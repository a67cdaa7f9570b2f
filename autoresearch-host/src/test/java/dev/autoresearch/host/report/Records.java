package dev.autoresearch.host.report;

import dev.autoresearch.core.testing.TestRecords;
import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.TokenUsage;
import dev.autoresearch.core.journal.GeneratedJournal;
import dev.autoresearch.core.journal.Journal;
import dev.autoresearch.core.journal.JournalHeader;
import dev.autoresearch.core.journal.SessionFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
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
        return TestRecords.record(n).commit("c" + n + "000000").parent("p").status(status)
                .metric(metric == null ? OptionalDouble.empty() : OptionalDouble.of(metric))
                .metrics(metric == null ? Map.of() : Map.of("val_loss", List.of(metric)))
                .hypothesis(new Hypothesis(title, "because " + title)).strategy("tune").startedAt(start)
                .duration(Duration.ofMillis(millis)).reason(reason).usage(new TokenUsage(1200, 300)).lane(lane).build();
    }

    /**
     * Writes {@code records} as the journal of session {@code files}, with a header for val_loss;
     * each record's parent is the commit of the latest keep before it, as the loop records it.
     */
    static SessionFiles journal(SessionFiles files, Direction direction, List<ExperimentRecord> records) {
        try (Journal j = Journal.open(files.journal())) {
            j.writeHeader(header(files, direction));
            withParents(records).forEach(j::append);
        }
        return files;
    }

    /** As {@link #journal}, in the journal's encoding but without syncing each line: for sessions of thousands. */
    static SessionFiles longJournal(SessionFiles files, Direction direction, List<ExperimentRecord> records) {
        GeneratedJournal.write(files.journal(), header(files, direction), withParents(records));
        return files;
    }

    /** As {@link #longJournal}, with each record's parent as given: for a search that branches. */
    static SessionFiles branchingJournal(SessionFiles files, Direction direction, List<ExperimentRecord> records) {
        GeneratedJournal.write(files.journal(), header(files, direction), records);
        return files;
    }

    private static JournalHeader header(SessionFiles files, Direction direction) {
        return new JournalHeader(files.directory().getFileName().toString(), "hash", "val_loss", direction, List.of(),
                "base", T0);
    }

    /** The records with each one's parent the commit of the latest keep before it, as the loop records it. */
    private static List<ExperimentRecord> withParents(List<ExperimentRecord> records) {
        List<ExperimentRecord> out = new ArrayList<>(records.size());
        String parent = "base";
        for (ExperimentRecord r : records) {
            out.add(r.withParent(parent));
            if (r.status() == Status.KEEP) {
                parent = r.commit();
            }
        }
        return out;
    }

    /**
     * Writes the journal of a session on a noisy val_loss: the baseline's three runs, and #1 kept on
     * a test (with the confidence it reached) after two runs and one re-run of the baseline.
     */
    static SessionFiles noisy(SessionFiles files) {
        try (Journal j = Journal.open(files.journal())) {
            j.writeHeader(new JournalHeader(files.directory().getFileName().toString(), "hash", "val_loss",
                    Direction.MINIMIZE, List.of(), "c0", T0));
            j.append(TestRecords.record(0).parent("c0").metric(1.0).metrics(Map.of("val_loss", List.of(1.0, 0.998, 1.002)))
                    .hypothesis(new Hypothesis("baseline", "")).strategy("baseline").startedAt(T0)
                    .duration(Duration.ofSeconds(60)).build());
            j.append(TestRecords.record(1).parent("c0").metric(0.9705)
                    .metrics(Map.of("val_loss", List.of(0.972, 0.969), "val_loss@champion", List.of(0.999)))
                    .hypothesis(new Hypothesis("wider layers", "because")).strategy("tune").startedAt(T0.plusSeconds(60))
                    .duration(Duration.ofSeconds(180)).confidence(0.9995).build());
        }
        return files;
    }

    /**
     * A long session of {@code count} experiments after the baseline on {@code lanes} lanes, with a
     * diff (about 3 KB of varied text, as real diffs are) and a log for each: lower is better,
     * about one in ten kept, one in twelve crashed.
     */
    static SessionFiles longSession(SessionFiles files, int count, int lanes) throws IOException {
        Random random = new Random(42);
        List<ExperimentRecord> records = new ArrayList<>();
        double best = 1.0;
        records.add(record(0, "baseline", Status.KEEP, best, 1, T0, 60_000, ""));
        Instant[] laneFree = new Instant[lanes];
        Arrays.fill(laneFree, T0.plusSeconds(60));
        String[] names = {"LEARNING_RATE", "WARMUP_STEPS", "HIDDEN", "WEIGHT_DECAY", "DROPOUT", "BATCH_SIZE"};
        for (int n = 1; n <= count; n++) {
            int lane = 1 + (n - 1) % lanes;
            long millis = 40_000 + random.nextInt(40_000);
            Instant start = laneFree[lane - 1].plusMillis(random.nextInt(5_000));
            laneFree[lane - 1] = start.plusMillis(millis);
            String title = names[n % names.length] + " " + (n * 2) + " -> " + (n * 3);
            ExperimentRecord r;
            if (random.nextInt(12) == 0) {
                r = record(n, title, Status.CRASH, null, lane, start, millis, "exit 1: CUDA out of memory");
            } else {
                double value = best + 0.02 * (random.nextGaussian() + 0.9);
                boolean better = value < best;
                if (better) {
                    best = value;
                }
                r = record(n, title, better ? Status.KEEP : Status.DISCARD, value, lane, start, millis, "");
            }
            records.add(r);
            Files.createDirectories(files.patches());
            Files.createDirectories(files.runs());
            StringBuilder diff = new StringBuilder("diff --git a/train.py b/train.py\n--- a/train.py\n+++ b/train.py\n@@ -1,40 +1,40 @@\n");
            for (int line = 0; line < 40; line++) {
                diff.append(line % 5 == 0 ? "-" : line % 5 == 1 ? "+" : " ").append("    x_").append(random.nextInt(1_000_000))
                        .append(" = compute(").append(Long.toHexString(random.nextLong())).append(")\n");
            }
            Files.writeString(files.patch(n), diff);
            StringBuilder log = new StringBuilder();
            for (int step = 0; step < 60; step++) {
                log.append("step ").append(step * 10).append(" | loss ").append(random.nextDouble()).append('\n');
            }
            Files.writeString(files.directory().resolve(r.log()), log);
        }
        return journal(files, Direction.MINIMIZE, records);
    }
}
