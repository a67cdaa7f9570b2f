package dev.autoresearch.core.keep;

import dev.autoresearch.core.program.ProgramKeys;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How a session decides keeps, from program.md's keys {@code keep}, {@code confidence},
 * {@code baseline-repeats}, {@code max-repeats}, {@code remeasure-every}, {@code holdout},
 * {@code holdout-every} and {@code holdout-guard}. Each value is checked on its own here; the
 * program spec checks how they combine with {@code repeats}.
 *
 * @param rule            greedy or significant
 * @param confidence      the confidence a significant keep needs, 0.5 to 0.999
 * @param baselineRepeats runs of the baseline, which measure the noise floor
 * @param maxRepeats      the most runs a candidate gets under the significant rule
 * @param remeasureEvery  comparisons of a champion after which its runs are pooled and checked again
 * @param holdout         the hidden check run for new champions, if any
 * @param holdoutEvery    run the holdout for every k-th new champion
 * @param holdoutGuard    discard a change whose holdout got worse than its parent's beyond noise
 */
public record KeepSettings(Rule rule, double confidence, int baselineRepeats, int maxRepeats, int remeasureEvery,
                           Optional<Holdout> holdout, int holdoutEvery, boolean holdoutGuard) {
    /** significant at 95%, 3 baseline runs, up to 5 runs a candidate, re-measure every 10, no holdout. */
    public static final KeepSettings DEFAULT = new KeepSettings(Rule.SIGNIFICANT, 0.95, 3, 5, 10, Optional.empty(),
            1, false);

    public KeepSettings {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(holdout, "holdout");
        ProgramKeys.CONFIDENCE.check(confidence);
        ProgramKeys.BASELINE_REPEATS.check(baselineRepeats);
        ProgramKeys.MAX_REPEATS.check(maxRepeats);
        ProgramKeys.REMEASURE_EVERY.check(remeasureEvery);
        ProgramKeys.HOLDOUT_EVERY.check(holdoutEvery);
    }

    public KeepSettings withRule(Rule r) {
        return new KeepSettings(r, confidence, baselineRepeats, maxRepeats, remeasureEvery, holdout, holdoutEvery,
                holdoutGuard);
    }

    public KeepSettings withConfidence(double c) {
        return new KeepSettings(rule, c, baselineRepeats, maxRepeats, remeasureEvery, holdout, holdoutEvery, holdoutGuard);
    }

    public KeepSettings withBaselineRepeats(int n) {
        return new KeepSettings(rule, confidence, n, maxRepeats, remeasureEvery, holdout, holdoutEvery, holdoutGuard);
    }

    public KeepSettings withMaxRepeats(int n) {
        return new KeepSettings(rule, confidence, baselineRepeats, n, remeasureEvery, holdout, holdoutEvery, holdoutGuard);
    }

    public KeepSettings withRemeasureEvery(int n) {
        return new KeepSettings(rule, confidence, baselineRepeats, maxRepeats, n, holdout, holdoutEvery, holdoutGuard);
    }

    public KeepSettings withHoldout(Holdout h) {
        return new KeepSettings(rule, confidence, baselineRepeats, maxRepeats, remeasureEvery,
                Optional.of(Objects.requireNonNull(h, "holdout")), holdoutEvery, holdoutGuard);
    }

    public KeepSettings withHoldoutEvery(int k) {
        return new KeepSettings(rule, confidence, baselineRepeats, maxRepeats, remeasureEvery, holdout, k, holdoutGuard);
    }

    public KeepSettings withHoldoutGuard(boolean guard) {
        return new KeepSettings(rule, confidence, baselineRepeats, maxRepeats, remeasureEvery, holdout, holdoutEvery,
                guard);
    }

    /**
     * The rules program.md's {@code keep} key names, each with how it is made from the program: a new
     * built-in rule is its class and one constant here.
     */
    public enum Rule {
        /** Medians compared once, as for deterministic metrics. */
        GREEDY(spec -> KeepRules.greedy(spec.direction(), spec.minImprovement())),
        /** The noise measured, keeps only at the stated confidence; at most the larger of max-repeats and repeats runs. */
        SIGNIFICANT(spec -> KeepRules.significant(spec.keep().confidence(), spec.direction(), spec.minImprovement(),
                Math.max(spec.keep().maxRepeats(), spec.repeats())));

        private final java.util.function.Function<dev.autoresearch.core.ProgramSpec, KeepRule> make;

        Rule(java.util.function.Function<dev.autoresearch.core.ProgramSpec, KeepRule> make) {
            this.make = make;
        }

        /** The rule for {@code spec}: its direction, min-improvement and keep settings. */
        public KeepRule make(dev.autoresearch.core.ProgramSpec spec) {
            return make.apply(spec);
        }

        /** The program.md keyword: {@code greedy} or {@code significant}. */
        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * Reads a rule's keyword, in any case.
         *
         * @throws IllegalArgumentException naming the accepted words
         */
        public static Rule parse(String text) {
            String t = Objects.requireNonNull(text, "text").strip().toLowerCase(Locale.ROOT);
            for (Rule r : values()) {
                if (r.keyword().equals(t)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("expected " + java.util.Arrays.stream(values())
                    .map(r -> "'" + r.keyword() + "'").collect(java.util.stream.Collectors.joining(" or "))
                    + ", got '" + text + "'");
        }
    }
}
