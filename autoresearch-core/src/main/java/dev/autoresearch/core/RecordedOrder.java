package dev.autoresearch.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A session in the one order every host shows it: the order its records were written (the journal's,
 * the console's, results.tsv's), each with the champion once it was recorded, so that the command,
 * the table and the page tell one story and draw one running best, also when lanes finish out of
 * order. It also says which discarded records were superseded wins: changes that beat the parent
 * they were measured on but were not kept because another lane's keep replaced that parent and they
 * could not be made on the new champion.
 */
public final class RecordedOrder {
    /**
     * One record in its place.
     *
     * @param record        the record
     * @param position      its place in the order recorded, 0 for the baseline
     * @param championAfter the champion once it was recorded: itself when kept and crowned, else the one before
     * @param supersededWin whether it is a superseded win (see {@link #supersededWin})
     */
    public record Entry(ExperimentRecord record, int position, ExperimentRecord championAfter, boolean supersededWin) {
        /** The running best: the champion's metric once this record was written. */
        public OptionalDouble runningBest() {
            return championAfter.metric();
        }
    }

    private RecordedOrder() {
    }

    /** Every record of {@code state} in the order recorded. */
    public static List<Entry> of(ResearchState state, Direction direction) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(direction, "direction");
        List<Entry> entries = new ArrayList<>(state.history().size());
        ExperimentRecord champion = null;
        int position = 0;
        for (ExperimentRecord r : state.history()) {
            boolean superseded = champion != null && supersededWin(state, r, champion.commit(), direction);
            // A keep of a tree or an island that was not crowned is a node, not the champion: the running best stays.
            if (r.status() == Status.KEEP && r.champion() || champion == null) {
                champion = r;
            }
            entries.add(new Entry(r, position++, champion, superseded));
        }
        return entries;
    }

    /**
     * True for a record that was not kept, measured on a parent other than {@code champion} (the
     * champion when it was recorded: the branch moved on while it ran), whose value beat that
     * parent's. What was measured says it helped; it is no loss, and a strategy should not learn it
     * as one.
     */
    public static boolean supersededWin(ResearchState state, ExperimentRecord record, String champion,
                                        Direction direction) {
        if (record.isBaseline() || record.status() == Status.KEEP || record.parent().equals(champion)
                || record.metric().isEmpty()) {
            return false;
        }
        OptionalDouble parent = state.bestBefore(record);
        return parent.isPresent() && direction.isBetter(record.metric().getAsDouble(), parent.getAsDouble());
    }
}
