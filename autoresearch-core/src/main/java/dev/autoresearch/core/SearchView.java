package dev.autoresearch.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a strategy is shown of the search: the node its proposal starts from, the kept changes that
 * led there, what was tried from it, and what the other branches or islands found, so that ideas
 * travel between them.
 *
 * @param start     the kept experiment (or the baseline) the proposal is made on; empty before the baseline
 * @param island    the island it searches, from 1, or 0 without islands
 * @param plateau   true when the session is on a plateau and looks elsewhere: a strategy that can should
 *                  propose a different kind of change than those tried
 * @param lineage   the kept changes from the baseline to {@code start}, the baseline first
 * @param triedFrom the experiments made on {@code start} so far, in the order recorded
 * @param elsewhere the best kept experiments off this lineage (other branches' or islands' champions), best first
 */
public record SearchView(Optional<ExperimentRecord> start, int island, boolean plateau, List<ExperimentRecord> lineage,
                         List<ExperimentRecord> triedFrom, List<ExperimentRecord> elsewhere) {
    /** How many of the other branches' best a view names. */
    public static final int ELSEWHERE = 5;

    /** Nothing yet: before the baseline. */
    public static final SearchView NONE = new SearchView(Optional.empty(), 0, false, List.of(), List.of(), List.of());

    public SearchView {
        Objects.requireNonNull(start, "start");
        lineage = List.copyOf(lineage);
        triedFrom = List.copyOf(triedFrom);
        elsewhere = List.copyOf(elsewhere);
    }

    /**
     * The view from {@code start} in {@code state}.
     *
     * @param direction which way the metric is better, to rank the other branches' best
     */
    public static SearchView of(ResearchState state, ExperimentRecord start, int island, boolean plateau,
                                Direction direction) {
        List<ExperimentRecord> lineage = new ArrayList<>();
        java.util.Set<String> onLine = new java.util.HashSet<>();
        Optional<ExperimentRecord> node = Optional.of(start);
        while (node.isPresent() && onLine.add(node.get().commit())) {
            lineage.add(node.get());
            node = state.parentOf(node.get());
        }
        Collections.reverse(lineage);
        List<ExperimentRecord> others = new ArrayList<>();
        for (ExperimentRecord r : state.history()) {
            if (r.status() == Status.KEEP && !r.isBaseline() && !onLine.contains(r.commit()) && r.metric().isPresent()) {
                others.add(r);
            }
        }
        others.sort((a, b) -> direction.isBetter(a.metric().getAsDouble(), b.metric().getAsDouble()) ? -1
                : direction.isBetter(b.metric().getAsDouble(), a.metric().getAsDouble()) ? 1 : 0);
        return new SearchView(Optional.of(start), island, plateau, lineage, state.madeOn(start.commit()),
                others.subList(0, Math.min(ELSEWHERE, others.size())));
    }
}
