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
     * The verdict on the runs so far.
     *
     * @throws IllegalArgumentException when the comparison has no candidate run yet
     */
    Verdict decide(Comparison comparison);
}
