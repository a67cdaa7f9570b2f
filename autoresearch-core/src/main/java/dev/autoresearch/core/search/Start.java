package dev.autoresearch.core.search;

import dev.autoresearch.core.ExperimentRecord;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a proposal starts: the node it is made on, the island it searches, and, for a migration,
 * the island champion whose code is brought onto the node instead of asking the strategy.
 *
 * @param node    the kept experiment (or the baseline) the change is made on
 * @param island  the island, from 1, or 0 in a search without islands
 * @param migrant the best of another island, offered to this one; empty for a proposal of the strategy
 * @param plateau true when the session is on a plateau and looks elsewhere (the strategy is told so)
 */
public record Start(ExperimentRecord node, int island, Optional<ExperimentRecord> migrant, boolean plateau) {
    public Start {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(migrant, "migrant");
        if (island < 0) {
            throw new IllegalArgumentException("island must be >= 0, got " + island);
        }
    }

    /** A proposal of the strategy on {@code node}, outside islands. */
    public static Start at(ExperimentRecord node) {
        return new Start(node, 0, Optional.empty(), false);
    }

    /** This start, on a plateau or not. */
    public Start onPlateau(boolean onPlateau) {
        return new Start(node, island, migrant, onPlateau);
    }
}
