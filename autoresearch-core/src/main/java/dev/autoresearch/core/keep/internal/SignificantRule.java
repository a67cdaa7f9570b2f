package dev.autoresearch.core.keep.internal;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.MinImprovement;
import dev.autoresearch.core.keep.Comparison;
import dev.autoresearch.core.keep.Evidence;
import dev.autoresearch.core.keep.KeepRule;
import dev.autoresearch.core.keep.Verdict;

import java.util.Locale;
import java.util.Objects;

/**
 * The statistical rule: see {@link dev.autoresearch.core.keep.KeepRules#significant} for what it
 * decides and why.
 */
public final class SignificantRule implements KeepRule {
    /**
     * How many standard errors of the difference a candidate's estimated gain must exceed what it
     * needs by to earn another run. In the study (KeepRuleStudy, 20 seeds) 0.5 used 1.39x greedy's
     * runs and fell 0.11 points short of greedy's true gain, as small real gains were dropped
     * untested; 0.25 used 1.86x and came within 0.02 points; at 0, half of the changes that do
     * nothing earn runs until max-repeats, 2.28x, with no more gain.
     */
    public static final double PROMISING_ERRORS = 0.25;

    private final double confidence;
    private final Direction direction;
    private final MinImprovement minImprovement;
    private final int maxRepeats;

    public SignificantRule(double confidence, Direction direction, MinImprovement minImprovement, int maxRepeats) {
        if (!(confidence >= 0.5 && confidence <= 0.999)) {
            throw new IllegalArgumentException("confidence must be between 0.5 and 0.999, got " + confidence);
        }
        if (maxRepeats < 2) {
            throw new IllegalArgumentException("max-repeats must be >= 2 for the significant rule, got " + maxRepeats);
        }
        this.confidence = confidence;
        this.direction = Objects.requireNonNull(direction, "direction");
        this.minImprovement = Objects.requireNonNull(minImprovement, "minImprovement");
        this.maxRepeats = maxRepeats;
    }

    @Override
    public boolean statistical() {
        return true;
    }

    @Override
    public String name() {
        return "significant";
    }

    /**
     * The one-sided p-value a keep needs at each look: the two-sided interval at {@code confidence}
     * must lie wholly on the better side, and its error rate is split evenly over the looks
     * (Bonferroni), so that asking after every run does not inflate it.
     */
    public double alphaPerLook() {
        return (1 - confidence) / 2 / (maxRepeats - 1);
    }

    @Override
    public Verdict decide(Comparison comparison) {
        if (!comparison.noise().isMeasured()) {
            throw new IllegalArgumentException("the significant rule needs the noise measured on at least 2 baseline "
                    + "runs, got " + comparison.noise().runs().size() + "; set baseline-repeats >= 2");
        }
        Runs runs = Runs.of(comparison, Evidence.Basis.T_TEST);
        if (runs.notFinite().isPresent()) {
            return runs.notFinite().get();
        }
        if (comparison.noise().isDeterministic()) {
            return MedianDecision.decide(Evidence.Basis.DETERMINISTIC, direction, minImprovement, runs.champion(),
                    runs.candidate());
        }
        MeanComparison t = MeanComparison.of(direction, confidence, comparison.noise(), runs.champion(),
                runs.candidate());
        Evidence evidence = t.evidence();
        int n = runs.candidate().size();
        double needed = minImprovement.requiredGain(t.evidence().championEstimate());
        boolean tested = n >= 2 && runs.champion().size() >= 2;
        boolean significant = tested && t.pValue() < alphaPerLook();
        if (significant && t.gain() > 0 && t.gain() >= needed) {
            return new Verdict.Keep(evidence);
        }
        if (t.gain() < needed + PROMISING_ERRORS * t.error()) {
            String how = t.gain() < 0 ? "worse than the champion"
                    : t.gain() < needed ? "short of min-improvement " + minImprovement
                    : "not clearly better than the champion";
            return new Verdict.Discard(evidence, how + " after " + runs(n) + " (" + evidence.summary() + ")");
        }
        if (n >= maxRepeats) {
            String why = significant
                    ? "better, but by less than min-improvement " + minImprovement + " (" + MedianDecision.fmt(needed) + ")"
                    : "not better at " + percent(confidence) + " confidence";
            return new Verdict.Discard(evidence, why + " after " + runs(n) + ", max-repeats (" + evidence.summary()
                    + "; a keep needs p < " + String.format(Locale.ROOT, "%.3g", alphaPerLook()) + ")");
        }
        return new Verdict.MoreRuns(evidence, 1, 1);
    }

    private static String runs(int n) {
        return n == 1 ? "1 run" : n + " runs";
    }

    private static String percent(double confidence) {
        double p = confidence * 100;
        return (p == Math.rint(p) ? String.format(Locale.ROOT, "%.0f", p) : String.format(Locale.ROOT, "%.1f", p)) + "%";
    }

    @Override
    public String toString() {
        return "significant(" + confidence + ", max-repeats " + maxRepeats + ")";
    }
}
