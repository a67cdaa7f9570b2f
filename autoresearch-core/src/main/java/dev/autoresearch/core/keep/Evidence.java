package dev.autoresearch.core.keep;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What a keep decision rests on, for the journal, results.tsv and the console: the runs of both
 * sides, the difference of the candidate's estimate to the champion's (of medians for the greedy
 * and deterministic cases, of means for the t-test), and, for a statistical decision, the
 * interval of that difference, the p-value and the confidence reached.
 *
 * @param basis             how the difference was judged
 * @param champion          the champion's runs the decision used, in run order
 * @param candidate         the candidate's runs, in run order
 * @param championEstimate  the champion's median or mean (see {@link Basis#estimate()})
 * @param candidateEstimate the candidate's median or mean
 * @param halfWidth         half the width of the two-sided interval of the difference at {@code confidence}
 * @param pValue            the one-sided p-value of "the candidate is not better"
 * @param confidence        the confidence the rule asks for
 */
public record Evidence(Basis basis, List<Double> champion, List<Double> candidate, double championEstimate,
                       double candidateEstimate, OptionalDouble halfWidth, OptionalDouble pValue,
                       OptionalDouble confidence) {
    public Evidence {
        Objects.requireNonNull(basis, "basis");
        champion = List.copyOf(champion);
        candidate = List.copyOf(candidate);
        Objects.requireNonNull(halfWidth, "halfWidth");
        Objects.requireNonNull(pValue, "pValue");
        Objects.requireNonNull(confidence, "confidence");
    }

    /** The candidate's estimate minus the champion's, in the metric's units (negative: lower). */
    public double difference() {
        return candidateEstimate - championEstimate;
    }

    /** {@link #difference()} as a fraction of the champion's estimate; NaN when that is 0. */
    public double relativeDifference() {
        return championEstimate == 0 ? Double.NaN : difference() / Math.abs(championEstimate);
    }

    /** One minus the p-value: how sure the test is that the candidate is better; empty without a test. */
    public OptionalDouble confidenceReached() {
        return pValue.isPresent() ? OptionalDouble.of(1 - pValue.getAsDouble()) : OptionalDouble.empty();
    }

    /**
     * One line for the console and the journal: {@code -2.8% +/- 0.4% at 95%, p=0.012, 5 vs 7 runs}
     * for the t-test, {@code -2.8%, median of 1 vs 3 runs} for greedy, {@code -2.8%, deterministic}.
     * Differences are relative to the champion unless its estimate is 0.
     */
    public String summary() {
        StringBuilder s = new StringBuilder(differenceWithInterval());
        pValue.ifPresent(p -> s.append(p < 0.001 ? ", p<0.001" : String.format(Locale.ROOT, ", p=%.3f", p)));
        if (basis == Basis.DETERMINISTIC) {
            s.append(", deterministic");
        } else {
            s.append(", ").append(basis.estimate()).append(" of ").append(candidate.size()).append(" vs ")
                    .append(champion.size()).append(" runs");
        }
        return s.toString();
    }

    /**
     * The difference with its interval when there is one, as {@link #summary()} begins:
     * {@code -2.8% +/- 0.4% at 95%}, or {@code -2.8%} without an interval. Relative to the
     * champion unless its estimate is 0 (then in the metric's units, without {@code %}).
     */
    public String differenceWithInterval() {
        boolean relative = championEstimate != 0 && Double.isFinite(relativeDifference());
        double scale = relative ? 100 / Math.abs(championEstimate) : 1;
        String unit = relative ? "%" : "";
        StringBuilder s = new StringBuilder(signed(difference() * scale)).append(unit);
        if (halfWidth.isPresent()) {
            s.append(" +/- ").append(plain(halfWidth.getAsDouble() * scale)).append(unit)
                    .append(" at ").append(percent(confidence.orElse(Double.NaN)));
        }
        return s.toString();
    }

    /** {@code 95%}, {@code 99.9%}. */
    static String percent(double fraction) {
        return BigDecimal.valueOf(fraction * 100).round(new MathContext(4)).stripTrailingZeros().toPlainString() + "%";
    }

    private static String signed(double v) {
        return (v > 0 ? "+" : "") + plain(v);
    }

    /** One decimal from 1 up, two significant digits below 1. */
    private static String plain(double v) {
        if (!Double.isFinite(v) || v == 0) {
            return v == 0 ? "0" : Double.toString(v);
        }
        BigDecimal twoDigits = new BigDecimal(v).round(new MathContext(2));
        if (twoDigits.abs().compareTo(BigDecimal.ONE) >= 0) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return twoDigits.stripTrailingZeros().toPlainString();
    }

    /** How a difference was judged. */
    public enum Basis {
        /** The greedy rule: medians compared, no statistics. */
        GREEDY("median"),
        /** The significant rule on a metric whose baseline runs agreed exactly: medians compared. */
        DETERMINISTIC("median"),
        /** The significant rule: Student's t-test, variance pooled, on the means of both sides' runs. */
        T_TEST("mean");

        private final String estimate;

        Basis(String estimate) {
            this.estimate = estimate;
        }

        /** {@code median} or {@code mean}: what {@link Evidence#difference()} is a difference of. */
        public String estimate() {
            return estimate;
        }
    }
}
