package dev.autoresearch.core.internal.git;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The lines of the old side of a unified diff that it changes, file by file: the lines it removes or
 * rewrites, and the places between lines where it inserts (lines added in place of removed ones
 * count as those). Two changes made on the same commit can
 * then be compared: one whose changed lines all lie within the other's is an alternative to it (it
 * edits nothing the other leaves alone), not an addition.
 */
public final class ChangedLines {
    /** Stands for a whole file changed in a way the diff does not show line by line (binary content). */
    private static final int WHOLE_FILE = -1;

    /** By old path: line n rewritten or removed is 2n, an insertion after line n is 2n + 1. */
    private final Map<String, Set<Integer>> byFile;

    private ChangedLines(Map<String, Set<Integer>> byFile) {
        this.byFile = byFile;
    }

    /** The lines {@code diff} (as {@code git diff} prints it, with any number of context lines) changes. */
    public static ChangedLines of(String diff) {
        Objects.requireNonNull(diff, "diff");
        Map<String, Set<Integer>> byFile = new HashMap<>();
        Set<Integer> lines = null;
        String oldPath = null;
        int old = 0;
        boolean inHunk = false;
        boolean replacing = false;
        for (String line : diff.split("\n", -1)) {
            if (line.startsWith("diff --git ")) {
                inHunk = false;
                oldPath = null;
                lines = null;
            } else if (!inHunk && line.startsWith("--- ")) {
                oldPath = line.equals("--- /dev/null") ? null : stripPrefix(line.substring(4));
            } else if (!inHunk && line.startsWith("+++ ")) {
                String path = oldPath != null ? oldPath : stripPrefix(line.substring(4));
                lines = byFile.computeIfAbsent(path, p -> new HashSet<>());
            } else if (line.startsWith("Binary files ")) {
                String path = line.substring("Binary files ".length());
                int and = path.indexOf(" and ");
                path = stripPrefix(and < 0 ? path : path.substring(0, and));
                byFile.computeIfAbsent(path, p -> new HashSet<>()).add(WHOLE_FILE);
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
            } else if (inHunk && lines != null && !line.isEmpty()) {
                char sign = line.charAt(0);
                if (sign == ' ') {
                    old++;
                    replacing = false;
                } else if (sign == '-') {
                    lines.add(2 * old);
                    old++;
                    replacing = true;
                } else if (sign == '+' && !replacing) {
                    lines.add(2 * (old - 1) + 1); // lines added after removed ones replace them: no place of their own
                }
            }
        }
        return new ChangedLines(byFile);
    }

    private static String stripPrefix(String path) {
        return path.startsWith("a/") || path.startsWith("b/") ? path.substring(2) : path;
    }

    /** True when every line this changes, {@code other} changes too (and this changes something). */
    public boolean within(ChangedLines other) {
        Objects.requireNonNull(other, "other");
        boolean any = false;
        for (Map.Entry<String, Set<Integer>> file : byFile.entrySet()) {
            Set<Integer> theirs = other.byFile.getOrDefault(file.getKey(), Set.of());
            if (theirs.contains(WHOLE_FILE)) {
                any |= !file.getValue().isEmpty();
                continue;
            }
            if (!theirs.containsAll(file.getValue())) {
                return false;
            }
            any |= !file.getValue().isEmpty();
        }
        return any;
    }

    @Override
    public String toString() {
        return "ChangedLines" + byFile;
    }
}
