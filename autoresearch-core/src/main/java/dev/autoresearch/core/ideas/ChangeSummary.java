package dev.autoresearch.core.ideas;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a change touched, read from its unified diff: the files, the names (functions around the
 * hunks, settings assigned on changed lines), the blob each file had before (so that a later
 * champion can tell whether that code moved since), a few words, and the diff itself, shortened.
 *
 * @param words  what it changed in a few words, such as {@code lr, warmup in train.py (+2 -2)}
 * @param files  the files it changed, in diff order
 * @param names  the names it touched, at most {@link #MAX_NAMES}
 * @param before each changed file's blob id before the change, as abbreviated in the diff (absent for a new file)
 * @param diff   the diff, at most {@link #MAX_DIFF_CHARS} characters
 */
public record ChangeSummary(String words, List<String> files, List<String> names, Map<String, String> before,
                            String diff) {
    /** The most names kept. */
    public static final int MAX_NAMES = 8;
    /** The most characters of the diff kept, enough for a novelty check to compare. */
    public static final int MAX_DIFF_CHARS = 4000;
    /** A change of nothing: an experiment that never became a commit. */
    public static final ChangeSummary NONE = new ChangeSummary("", List.of(), List.of(), Map.of(), "");

    private static final Pattern FILE = Pattern.compile("^diff --git a/(.*) b/(.*)$");
    private static final Pattern INDEX = Pattern.compile("^index ([0-9a-f]+)\\.\\.([0-9a-f]+)");
    private static final Pattern HUNK = Pattern.compile("^@@[^@]*@@\\s*(.*)$");
    private static final Pattern CALLED = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*\\(");
    private static final Pattern ASSIGNED = Pattern.compile("^\\s*(?:[A-Za-z_][A-Za-z0-9_<>,\\[\\]]*\\s+)*"
            + "([A-Za-z_][A-Za-z0-9_.]*)\\s*(?::|=(?!=))");
    private static final Set<String> KEYWORDS = Set.of("if", "for", "while", "switch", "return", "def", "class",
            "catch", "with", "elif", "else", "new");

    public ChangeSummary {
        Objects.requireNonNull(words, "words");
        files = List.copyOf(files);
        names = List.copyOf(names);
        before = Map.copyOf(before);
        Objects.requireNonNull(diff, "diff");
    }

    /** Reads {@code diff} (as {@code git diff} prints it); an empty diff changes nothing. */
    public static ChangeSummary of(String diff) {
        Objects.requireNonNull(diff, "diff");
        List<String> files = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        // The names around the hunks come after those the changed lines assign: those say best what changed.
        Set<String> around = new LinkedHashSet<>();
        Map<String, String> before = new LinkedHashMap<>();
        int added = 0;
        int removed = 0;
        String file = null;
        for (String line : diff.split("\n")) {
            Matcher m;
            if ((m = FILE.matcher(line)).matches()) {
                file = m.group(2);
                files.add(file);
            } else if (file != null && (m = INDEX.matcher(line)).find()) {
                if (!m.group(1).matches("0+")) {
                    before.put(file, m.group(1));
                }
            } else if ((m = HUNK.matcher(line)).matches()) {
                name(m.group(1), CALLED).ifPresent(around::add);
            } else if (line.startsWith("+") && !line.startsWith("+++")) {
                added++;
                name(line.substring(1), ASSIGNED).ifPresent(names::add);
            } else if (line.startsWith("-") && !line.startsWith("---")) {
                removed++;
                name(line.substring(1), ASSIGNED).ifPresent(names::add);
            }
        }
        names.addAll(around);
        List<String> kept = names.stream().limit(MAX_NAMES).toList();
        String words = files.isEmpty() ? "" : (kept.isEmpty() ? "" : String.join(", ", kept.stream().limit(3).toList())
                + " in ") + String.join(", ", files.stream().limit(3).toList()) + (files.size() > 3 ? " and "
                + (files.size() - 3) + " more" : "") + " (+" + added + " -" + removed + ")";
        String shortened = diff.length() <= MAX_DIFF_CHARS ? diff : diff.substring(0, MAX_DIFF_CHARS);
        return new ChangeSummary(words, files, kept, before, shortened);
    }

    private static java.util.Optional<String> name(String text, Pattern pattern) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            String name = m.group(1);
            if (!KEYWORDS.contains(name)) {
                return java.util.Optional.of(name);
            }
        }
        return java.util.Optional.empty();
    }

    /** What it changed, for grouping: its first name in its first file, or the file alone. */
    public String subject() {
        if (files.isEmpty()) {
            return "no change";
        }
        return names.isEmpty() ? files.get(0) : files.get(0) + ": " + names.get(0);
    }
}
