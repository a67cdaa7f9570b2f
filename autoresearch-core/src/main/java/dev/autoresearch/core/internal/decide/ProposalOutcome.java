package dev.autoresearch.core.internal.decide;

import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.PendingExperiment;

import java.time.Instant;

/** What the proposer made of a request for experiment {@code n}. */
public sealed interface ProposalOutcome {

    int experiment();

    /**
     * A change committed on the champion, ready for a lane.
     *
     * @param proposal   its number, hypothesis (with every token it cost) and commit
     * @param tree       the commit's tree: the same tree is the same code
     * @param duplicates proposals refused on the way because they repeated a change already measured or under way
     */
    record Ready(PendingExperiment proposal, String tree, int duplicates) implements ProposalOutcome {
        @Override
        public int experiment() {
            return proposal.experiment();
        }
    }

    /**
     * No change that may run, recorded without a run: {@code invalid} when the change could not be made
     * or broke the rules; {@code discard} when it only repeated code or ideas measured already
     * ({@code repeat}), which is a plateau, not a failure.
     */
    record Refused(int experiment, Hypothesis hypothesis, String strategy, String parent, Instant proposedAt,
                   String reason, int duplicates, boolean repeat, int island) implements ProposalOutcome {
    }

    /**
     * A migration whose code is the migrant's own (its changes include the island's, or conflict with
     * them and were taken whole): the island takes the migrant as its champion without a run, recorded
     * as a keep of the island.
     */
    record Adopted(int experiment, Hypothesis hypothesis, String parent, Instant proposedAt,
                   dev.autoresearch.core.ExperimentRecord migrant, int island) implements ProposalOutcome {
    }

    /** The strategy has nothing left to propose from the node (the commit) it was shown; its message says why. */
    record Exhausted(int experiment, String node, String reason) implements ProposalOutcome {
    }

    /** The strategy cannot go on (a model unreachable): the session stops once the runs in flight are recorded. */
    record Failed(int experiment, RuntimeException cause) implements ProposalOutcome {
    }

    /** The host interrupted the proposal: nothing was made, the number is free again. */
    record Interrupted(int experiment) implements ProposalOutcome {
    }
}
