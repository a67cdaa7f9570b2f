package dev.autoresearch.core.search;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.PendingExperiment;
import dev.autoresearch.core.ResearchState;

import java.util.Optional;

/**
 * Where the search goes next: which kept experiment a proposal starts from, which node a change whose
 * parent was overtaken while it ran is replayed onto before it can be kept (the stale-parent rule),
 * and whether a keep becomes the session's champion. The loop's decisions ask it; it holds no state of
 * its own beyond the {@link ResearchState} and request it is given, so a resumed session decides as
 * the stopped one would have.
 *
 * <p>Each keep is decided by the session's keep rule against the node the change was measured on.
 * {@link SearchPolicies#greedy()} is the default: every proposal starts from the champion, and a
 * change measured on a parent that is no longer the champion is replayed onto it.
 * {@link SearchPolicies#tree(double)} and {@link SearchPolicies#islands(int, int)} search beyond one hill.
 */
public interface SearchPolicy {

    /**
     * Where the next proposal starts; empty when every node it could start from is set aside (the
     * strategy has nothing left to propose anywhere). {@code state} has its baseline recorded.
     */
    Optional<Start> start(ResearchState state, StartRequest request);

    /**
     * The node a change measured on its parent must be replayed onto and measured again before it may
     * be kept; empty when it may be kept on its parent as measured.
     */
    Optional<ExperimentRecord> replayOnto(ResearchState state, PendingExperiment experiment);

    /**
     * Whether {@code kept}, which its keep rule kept against its own parent, becomes the session's
     * champion (the branch {@code autoresearch/<tag>} moves to it). True by default: a greedy keep
     * always beat the champion.
     */
    default boolean crowns(ResearchState state, ExperimentRecord kept, Direction direction) {
        return true;
    }

    /**
     * True when proposals may start from experiments off the champion's line: each measured experiment
     * then gets a ref of its own ({@code refs/autoresearch/<tag>/node-<n>}), so its commit stays for the search.
     */
    default boolean keepsNodes() {
        return false;
    }

    /** The islands the search keeps, 0 without islands. */
    default int islands() {
        return 0;
    }
}
