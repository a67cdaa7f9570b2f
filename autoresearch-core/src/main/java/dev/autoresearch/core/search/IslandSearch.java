package dev.autoresearch.core.search;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.PendingExperiment;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.Status;

import java.util.Optional;

/**
 * Islands: {@code k} lineages from the baseline, each with its champion (its last keep), sharing the
 * lanes: proposal {@code n} searches island {@code (n - 1) mod k + 1} (the next one whose champion the
 * strategy has not exhausted), so a resumed session assigns as the stopped one did. The
 * {@code j}-th {@code migrateEvery}-th proposal brings the best island champion to island
 * {@code (j - 1) mod k + 1} instead (on a plateau, every proposal brings it to its own island), when
 * that champion is better than the island's own, was not brought there before and does not descend
 * from the island's champion (its code would then be measured already): its code is
 * merged onto the island's champion (or taken whole when the two conflict), measured there, and kept
 * against it like any change. A change made on an island champion that was replaced meanwhile is
 * replayed onto the new one. The session's champion is the best island champion.
 */
final class IslandSearch implements SearchPolicy {
    private final int islands;
    private final int migrateEvery;

    IslandSearch(int islands, int migrateEvery) {
        this.islands = islands;
        this.migrateEvery = migrateEvery;
    }

    @Override
    public int islands() {
        return islands;
    }

    @Override
    public Optional<Start> start(ResearchState state, StartRequest request) {
        int n = request.experiment();
        ExperimentRecord[] champions = champions(state);
        if (n % migrateEvery == 0) {
            // The j-th migration goes to island j (in turn), whatever the numbers of the islands' own proposals.
            int target = (n / migrateEvery - 1) % islands + 1;
            Optional<Start> migration = migration(state, champions, request, target);
            if (migration.isPresent()) {
                return migration;
            }
        }
        int first = (n - 1) % islands + 1;
        for (int k = 0; k < islands; k++) {
            int island = (first - 1 + k) % islands + 1;
            ExperimentRecord champion = champions[island];
            if (request.setAside().contains(champion.commit())) {
                continue;
            }
            if (request.plateau()) {
                Optional<Start> migration = migration(state, champions, request, island);
                if (migration.isPresent()) {
                    return migration;
                }
            }
            return Optional.of(new Start(champion, island, Optional.empty(), false));
        }
        return Optional.empty();
    }

    /** The best other island's champion brought to {@code island}, when it is better and was not brought already. */
    private Optional<Start> migration(ResearchState state, ExperimentRecord[] champions, StartRequest request,
                                      int island) {
        ExperimentRecord champion = champions[island];
        if (request.setAside().contains(champion.commit())) {
            return Optional.empty();
        }
        return migrant(state, champions, island, request.direction())
                .map(m -> new Start(champion, island, Optional.of(m), false));
    }

    /** The island's champion: its last keep, or the baseline before it has one. */
    static ExperimentRecord champion(ResearchState state, int island) {
        ExperimentRecord champion = state.baseline().orElseThrow();
        for (ExperimentRecord r : state.history()) {
            if (r.status() == Status.KEEP && r.island() == island) {
                champion = r;
            }
        }
        return champion;
    }

    /** Every island's champion, by island number (index 0 unused), in one pass over the history. */
    private ExperimentRecord[] champions(ResearchState state) {
        ExperimentRecord[] champions = new ExperimentRecord[islands + 1];
        java.util.Arrays.fill(champions, state.baseline().orElseThrow());
        for (ExperimentRecord r : state.history()) {
            if (r.status() == Status.KEEP && r.island() >= 1 && r.island() <= islands) {
                champions[r.island()] = r;
            }
        }
        return champions;
    }

    /** The best other island champion better than this one's, unless it was brought here already. */
    private Optional<ExperimentRecord> migrant(ResearchState state, ExperimentRecord[] champions, int island,
                                               Direction direction) {
        ExperimentRecord champion = champions[island];
        ExperimentRecord best = champion;
        for (int other = 1; other <= islands; other++) {
            ExperimentRecord theirs = champions[other];
            if (other != island && Nodes.better(theirs, best, direction)) {
                best = theirs;
            }
        }
        if (best == champion || broughtAlready(state, best.experiment(), island) || descends(state, best, champion)) {
            return Optional.empty();
        }
        return Optional.of(best);
    }

    /** True when {@code node}'s lineage passes through {@code ancestor}: bringing it there would only repeat it. */
    private static boolean descends(ResearchState state, ExperimentRecord node, ExperimentRecord ancestor) {
        Optional<ExperimentRecord> at = Optional.of(node);
        for (int steps = 0; at.isPresent() && steps <= state.history().size(); steps++) {
            if (at.get().commit().equals(ancestor.commit())) {
                return true;
            }
            at = state.parentOf(at.get());
        }
        return false;
    }

    private static boolean broughtAlready(ResearchState state, int best, int island) {
        for (ExperimentRecord r : state.history()) {
            if (r.strategy().equals(Migration.STRATEGY) && Migration.brings(r.hypothesis().title(), best, island)) {
                return true;
            }
        }
        for (PendingExperiment p : state.pending()) {
            if (p.strategy().equals(Migration.STRATEGY) && Migration.brings(p.hypothesis().title(), best, island)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Optional<ExperimentRecord> replayOnto(ResearchState state, PendingExperiment experiment) {
        if (experiment.island() == 0) {
            return Optional.empty();
        }
        ExperimentRecord champion = champion(state, experiment.island());
        return champion.commit().equals(experiment.parent()) ? Optional.empty() : Optional.of(champion);
    }

    @Override
    public boolean crowns(ResearchState state, ExperimentRecord kept, Direction direction) {
        return Nodes.beatsChampion(state, kept, direction);
    }

    @Override
    public String toString() {
        return "islands (" + islands + ", migrating every " + migrateEvery + ")";
    }
}
