package dev.autoresearch.core.keep.internal;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.MinImprovement;
import dev.autoresearch.core.keep.Comparison;
import dev.autoresearch.core.keep.Evidence;
import dev.autoresearch.core.keep.KeepRule;
import dev.autoresearch.core.keep.Verdict;

import java.util.Objects;

/** Today's rule: one look at the medians, never more runs. For metrics known to be deterministic. */
public final class GreedyRule implements KeepRule {
    private final Direction direction;
    private final MinImprovement minImprovement;

    public GreedyRule(Direction direction, MinImprovement minImprovement) {
        this.direction = Objects.requireNonNull(direction, "direction");
        this.minImprovement = Objects.requireNonNull(minImprovement, "minImprovement");
    }

    @Override
    public String name() {
        return "greedy";
    }

    @Override
    public Verdict decide(Comparison comparison) {
        Runs runs = Runs.of(comparison, Evidence.Basis.GREEDY);
        if (runs.notFinite().isPresent()) {
            return runs.notFinite().get();
        }
        return MedianDecision.decide(Evidence.Basis.GREEDY, direction, minImprovement, runs.champion(),
                runs.candidate());
    }

    @Override
    public String toString() {
        return "greedy";
    }
}
