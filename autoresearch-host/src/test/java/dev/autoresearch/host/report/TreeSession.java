package dev.autoresearch.host.report;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.journal.SessionFiles;

import java.util.List;

/**
 * Small searches on val_loss (lower is better), for the hosts' tests. The tree: two branches from
 * the baseline, the champion #7 on the second, so that its lineage is #0, #3, #7 and not the chain
 * of keeps in the order recorded; #3 (0.97, not better than #1) is a kept node, not crowned.
 *
 * <pre>
 * #0 baseline 1.0           leaves: #2 (discard)
 * ├─ #1 wider layers 0.95
 * │  └─ #4 dropout 0.93     leaves: #6 (crash)
 * └─ #3 cosine 0.97         leaves: #5 (discard)
 *    └─ #7 warmup 0.92      the champion
 * </pre>
 */
public final class TreeSession {
    private TreeSession() {
    }

    /** The records in the order recorded, each measured on the parent drawn above. */
    public static List<ExperimentRecord> records() {
        return List.of(
                on(-1, Records.record(0, "baseline", Status.KEEP, 1.0, 60_000, "")),
                on(0, Records.record(1, "wider layers", Status.KEEP, 0.95, 60_000, "")),
                on(0, Records.record(2, "smaller batch", Status.DISCARD, 1.02, 60_000, "")),
                uncrowned(on(0, Records.record(3, "cosine schedule", Status.KEEP, 0.97, 60_000, ""))),
                on(1, Records.record(4, "dropout 0.1", Status.KEEP, 0.93, 60_000, "")),
                on(3, Records.record(5, "higher peak rate", Status.DISCARD, 0.99, 60_000, "")),
                on(4, Records.record(6, "dropout 0.3", Status.CRASH, null, 60_000, "exit 1")),
                on(3, Records.record(7, "warmup 200 steps", Status.KEEP, 0.92, 60_000, "")));
    }

    /**
     * Two islands: island 1 keeps #1 and #5 (its champion, not the session's), island 2 keeps #2 and
     * #4 (the session's champion until #7), and #7 migrates island 2's best to island 1, where it is
     * kept and crowned: the lineage is #0, #1, #5, #7.
     */
    public static List<ExperimentRecord> islands() {
        return List.of(
                on(-1, Records.record(0, "baseline", Status.KEEP, 1.0, 60_000, "")),
                island(1, on(0, Records.record(1, "wider layers", Status.KEEP, 0.96, 60_000, ""))),
                island(2, on(0, Records.record(2, "cosine schedule", Status.KEEP, 0.95, 60_000, ""))),
                island(1, on(1, Records.record(3, "smaller batch", Status.DISCARD, 0.97, 60_000, ""))),
                island(2, on(2, Records.record(4, "warmup 200 steps", Status.KEEP, 0.93, 60_000, ""))),
                uncrowned(island(1, on(1, Records.record(5, "dropout 0.1", Status.KEEP, 0.94, 60_000, "")))),
                island(2, on(4, Records.record(6, "higher peak rate", Status.DISCARD, 0.935, 60_000, ""))),
                island(1, on(5, Records.record(7, "Migrate island 2's best (#4) to island 1", Status.KEEP, 0.925,
                        60_000, "")).toBuilder().strategy("migrate").build()));
    }

    /** Writes the island session's journal into {@code files}. */
    public static SessionFiles writeIslands(SessionFiles files) {
        return Records.branchingJournal(files, Direction.MINIMIZE, islands());
    }

    /** Writes the session's journal into {@code files}. */
    public static SessionFiles write(SessionFiles files) {
        return Records.branchingJournal(files, Direction.MINIMIZE, records());
    }

    private static ExperimentRecord island(int island, ExperimentRecord record) {
        return record.toBuilder().island(island).build();
    }

    private static ExperimentRecord uncrowned(ExperimentRecord keep) {
        return keep.toBuilder().champion(false).build();
    }

    /** {@code record} measured on experiment {@code parent}'s commit (the baseline's own base for -1). */
    private static ExperimentRecord on(int parent, ExperimentRecord record) {
        return record.withParent(parent < 0 ? "base" : "c" + parent + "000000");
    }
}
