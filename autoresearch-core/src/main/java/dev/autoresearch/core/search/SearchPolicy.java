package dev.autoresearch.core.search;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ResearchState;

import java.util.Optional;

/**
 * Where the search goes next: which measured experiment a proposal starts from, and which node a
 * change whose parent was overtaken while it ran is replayed onto before it can be kept (the
 * stale-parent rule). The loop's decisions ask it; it holds no state of its own beyond the
 * {@link ResearchState} it is given, so a resumed session decides as the stopped one would have.
 *
 * <p>{@link SearchPolicies#greedy()} is the default: every proposal starts from the champion, and a
 * change measured on a parent that is no longer the champion is replayed onto it.
 */
public interface SearchPolicy {

    /** The recorded experiment the next proposal starts from; {@code state} has its baseline recorded. */
    ExperimentRecord startFrom(ResearchState state);

    /**
     * The node a change measured on {@code parent} must be replayed onto and measured again before it
     * may be kept; empty when it may be kept on {@code parent} as measured.
     */
    Optional<ExperimentRecord> replayOnto(ResearchState state, String parent);
}
