package dev.autoresearch.core.internal.decide;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.keep.HoldoutRegression;
import dev.autoresearch.core.keep.NoiseFloor;

import java.util.List;
import java.util.Optional;

/** The holdout's regression rule: a would-be champion's holdout against its nearest ancestor's. */
final class HoldoutRule {
    private HoldoutRule() {
    }

    /**
     * Why the holdout of a would-be champion got worse than that of the champion or its nearest ancestor
     * with a holdout, beyond the holdout's own noise (the baseline's holdout runs); empty when not worse
     * or when no ancestor has one (a holdout added to a session already under way).
     */
    static Optional<String> regression(ProgramSpec spec, ResearchState state, ExperimentRecord champion,
                                       List<Double> values) {
        String key = spec.keep().holdout().orElseThrow().recordKey();
        Optional<ExperimentRecord> ancestor = Optional.of(champion);
        while (ancestor.isPresent() && !ancestor.get().metrics().containsKey(key) && !ancestor.get().isBaseline()) {
            ancestor = state.parentOf(ancestor.get());
        }
        if (ancestor.isEmpty() || !ancestor.get().metrics().containsKey(key) || values.isEmpty()) {
            return Optional.empty();
        }
        List<Double> noise = state.baseline().map(b -> b.metrics().getOrDefault(key, List.of())).orElse(List.of());
        HoldoutRegression regression = HoldoutRegression.check(spec.direction(), spec.keep().confidence(),
                new NoiseFloor(noise), values, ancestor.get().metrics().get(key));
        return regression.worse()
                ? Optional.of(regression.reason() + " (against #" + ancestor.get().experiment() + ")")
                : Optional.empty();
    }
}
