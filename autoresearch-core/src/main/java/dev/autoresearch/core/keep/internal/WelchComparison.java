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
 * Welch's one-sided t-test of "the candidate's mean is better than the champion's", from Commons
 * Statistics. A side with one run, or whose runs agree exactly, has no variance of its own: the
 * noise floor's variance stands in for it. With a single run on a side Welch's degrees of freedom
 * are undefined, so the t statistic is then read against the noise floor's degrees of freedom
 * (baseline runs - 1).
 *
 * @param evidence the difference of means, its two-sided interval at {@code confidence}, the p-value
 * @param gain     how much better the candidate's mean is, in the direction of the metric (negative: worse)
 * @param error    the standard error of the difference
 */
record WelchComparison(Evidence evidence, double gain, double error) {
    static WelchComparison of(Direction direction, double confidence, NoiseFloor noise, List<Double> champion,
                              List<Double> candidate) {
        double noiseVariance = noise.variance();
        double mc = Samples.mean(champion);
        double mx = Samples.mean(candidate);
        double vc = varianceOrNoise(champion, noiseVariance);
        double vx = varianceOrNoise(candidate, noiseVariance);
        int nc = champion.size();
        int nx = candidate.size();
        double error = Math.sqrt(vx / nx + vc / nc);
        double gain = direction.gain(mx, mc);
        double p;
        double df;
        if (nc >= 2 && nx >= 2) {
            AlternativeHypothesis better = direction == Direction.MINIMIZE
                    ? AlternativeHypothesis.LESS_THAN : AlternativeHypothesis.GREATER_THAN;
            TTest.Result result = TTest.withDefaults().with(DataDispersion.HETEROSCEDASTIC).with(better)
                    .test(mx, vx, nx, mc, vc, nc);
            p = result.getPValue();
            df = result.getDegreesOfFreedom();
        } else {
            df = noise.runs().size() - 1;
            p = TDistribution.of(df).survivalProbability(gain / error);
        }
        double halfWidth = TDistribution.of(df).inverseSurvivalProbability((1 - confidence) / 2) * error;
        Evidence evidence = new Evidence(Evidence.Basis.WELCH, champion, candidate, mc, mx,
                OptionalDouble.of(halfWidth), OptionalDouble.of(p), OptionalDouble.of(confidence));
        return new WelchComparison(evidence, gain, error);
    }

    private static double varianceOrNoise(List<Double> runs, double noiseVariance) {
        double own = Samples.variance(runs);
        return runs.size() >= 2 && own > 0 ? own : noiseVariance;
    }

    double pValue() {
        return evidence.pValue().getAsDouble();
    }
}
