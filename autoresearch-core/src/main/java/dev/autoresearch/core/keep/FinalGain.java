package dev.autoresearch.core.keep;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.MinImprovement;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.keep.internal.OneLook;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a session gained: every run of its best commit against every run of its baseline, each
 * pooled as {@link PooledRuns} pools them (the re-runs that later comparisons made of it included),
 * for the summary and {@code status}.
 *
 * <p>Under the {@code significant} rule on a noisy metric the evidence is one t-test of the two
 * pooled samples at the session's confidence, a single look (so its interval is the plain two-sided
 * interval of the difference of means, not split over looks as a keep's is):
 * {@code -2.8% +/- 0.4% at 95%}. Under {@code greedy}, on a deterministic metric (the baseline's
 * runs all equal), or when a side has a single run, it is the difference of medians, without an
 * interval ({@link Evidence#halfWidth()} empty).
 */
public final class FinalGain {
    private FinalGain() {
    }

    /** The final gain of the session run under {@code spec}: its metric, direction, keep rule and confidence. */
    public static Optional<Evidence> of(ResearchState state, ProgramSpec spec) {
        Objects.requireNonNull(spec, "spec");
        return of(state, spec.metric(), spec.direction(), spec.keep().rule(), spec.keep().confidence());
    }

    /**
     * The evidence that the best beat the baseline, from every run of each.
     *
     * @param state      the session's records
     * @param metric     the primary metric
     * @param direction  which way is better (the p-value's side)
     * @param rule       the session's keep rule: {@code greedy} never gets an interval
     * @param confidence the interval's confidence, 0.5 to 0.999
     * @return empty when there is no baseline, the best is the baseline, or a side has no finite runs
     */
    public static Optional<Evidence> of(ResearchState state, String metric, Direction direction,
                                        KeepSettings.Rule rule, double confidence) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(rule, "rule");
        if (!(confidence >= 0.5 && confidence <= 0.999)) {
            throw new IllegalArgumentException("confidence must be between 0.5 and 0.999, got " + confidence);
        }
        Optional<ExperimentRecord> baseline = state.baseline();
        Optional<ExperimentRecord> best = state.best();
        if (baseline.isEmpty() || best.isEmpty() || best.get().isBaseline()) {
            return Optional.empty();
        }
        List<Double> noise = baseline.get().metrics().getOrDefault(metric, List.of());
        List<Double> before = PooledRuns.of(state, metric, baseline.get().commit());
        List<Double> after = PooledRuns.of(state, metric, best.get().commit());
        if (noise.isEmpty() || before.isEmpty() || after.isEmpty()) {
            return Optional.empty();
        }
        NoiseFloor floor = new NoiseFloor(noise);
        Verdict verdict;
        if (rule == KeepSettings.Rule.GREEDY) {
            verdict = KeepRules.greedy(direction, MinImprovement.NONE).decide(againstBaseline(before, after, floor));
        } else if (floor.isDeterministic()) {
            // The significant rule's own comparison of medians, whatever the number of runs.
            verdict = KeepRules.significant(confidence, direction, MinImprovement.NONE, 2)
                    .decide(againstBaseline(before, after, floor));
        } else {
            verdict = OneLook.decide(direction, confidence, floor, before, after);
        }
        Evidence evidence = verdict.evidence();
        boolean finite = Double.isFinite(evidence.championEstimate()) && Double.isFinite(evidence.candidateEstimate());
        return finite ? Optional.of(evidence) : Optional.empty();
    }

    private static Comparison againstBaseline(List<Double> before, List<Double> after, NoiseFloor noise) {
        Comparison c = Comparison.against(before, noise);
        for (double v : after) {
            c = c.withCandidate(v);
        }
        return c;
    }
}
