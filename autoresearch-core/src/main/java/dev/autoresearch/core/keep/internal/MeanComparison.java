package dev.autoresearch.core.keep.internal;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.keep.Evidence;
import dev.autoresearch.core.keep.NoiseFloor;
import org.apache.commons.statistics.distribution.TDistribution;
import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.DataDispersion;
import org.apache.commons.statistics.inference.TTest;

import java.util.List;
import java.util.OptionalDouble;

/**
 * Student's one-sided two-sample t-test of "the candidate's mean is better than the champion's",
 * with the variance pooled over both sides' runs: the noise is the machine's, so a side with two
 * runs that happen to agree closely must not pass for a precise one (with Welch's separate
 * variances it does, and null changes get kept). When both sides have two runs or more, the test
 * is Commons Statistics' {@link TTest}; when one side has a single run the pooled variance is the
 * other side's, read against Commons Statistics' {@link TDistribution}. When no variance can be
 * estimated from the runs (one run each, or all runs equal) the noise floor's variance and degrees
 * of freedom stand in.
 *
 * @param evidence the difference of means, its two-sided interval at {@code confidence}, the p-value
 * @param gain     how much better the candidate's mean is, in the direction of the metric (negative: worse)
 * @param error    the standard error of the difference
 */
record MeanComparison(Evidence evidence, double gain, double error) {
    static MeanComparison of(Direction direction, double confidence, NoiseFloor noise, List<Double> champion,
                             List<Double> candidate) {
        int nc = champion.size();
        int nx = candidate.size();
        double mc = Samples.mean(champion);
        double mx = Samples.mean(candidate);
        double vc = Samples.variance(champion);
        double vx = Samples.variance(candidate);
        double gain = direction.gain(mx, mc);
        int df = nc + nx - 2;
        double pooled = df == 0 ? 0 : ((nc - 1) * vc + (nx - 1) * vx) / df;
        double p;
        if (pooled == 0) {
            pooled = noise.variance();
            df = noise.runs().size() - 1;
            p = TDistribution.of(df).survivalProbability(gain / Math.sqrt(pooled * (1.0 / nx + 1.0 / nc)));
        } else if (nc >= 2 && nx >= 2) {
            AlternativeHypothesis better = direction == Direction.MINIMIZE
                    ? AlternativeHypothesis.LESS_THAN : AlternativeHypothesis.GREATER_THAN;
            p = TTest.withDefaults().with(DataDispersion.HOMOSCEDASTIC).with(better).test(mx, vx, nx, mc, vc, nc)
                    .getPValue();
        } else {
            p = TDistribution.of(df).survivalProbability(gain / Math.sqrt(pooled * (1.0 / nx + 1.0 / nc)));
        }
        double error = Math.sqrt(pooled * (1.0 / nx + 1.0 / nc));
        double halfWidth = TDistribution.of(df).inverseSurvivalProbability((1 - confidence) / 2) * error;
        Evidence evidence = new Evidence(Evidence.Basis.T_TEST, champion, candidate, mc, mx,
                OptionalDouble.of(halfWidth), OptionalDouble.of(p), OptionalDouble.of(confidence));
        return new MeanComparison(evidence, gain, error);
    }

    double pValue() {
        return evidence.pValue().getAsDouble();
    }
}
