package dev.autoresearch.cli;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The flags an unknown one was probably meant to be: those within a few typing mistakes of it, or
 * that it begins. picocli's own suggestions leave out the options a command takes from its mixins
 * (every program.md key's flag), and are ordered by declaration rather than by likeness.
 */
final class FlagSuggestions {
    private static final int MAX = 3;

    private FlagSuggestions() {
    }

    /** Up to three of {@code known} nearest {@code typed}, nearest first; none when nothing is near. */
    static List<String> near(String typed, Collection<String> known) {
        String flag = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
        Map<String, Integer> distances = new TreeMap<>();
        for (String k : known) {
            int d = k.startsWith(flag) && flag.length() >= 4 ? 0 : distance(flag, k);
            if (d <= Math.max(2, flag.length() / 4)) {
                distances.put(k, d);
            }
        }
        return distances.entrySet().stream().sorted(Map.Entry.comparingByValue(Comparator.naturalOrder()))
                .limit(MAX).map(Map.Entry::getKey).toList();
    }

    /** The Levenshtein distance: insertions, deletions and substitutions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
