package dev.autoresearch.core.keep;

import dev.autoresearch.core.Direction;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The champion re-measure: does a kept change still beat its parent once its runs are pooled? */
class ReproductionTest {
    private static final NoiseFloor NOISY = NoiseFloor.of(100, 101, 99);

    @Test
    void aRealGainReproducesInItsPooledRuns() {
        Reproduction r = Reproduction.check(Direction.MINIMIZE, 0.95, NOISY,
                List.of(95.2, 94.8, 95.5, 94.9, 95.1, 95.3), List.of(100.0, 101.0, 99.0, 100.4, 99.7));

        assertThat(r.reproduces()).isTrue();
        assertThat(r.reason()).isEmpty();
        assertThat(r.evidence().summary()).startsWith("-4.9% +/- ");
    }

    @Test
    void aLuckyKeepWhosePooledRunsMatchItsParentsDoesNot() {
        // Kept on two lucky runs; the re-runs show it is the parent again.
        Reproduction r = Reproduction.check(Direction.MINIMIZE, 0.95, NOISY,
                List.of(98.1, 98.3, 100.6, 99.8, 100.9, 99.5, 100.2), List.of(100.0, 101.0, 99.0, 100.4, 99.7));

        assertThat(r.reproduces()).isFalse();
        assertThat(r.reason()).startsWith("its pooled runs are no longer better than its parent's: ")
                .contains("mean of 7 vs 5 runs");
    }

    @Test
    void onADeterministicMetricTheMediansDecide() {
        NoiseFloor exact = NoiseFloor.of(7, 7, 7);

        assertThat(Reproduction.check(Direction.MAXIMIZE, 0.95, exact, List.of(8.0, 8.0), List.of(7.0, 7.0)).reproduces())
                .isTrue();
        Reproduction tie = Reproduction.check(Direction.MAXIMIZE, 0.95, exact, List.of(7.0, 7.0), List.of(7.0, 7.0));
        assertThat(tie.reproduces()).isFalse();
        assertThat(tie.reason()).endsWith(": 0%, deterministic");
    }

    @Test
    void changesThatDoNothingRarelyLookLikeTheyReproduce() {
        Random random = new Random(11);
        int trials = 1000;
        int reproduced = 0;
        for (int i = 0; i < trials; i++) {
            List<Double> kept = random.doubles(6).map(u -> 50 + random.nextGaussian()).boxed().toList();
            List<Double> parent = random.doubles(6).map(u -> 50 + random.nextGaussian()).boxed().toList();
            reproduced += Reproduction.check(Direction.MINIMIZE, 0.95, NOISY, kept, parent).reproduces() ? 1 : 0;
        }
        assertThat(reproduced).isLessThanOrEqualTo(trials / 20);
    }
}
