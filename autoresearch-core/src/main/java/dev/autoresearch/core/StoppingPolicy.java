package dev.autoresearch.core;

import java.util.Objects;
import java.util.Optional;

/**
 * Decides, between experiments, whether the session stops. Policies compose with {@link #or} and
 * {@link #and}. The ones in {@link StoppingPolicies} are functions of the state and keep no state
 * of their own, so they hold across resumes.
 *
 * <p>Threads: called only on the thread that runs the loop, never two calls at once. A policy that
 * throws stops the session with an {@link AutoresearchException} that names it.
 */
@FunctionalInterface
public interface StoppingPolicy {

    /**
     * Why the session should stop now, or empty to go on. Asked before each experiment starts:
     * once it answers, no experiment starts, and the ones in flight are finished and recorded.
     */
    Optional<StopReason> check(ResearchState state, ProgramSpec spec);

    /** Stops when either policy would; the first one's reason wins. */
    default StoppingPolicy or(StoppingPolicy other) {
        Objects.requireNonNull(other, "other");
        return (state, spec) -> {
            Optional<StopReason> mine = check(state, spec);
            return mine.isPresent() ? mine : other.check(state, spec);
        };
    }

    /** Stops only when both policies would; the reasons are joined. */
    default StoppingPolicy and(StoppingPolicy other) {
        Objects.requireNonNull(other, "other");
        return (state, spec) -> {
            Optional<StopReason> mine = check(state, spec);
            if (mine.isEmpty()) {
                return mine;
            }
            return other.check(state, spec).map(theirs -> new StopReason(mine.get().kind(),
                    mine.get().message() + " and " + theirs.message()));
        };
    }
}
