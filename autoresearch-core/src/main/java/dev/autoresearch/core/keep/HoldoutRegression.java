package dev.autoresearch.core.keep;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.keep.internal.OneLook;

import java.util.List;
import java.util.Objects;

/**
 * Whether a new champion's holdout got worse than its parent's beyond noise, which flags the
 * champion (and, with {@code holdout-guard: true}, discards it). The test is the significant rule's
 * turned around: "the champion's holdout is worse" must hold at the session's confidence. With a
 * single holdout run on a side, or no measured holdout noise, any worsening of the median counts.
 *
 * @param worse    true when the holdout got worse beyond noise
 * @param evidence the champion's holdout runs against the parent's (the difference is champion minus parent)
 * @param reason   what got worse, for the warning and the discard; empty when not worse
 */
public record HoldoutRegression(boolean worse, Evidence evidence, String reason) {
    public HoldoutRegression {
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * Compares holdout values.
     *
     * @param direction the holdout metric's direction (the primary metric's)
     * @param noise     the holdout's own noise floor (its baseline runs), or a single run when not measured
     * @param champion  the new champion's holdout runs
     * @param parent    its parent's holdout runs
     */
    public static HoldoutRegression check(Direction direction, double confidence, NoiseFloor noise,
                                          List<Double> champion, List<Double> parent) {
        Direction worse = direction == Direction.MINIMIZE ? Direction.MAXIMIZE : Direction.MINIMIZE;
        Verdict verdict = OneLook.decide(worse, confidence, noise, parent, champion);
        if (verdict instanceof Verdict.Keep) {
            return new HoldoutRegression(true, verdict.evidence(), "the holdout got worse than the parent's: "
                    + verdict.evidence().summary());
        }
        return new HoldoutRegression(false, verdict.evidence(), "");
    }
}
