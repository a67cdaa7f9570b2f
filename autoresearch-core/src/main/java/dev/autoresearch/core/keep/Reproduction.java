package dev.autoresearch.core.keep;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.keep.internal.OneLook;

import java.util.List;
import java.util.Objects;

/**
 * Whether a kept change still reproduces once its runs are pooled with later re-runs: its pooled
 * runs must still be better than its parent's pooled runs. On a deterministic metric that is the
 * greedy comparison of medians (as it is when a side has a single run); otherwise one t-test of the pooled runs, as the significant rule makes it, at the session's
 * confidence (a single look, so the full error rate). A change that does not reproduce is named in
 * a warning and by {@code status}; it stays kept.
 *
 * @param reproduces true when the kept change is still better than its parent
 * @param evidence   the pooled comparison
 * @param reason     why it no longer reproduces; empty when it does
 */
public record Reproduction(boolean reproduces, Evidence evidence, String reason) {
    public Reproduction {
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * Compares the kept change's pooled runs with its parent's.
     *
     * @param kept   every run of the kept change, its re-runs included, in run order
     * @param parent every run of its parent, in run order
     */
    public static Reproduction check(Direction direction, double confidence, NoiseFloor noise, List<Double> kept,
                                     List<Double> parent) {
        Verdict verdict = OneLook.decide(direction, confidence, noise, parent, kept);
        if (verdict instanceof Verdict.Keep) {
            return new Reproduction(true, verdict.evidence(), "");
        }
        return new Reproduction(false, verdict.evidence(), "its pooled runs are no longer better than its parent's: "
                + verdict.evidence().summary());
    }
}
