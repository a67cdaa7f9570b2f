package dev.autoresearch.core.internal.decide;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.keep.Reproduction;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The champion re-measure: each time the kept change at a commit has been compared
 * {@code remeasure-every} times, its runs pooled with the re-runs those comparisons made of it are
 * checked against its parent's. Without re-runs (greedy, a deterministic metric) there is nothing new
 * to pool.
 */
final class ChampionRemeasure {
    private ChampionRemeasure() {
    }

    static void after(Decisions.Plan p, ProgramSpec spec, String commit) {
        ResearchState state = p.state.research();
        Optional<ExperimentRecord> kept = state.keepOf(commit).filter(r -> !r.isBaseline());
        if (kept.isEmpty()) {
            return;
        }
        long comparisons = state.madeOn(commit).stream().filter(r -> r.metric().isPresent()).count();
        List<Double> pooled = Decisions.championRuns(spec, state, commit);
        if (comparisons == 0 || comparisons % spec.keep().remeasureEvery() != 0
                || pooled.size() <= kept.get().metrics().getOrDefault(spec.metric(), List.of()).size()) {
            return;
        }
        ExperimentRecord parent = state.parentOf(kept.get()).orElseThrow();
        Reproduction reproduction = Reproduction.check(spec.direction(), spec.keep().confidence(),
                Decisions.noise(spec, state), pooled, Decisions.championRuns(spec, state, parent.commit()));
        // Said once, and again only after a re-measure found it reproducing meanwhile.
        Set<Integer> notReproducing = new HashSet<>(p.state.notReproducing());
        boolean news = reproduction.reproduces() ? notReproducing.remove(kept.get().experiment())
                : notReproducing.add(kept.get().experiment());
        p.state = p.state.withNotReproducing(notReproducing);
        p.steps.add(new Step.Reproduced(kept.get(), reproduction.reproduces(), reproduction.reason(), comparisons,
                !reproduction.reproduces() && news));
    }
}
