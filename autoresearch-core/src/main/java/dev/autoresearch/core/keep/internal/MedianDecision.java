package dev.autoresearch.core.keep.internal;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.Medians;
import dev.autoresearch.core.MinImprovement;
import dev.autoresearch.core.keep.Evidence;
import dev.autoresearch.core.keep.Verdict;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The greedy comparison, shared by the greedy rule and the significant rule on a deterministic
 * metric: the candidate's median must beat the champion's by at least min-improvement; ties are
 * not improvements. The wording of the reasons is the judge's.
 */
final class MedianDecision {
    private MedianDecision() {
    }

    static Verdict decide(Evidence.Basis basis, Direction direction, MinImprovement minImprovement,
                          List<Double> champion, List<Double> candidate) {
        double reference = Medians.of(champion);
        double median = Medians.of(candidate);
        Evidence evidence = new Evidence(basis, champion, candidate, reference, median, OptionalDouble.empty(),
                OptionalDouble.empty(), OptionalDouble.empty());
        double gain = direction.gain(median, reference);
        double needed = minImprovement.requiredGain(reference);
        if (gain <= 0) {
            return new Verdict.Discard(evidence, gain == 0
                    ? "no change from the best " + fmt(reference) + " (ties are not improvements)"
                    : "worse than the best " + fmt(reference));
        }
        if (gain < needed) {
            return new Verdict.Discard(evidence, "improved by " + fmt(gain) + ", less than min-improvement "
                    + minImprovement + " (" + fmt(needed) + ")");
        }
        return new Verdict.Keep(evidence);
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
