package dev.autoresearch.core.keep;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.MinImprovement;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.keep.internal.GreedyRule;
import dev.autoresearch.core.keep.internal.SignificantRule;

import java.util.Objects;

/** Factories of the {@link KeepRule}s that program.md's {@code keep} key names. */
public final class KeepRules {
    private KeepRules() {
    }

    /**
     * Today's rule, for metrics known to be deterministic: keep when the candidate's median beats
     * the champion's by at least {@code minImprovement} (ties are not improvements). It never asks
     * for more runs; {@code repeats} fixes how many a candidate gets.
     */
    public static KeepRule greedy(Direction direction, MinImprovement minImprovement) {
        return new GreedyRule(direction, minImprovement);
    }

    /**
     * Keeps a change only when the evidence says it is better at {@code confidence}.
     *
     * <ul>
     *   <li>When the baseline's runs agreed exactly (a deterministic {@link NoiseFloor}), it
     *       decides as {@link #greedy} does, on medians, after one run, at no extra cost.</li>
     *   <li>Otherwise it compares means with Student's one-sided two-sample t-test, the variance
     *       pooled over both sides' runs (Commons Statistics): the noise is the machine's, and
     *       Welch's separate variances let two runs that happen to agree pass for a precise
     *       measurement. Without a variance in the runs (a single run each, or all equal) the
     *       noise floor's stands in.</li>
     *   <li>Keep when both sides have at least two runs, the estimated gain is positive and at
     *       least {@code minImprovement}, and the p-value is below
     *       {@code (1 - confidence) / 2 / (maxRepeats - 1)}: the two-sided interval at
     *       {@code confidence} lies wholly on the better side, with its error rate split over the
     *       looks (Bonferroni) so that asking after every run does not inflate it.</li>
     *   <li>Discard as soon as the estimated gain is not above what is needed by at least
     *       {@value SignificantRule#PROMISING_ERRORS} standard errors of the difference (a
     *       candidate worse than the champion goes after its first run), and when the candidate
     *       has {@code maxRepeats} runs without a keep.</li>
     *   <li>Otherwise ask for one re-run of the champion and one more run of the candidate,
     *       interleaved, so that a slow drift of the machine hits both sides alike.</li>
     * </ul>
     *
     * @param confidence the confidence a keep needs, from 0.5 to 0.999 (0.95 by default)
     * @param maxRepeats the most runs a candidate gets, at least 2 (5 by default)
     */
    public static KeepRule significant(double confidence, Direction direction, MinImprovement minImprovement,
                                       int maxRepeats) {
        return new SignificantRule(confidence, direction, minImprovement, maxRepeats);
    }

    /**
     * The rule a program's {@link KeepSettings} name, with its direction and min-improvement; a
     * significant rule allows the larger of {@code max-repeats} and {@code repeats} runs.
     */
    public static KeepRule of(ProgramSpec spec) {
        return Objects.requireNonNull(spec, "spec").keep().rule().make(spec);
    }
}
