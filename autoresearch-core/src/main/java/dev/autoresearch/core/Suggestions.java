package dev.autoresearch.core;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the known name a misspelt one was probably meant to be: a program.md key, a runner's or a
 * strategy's name. Messages offer it as "did you mean".
 */
public final class Suggestions {
    private Suggestions() {
    }

    /**
     * The nearest of {@code known}: one written the same apart from case, '-' and '_'
     * ({@code maxExperiments}, {@code min_improvement}), else one within a small edit distance.
     */
    public static Optional<String> nearest(String key, List<String> known) {
        String normal = normalize(key);
        for (String k : known) {
            if (normalize(k).equals(normal)) {
                return Optional.of(k);
            }
        }
        String lower = key.toLowerCase(Locale.ROOT);
        // Short keys tolerate one typo; longer ones two. More than that suggests nonsense.
        int limit = lower.length() <= 4 ? 1 : 2;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(lower, k);
            if (d <= limit && d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    private static String normalize(String key) {
        return key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(" ", "");
    }

    /** Edit distance counting a swap of neighbours as one edit, the commonest typo ({@code rnage}). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
