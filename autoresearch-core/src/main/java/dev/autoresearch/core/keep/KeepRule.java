package dev.autoresearch.core.keep;

/**
 * Decides, after each run of a candidate or of the champion, whether the candidate is kept,
 * discarded or needs more runs. Rules are pure and stateless: the same {@link Comparison} always
 * gets the same {@link Verdict}. Make them with {@link KeepRules}.
 *
 * <p>A rule looks at the primary metric only; the constraints on secondary metrics and the
 * {@code checks} command are the judge's.
 */
public interface KeepRule {
    /** The program.md keyword of the rule: {@code greedy} or {@code significant}. */
    String name();

    /**
     * Whether the rule decides with statistics on repeated runs: the baseline is then measured
     * {@code baseline-repeats} times to know the noise, and each record carries the confidence the
     * rule reached (a {@code confidence} column in results.tsv). False by default.
     */
    default boolean statistical() {
        return false;
    }

    /**
     * The verdict on the runs so far.
     *
     * @throws IllegalArgumentException when the comparison has no candidate run yet
     */
    Verdict decide(Comparison comparison);
}
