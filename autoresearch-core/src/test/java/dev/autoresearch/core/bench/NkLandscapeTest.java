package dev.autoresearch.core.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NkLandscapeTest {

    @Test
    void theGlobalOptimumIsTheBestOfEveryConfiguration() {
        NkLandscape landscape = NkLandscape.random(6, 2, 3, 7);
        NkLandscape.Optimum optimum = landscape.globalOptimum();

        double best = Double.NEGATIVE_INFINITY;
        for (int index = 0; index < 729; index++) {
            best = Math.max(best, landscape.value(digits(index, 6, 3)));
        }
        assertThat(optimum.value()).isEqualTo(best);
        assertThat(landscape.value(optimum.configuration())).isEqualTo(optimum.value());
    }

    @Test
    void withoutInteractionsTheOptimumIsEachLocusAtItsOwnBest() {
        // With k = 0 the loci are independent: setting each to its best value, one at a time from
        // any start, reaches the global optimum, a truth the enumeration does not use.
        NkLandscape landscape = NkLandscape.random(8, 0, 4, 3);
        List<Integer> x = new ArrayList<>(List.of(0, 0, 0, 0, 0, 0, 0, 0));
        for (int i = 0; i < 8; i++) {
            int bestValue = 0;
            for (int v = 1; v < 4; v++) {
                x.set(i, v);
                double now = landscape.value(x);
                x.set(i, bestValue);
                if (now > landscape.value(x)) {
                    bestValue = v;
                }
            }
            x.set(i, bestValue);
        }
        assertThat(landscape.globalOptimum().configuration()).isEqualTo(x);
    }

    @Test
    void withInteractionsTheLandscapeHasLocalOptimaBelowTheGlobalOne() {
        NkLandscape landscape = NkLandscape.random(8, 3, 2, 11);
        double global = landscape.globalOptimum().value();
        int localOnly = 0;
        for (int index = 0; index < 256; index++) {
            List<Integer> x = digits(index, 8, 2);
            double value = landscape.value(x);
            boolean local = true;
            for (int i = 0; i < 8 && local; i++) {
                List<Integer> flipped = new ArrayList<>(x);
                flipped.set(i, 1 - x.get(i));
                local = landscape.value(flipped) <= value;
            }
            if (local && value < global) {
                localOnly++;
            }
        }
        assertThat(localOnly).isPositive();
    }

    @Test
    void oneSeedIsOneLandscape() {
        NkLandscape a = NkLandscape.random(10, 3, 4, 42);
        NkLandscape b = NkLandscape.random(10, 3, 4, 42);
        NkLandscape other = NkLandscape.random(10, 3, 4, 43);
        List<Integer> x = List.of(0, 1, 2, 3, 0, 1, 2, 3, 0, 1);

        assertThat(b.value(x)).isEqualTo(a.value(x));
        assertThat(b.globalOptimum()).isEqualTo(a.globalOptimum());
        assertThat(other.value(x)).isNotEqualTo(a.value(x));
    }

    @Test
    void aLandscapeTooLargeToEnumerateIsRefusedSayingWhatToLower() {
        assertThatThrownBy(() -> NkLandscape.random(16, 2, 4, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4^16 configurations are too many")
                .hasMessageContaining("lower n or q");
        assertThatThrownBy(() -> NkLandscape.random(4, 4, 2, 1)).hasMessageContaining("0 <= k < n");
    }

    @Test
    void aConfigurationOfTheWrongShapeIsRefused() {
        NkLandscape landscape = NkLandscape.random(4, 1, 2, 1);
        assertThatThrownBy(() -> landscape.value(List.of(0, 1))).hasMessageContaining("has 4 values, not 2");
        assertThatThrownBy(() -> landscape.value(List.of(0, 1, 2, 0))).hasMessageContaining("value 2 of locus 2 is outside 0..1");
    }

    /** {@code index} written in base {@code q} with {@code n} digits, the most significant first. */
    private static List<Integer> digits(int index, int n, int q) {
        Integer[] x = new Integer[n];
        for (int i = n - 1; i >= 0; i--) {
            x[i] = index % q;
            index /= q;
        }
        return List.of(x);
    }
}
