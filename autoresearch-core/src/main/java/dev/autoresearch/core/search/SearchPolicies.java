package dev.autoresearch.core.search;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ResearchState;

import java.util.Optional;

/** The built-in search policies. */
public final class SearchPolicies {
    private static final SearchPolicy GREEDY = new SearchPolicy() {
        @Override
        public ExperimentRecord startFrom(ResearchState state) {
            return state.best().orElseThrow(() -> new IllegalStateException("no baseline recorded yet"));
        }

        @Override
        public Optional<ExperimentRecord> replayOnto(ResearchState state, String parent) {
            ExperimentRecord champion = startFrom(state);
            return champion.commit().equals(parent) ? Optional.empty() : Optional.of(champion);
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
}
