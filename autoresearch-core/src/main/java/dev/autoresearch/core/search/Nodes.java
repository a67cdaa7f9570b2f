package dev.autoresearch.core.search;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.PendingExperiment;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.Status;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/** What the policies read of a state: its nodes (the kept experiments), how often each was started from, and which is better. */
final class Nodes {
    private Nodes() {
    }

    /**
     * Every measured experiment a change can be made on: the baseline, every keep, and every discard
     * with the primary metric (a change worse than its parent, from which another path may lead further).
     */
    static List<ExperimentRecord> measured(ResearchState state) {
        List<ExperimentRecord> nodes = new ArrayList<>();
        for (ExperimentRecord r : state.history()) {
            if (r.isBaseline() || r.status() == Status.KEEP
                    || (r.status() == Status.DISCARD && r.metric().isPresent() && !r.commit().equals(r.parent()))) {
                nodes.add(r);
            }
        }
        return nodes;
    }

    /** Experiments made on {@code node}: recorded, and proposed or running. */
    static int visits(ResearchState state, ExperimentRecord node) {
        int n = state.madeOn(node.commit()).size();
        for (PendingExperiment p : state.pending()) {
            if (p.parent().equals(node.commit())) {
                n++;
            }
        }
        return n;
    }

    /** True when {@code a}'s metric is strictly better than {@code b}'s; a record without one is never better. */
    static boolean better(ExperimentRecord a, ExperimentRecord b, Direction direction) {
        OptionalDouble x = a.metric();
        OptionalDouble y = b.metric();
        if (x.isEmpty()) {
            return false;
        }
        return y.isEmpty() || direction.isBetter(x.getAsDouble(), y.getAsDouble());
    }

    /** True when {@code kept} is better than the session's champion: it is then crowned. */
    static boolean beatsChampion(ResearchState state, ExperimentRecord kept, Direction direction) {
        return state.best().map(best -> better(kept, best, direction)).orElse(true);
    }
}
