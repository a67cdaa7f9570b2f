package dev.autoresearch.core.keep;

import dev.autoresearch.core.Direction;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The holdout check: a champion whose hidden metric got worse than its parent's beyond noise is flagged. */
class HoldoutRegressionTest {
    @Test
    void aHoldoutThatGotClearlyWorseIsFlaggedWithItsEvidence() {
        HoldoutRegression r = HoldoutRegression.check(Direction.MAXIMIZE, 0.95, NoiseFloor.of(0.90, 0.91, 0.89),
                List.of(0.80, 0.81, 0.79), List.of(0.90, 0.91, 0.89));

        assertThat(r.worse()).isTrue();
        assertThat(r.reason()).startsWith("the holdout got worse than the parent's: -11.1% +/- ");
    }

    @Test
    void aDifferenceWithinTheNoiseIsNotFlagged() {
        HoldoutRegression r = HoldoutRegression.check(Direction.MAXIMIZE, 0.95, NoiseFloor.of(0.90, 0.91, 0.89),
                List.of(0.895, 0.905, 0.90), List.of(0.90, 0.91, 0.89));

        assertThat(r.worse()).isFalse();
        assertThat(r.reason()).isEmpty();
    }

    @Test
    void singleRunsFlagAnyWorseningAndNothingElse() {
        NoiseFloor one = NoiseFloor.of(0.9);

        assertThat(HoldoutRegression.check(Direction.MINIMIZE, 0.95, one, List.of(1.2), List.of(1.1)).worse()).isTrue();
        assertThat(HoldoutRegression.check(Direction.MINIMIZE, 0.95, one, List.of(1.1), List.of(1.1)).worse()).isFalse();
        assertThat(HoldoutRegression.check(Direction.MINIMIZE, 0.95, one, List.of(1.0), List.of(1.1)).worse()).isFalse();
    }
}
