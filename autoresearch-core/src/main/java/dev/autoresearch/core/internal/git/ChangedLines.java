package dev.autoresearch.core.internal.git;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The lines of the old side of a unified diff that it changes, file by file: the lines it removes or
 * rewrites, and the places between lines where it inserts (lines added in place of removed ones
 * count as those). Two changes can then be compared: one whose changed lines all lie within the
 * other's is an alternative to it (it edits nothing the other leaves alone), not an addition. Made
 * on the same commit, lines are told apart by their place; made on different commits, whose lines
 * may have moved, by their text (an insertion by the text of the line it follows).
 */
public final class ChangedLines {
    /** Stands for a whole file changed in a way the diff does not show line by line (binary content). */
    private static final int WHOLE_FILE = -1;

    /** By old path: line n rewritten or removed is 2n, an insertion after line n is 2n + 1. */
    private final Map<String, Set<Integer>> places;
    /** By old path: "-" and the text of each line removed, "+" and the text of the line each insertion follows. */
    private final Map<String, Set<String>> texts;

    private ChangedLines(Map<String, Set<Integer>> places, Map<String, Set<String>> texts) {
        this.places = places;
        this.texts = texts;
    }

    /** The lines {@code diff} (as {@code git diff} prints it, with any number of context lines) changes. */
    public static ChangedLines of(String diff) {
        Objects.requireNonNull(diff, "diff");
        Map<String, Set<Integer>> places = new HashMap<>();
        Map<String, Set<String>> texts = new HashMap<>();
        Set<Integer> lines = null;
        Set<String> text = null;
        String oldPath = null;
        int old = 0;
        Optional<String> before = Optional.empty();
        boolean inHunk = false;
        boolean replacing = false;
        for (String line : diff.split("\n", -1)) {
            if (line.startsWith("diff --git ")) {
                inHunk = false;
                oldPath = null;
                lines = null;
                text = null;
            } else if (!inHunk && line.startsWith("--- ")) {
                oldPath = line.equals("--- /dev/null") ? null : stripPrefix(line.substring(4));
            } else if (!inHunk && line.startsWith("+++ ")) {
                String path = oldPath != null ? oldPath : stripPrefix(line.substring(4));
                lines = places.computeIfAbsent(path, p -> new HashSet<>());
                text = texts.computeIfAbsent(path, p -> new HashSet<>());
            } else if (line.startsWith("Binary files ")) {
                String path = line.substring("Binary files ".length());
                int and = path.indexOf(" and ");
                path = stripPrefix(and < 0 ? path : path.substring(0, and));
                places.computeIfAbsent(path, p -> new HashSet<>()).add(WHOLE_FILE);
                texts.computeIfAbsent(path, p -> new HashSet<>());
            } else if (line.startsWith("@@ -") && lines != null) {
                inHunk = true;
                replacing = false;
                int end = line.indexOf(' ', 4);
                String range = line.substring(4, end < 0 ? line.length() : end);
                int comma = range.indexOf(',');
                old = Integer.parseInt(comma < 0 ? range : range.substring(0, comma));
                if (comma >= 0 && Integer.parseInt(range.substring(comma + 1)) == 0) {
                    old++; // an empty old side names the line the insertion follows
                }
                // The text of the line before the hunk is known only where the file starts there.
                before = old == 1 ? Optional.of("") : Optional.empty();
            } else if (inHunk && lines != null && !line.isEmpty()) {
                char sign = line.charAt(0);
                if (sign == ' ') {
                    old++;
                    replacing = false;
                    before = Optional.of(line.substring(1));
                } else if (sign == '-') {
                    lines.add(2 * old);
                    text.add("-" + line.substring(1));
                    old++;
                    replacing = true;
                    before = Optional.of(line.substring(1));
                } else if (sign == '+' && !replacing) {
                    lines.add(2 * (old - 1) + 1); // lines added after removed ones replace them: no place of their own
                    text.add(before.map(b -> "+" + b).orElse("@" + old)); // an unknown line before: no text to match
                }
            }
        }
        return new ChangedLines(places, texts);
    }

    private static String stripPrefix(String path) {
        return path.startsWith("a/") || path.startsWith("b/") ? path.substring(2) : path;
    }

    /**
     * True when every line this changes, {@code other} changes too (and this changes something).
     *
     * @param sameCommit whether both diffs start from the same commit: lines are then compared by their
     *                   place, else by their text
     */
    public boolean within(ChangedLines other, boolean sameCommit) {
        Objects.requireNonNull(other, "other");
        boolean any = false;
        for (Map.Entry<String, Set<Integer>> file : places.entrySet()) {
            Set<Integer> theirs = other.places.getOrDefault(file.getKey(), Set.of());
            boolean covered = theirs.contains(WHOLE_FILE) || (sameCommit ? theirs.containsAll(file.getValue())
                    : other.texts.getOrDefault(file.getKey(), Set.of()).containsAll(texts.get(file.getKey()))
                    && !file.getValue().contains(WHOLE_FILE));
            if (!covered) {
                return false;
            }
            any |= !file.getValue().isEmpty();
        }
        return any;
    }

    @Override
    public String toString() {
        return "ChangedLines" + places;
    }
}
