package dev.autoresearch.core.search;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.PendingExperiment;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.program.ProgramKeys;

import java.util.Optional;

/** The built-in search policies. */
public final class SearchPolicies {
    private static final SearchPolicy GREEDY = new SearchPolicy() {
        @Override
        public Optional<Start> start(ResearchState state, StartRequest request) {
            ExperimentRecord champion = state.best().orElseThrow(() -> new IllegalStateException("no baseline recorded yet"));
            return request.setAside().contains(champion.commit()) ? Optional.empty() : Optional.of(Start.at(champion));
        }

        @Override
        public Optional<ExperimentRecord> replayOnto(ResearchState state, PendingExperiment experiment) {
            ExperimentRecord champion = state.best().orElseThrow(() -> new IllegalStateException("no baseline recorded yet"));
            return champion.commit().equals(experiment.parent()) ? Optional.empty() : Optional.of(champion);
        }

        @Override
        public String toString() {
            return "greedy";
        }
    };

    private SearchPolicies() {
    }

    /**
     * One hill: every proposal starts from the champion (the best kept experiment), and a change that
     * beat a parent another keep replaced meanwhile is replayed onto the new champion.
     */
    public static SearchPolicy greedy() {
        return GREEDY;
    }

    /**
     * A tree of experiments: every measured experiment is a node (the baseline, each keep, each discard
     * with its metric). A proposal starts from the champion while the strategy has something left to
     * propose there and the session is not on a plateau; otherwise from the other node whose value plus
     * {@code exploration} times its exploration bonus is highest (see program.md's {@code exploration});
     * each change is kept against the node it was made on; the champion is the best kept node.
     *
     * @param exploration once the tree leaves its champion, the weight of how little a node was explored,
     *                    from 0 (the best other node) to 10
     */
    public static SearchPolicy tree(double exploration) {
        return new TreeSearch(ProgramKeys.EXPLORATION.check(exploration));
    }

    /**
     * {@code islands} lineages from the baseline, each with its own champion, sharing the lanes; every
     * {@code migrateEvery} experiments the best island champion is brought to another island and kept
     * there if it beats that island's champion.
     */
    public static SearchPolicy islands(int islands, int migrateEvery) {
        return new IslandSearch(ProgramKeys.ISLANDS.check(islands), ProgramKeys.MIGRATE_EVERY.check(migrateEvery));
    }
}
