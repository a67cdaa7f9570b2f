package dev.autoresearch.core.testing;

import java.util.List;

/**
 * A landscape for search tests in every module: the tuner on two whole constants of {@code params.py},
 * A and B from 0 to 7, starting at A = B = 2, whose score has a local optimum near the start (A = B =
 * 1, score 3) and the global one far from it (A = B = 6, score 0). Greedy search ends at the first;
 * a tree or islands can reach the second.
 */
public final class TwoOptima {
    /** The constants as the repository starts. */
    public static final String PARAMS = "A = 2\nB = 2\n";

    private TwoOptima() {
    }

    /** program.md for the landscape: {@code search} is its search keys' lines, then at most {@code experiments}. */
    public static String program(String search, int experiments) {
        return String.format("""
                ---
                metric: score
                direction: minimize
                run: ./study
                keep: greedy
                %s
                stop:
                  max-experiments: %d
                tune:
                  - file: params.py
                    name: A
                    range: [0, 7]
                    scale: int
                  - file: params.py
                    name: B
                    range: [0, 7]
                    scale: int
                ---
                Minimize the score.
                """, search, experiments);
    }

    /** The score of the values of A and B, in that order. */
    public static double score(List<Double> v) {
        double near = Math.pow(v.get(0) - 1, 2) + Math.pow(v.get(1) - 1, 2) + 3;
        double far = Math.pow(v.get(0) - 6, 2) + Math.pow(v.get(1) - 6, 2);
        return Math.min(near, far);
    }
}
