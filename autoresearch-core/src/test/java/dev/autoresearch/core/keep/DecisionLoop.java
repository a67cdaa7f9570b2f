package dev.autoresearch.core.keep;

import java.util.function.DoubleSupplier;

/**
 * Asks a rule after every run and makes the runs it asks for, champion re-run first, as the loop's
 * measurer will: a small stand-in for tests and the keep-rule study until the loop uses the rule.
 */
public final class DecisionLoop {
    private DecisionLoop() {
    }

    /** The final verdict, the comparison it was made on and how many runs it took (re-runs included). */
    public record Outcome(Verdict verdict, Comparison comparison, int runs) {
    }

    /**
     * Runs the candidate once (or as often as {@code firstRuns}), then as the rule asks.
     *
     * @param candidate the next run of the candidate
     * @param champion  the next re-run of the champion
     */
    public static Outcome decide(KeepRule rule, Comparison start, int firstRuns, DoubleSupplier candidate,
                                 DoubleSupplier champion) {
        Comparison c = start;
        int runs = 0;
        for (int i = 0; i < firstRuns; i++) {
            c = c.withCandidate(candidate.getAsDouble());
            runs++;
        }
        while (true) {
            Verdict v = rule.decide(c);
            if (!(v instanceof Verdict.MoreRuns)) {
                return new Outcome(v, c, runs);
            }
            Verdict.MoreRuns more = (Verdict.MoreRuns) v;
            for (int i = 0; i < Math.max(more.candidateRuns(), more.championRuns()); i++) {
                if (i < more.championRuns()) {
                    c = c.withChampion(champion.getAsDouble());
                    runs++;
                }
                if (i < more.candidateRuns()) {
                    c = c.withCandidate(candidate.getAsDouble());
                    runs++;
                }
            }
        }
    }
}
