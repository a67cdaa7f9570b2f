package dev.autoresearch.core.testing;

import java.util.List;

/**
 * A landscape whose constants improve one by one: the tuner on four whole constants of
 * {@code params.py}, A to D from 0 to 7, starting at 4, scored by the squared distance to (1, 6, 1, 6).
 * Each constant sits on a line of its own between comment lines, so that changes of different
 * constants merge cleanly: islands that improved different constants bring each other code that
 * neither measured, and a migration runs.
 */
public final class Separable {
    /** The constants as the repository starts. */
    public static final String PARAMS = "A = 4\n#\nB = 4\n#\nC = 4\n#\nD = 4\n";

    private static final List<String> NAMES = List.of("A", "B", "C", "D");
    private static final double[] TARGET = {1, 6, 1, 6};

    private Separable() {
    }

    /** program.md for the landscape: {@code search} is its search keys' lines, then at most {@code experiments}. */
    public static String program(String search, int experiments) {
        StringBuilder tune = new StringBuilder();
        for (String name : NAMES) {
            tune.append("  - file: params.py\n    name: ").append(name).append("\n    range: [0, 7]\n    scale: int\n");
        }
        return "---\nmetric: score\ndirection: minimize\nrun: ./study\nkeep: greedy\n" + search
                + "\nstop:\n  max-experiments: " + experiments + "\ntune:\n" + tune + "---\nMinimize the score.\n";
    }

    /** The score of the values of A to D, in that order. */
    public static double score(List<Double> v) {
        double score = 0;
        for (int i = 0; i < TARGET.length; i++) {
            score += Math.pow(v.get(i) - TARGET[i], 2);
        }
        return score;
    }
}
