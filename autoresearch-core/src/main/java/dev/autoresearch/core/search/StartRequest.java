package dev.autoresearch.core.search;

import dev.autoresearch.core.Direction;

import java.util.Objects;
import java.util.Set;

/**
 * What a search policy is told when asked where a proposal starts.
 *
 * @param experiment the number the proposal gets
 * @param direction  which way the metric is better
 * @param setAside   the commits of nodes the strategy has nothing left to propose from, for now
 * @param plateau    true when the session is on a plateau and its action is to explore
 */
public record StartRequest(int experiment, Direction direction, Set<String> setAside, boolean plateau) {
    public StartRequest {
        Objects.requireNonNull(direction, "direction");
        setAside = Set.copyOf(setAside);
    }
}
