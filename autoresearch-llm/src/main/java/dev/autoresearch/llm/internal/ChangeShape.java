package dev.autoresearch.llm.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a unified diff does, as far as a novelty check can tell without running it: the settings it moves
 * (a name given a literal: a number, a quoted string, a bare word), whether it does nothing else, the lines
 * it removes and adds with their spacing taken out (so that two diffs of the same edit, made on files that
 * differ elsewhere, compare equal), and the words and numbers its added lines bring in.
 */
public record ChangeShape(List<SettingMove> moves, boolean settingsOnly, List<String> removed, List<String> added,
                          Set<String> introduced) {
    /**
     * {@code NAME = value}, {@code name: value}, {@code "name": value,}, {@code name: type = value} and
     * declarations such as {@code private static final int NAME = value;}.
     */
    private static final Pattern SETTING = Pattern.compile("^\\s*(?:[A-Za-z_][\\w<>\\[\\],.]*\\s+)*"
            + "[\"']?([A-Za-z_][\\w.\\-]*)[\"']?\\s*(?::\\s*[A-Za-z_][\\w\\[\\], .]*?\\s*)?"
            + "(?<![=!<>])[:=](?!=)\\s*(.+?)\\s*[,;]?\\s*$");
    private static final Pattern LITERAL = Pattern.compile("\"[^\"]*\"|'[^']*'|[\\w.+\\-]+");
    /** A comment to the end of the line; not a {@code #} or {@code //} inside a value such as {@code "#fff"}. */
    private static final Pattern COMMENT = Pattern.compile("(^|\\s)(#|//).*$");
    private static final Pattern KEYWORD = Pattern.compile(
            "^(if|elif|else|for|while|def|class|try|except|finally|with|return|case|default)$");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z_]\\w*|\\d+(?:\\.\\d+)?(?:[eE]-?\\d+)?");

    public ChangeShape {
        moves = List.copyOf(moves);
        removed = List.copyOf(removed);
        added = List.copyOf(added);
        introduced = Set.copyOf(introduced);
    }

    /** Whether the change touches anything at all. */
    public boolean isEmpty() {
        return removed.isEmpty() && added.isEmpty();
    }

    /** Reads a unified diff; text that is not one gives an empty shape. */
    public static ChangeShape of(String unifiedDiff) {
        Map<String, String> settingsRemoved = new LinkedHashMap<>();
        Map<String, String> settingsAdded = new LinkedHashMap<>();
        List<String> removed = new ArrayList<>();
        List<String> added = new ArrayList<>();
        Set<String> removedTokens = new TreeSet<>();
        Set<String> addedTokens = new TreeSet<>();
        boolean settingsOnly = true;
        for (String line : unifiedDiff.split("\n", -1)) {
            boolean minus = line.startsWith("-");
            if (line.startsWith("+++ ") || line.startsWith("--- ") || !minus && !line.startsWith("+")) {
                continue;
            }
            String text = COMMENT.matcher(line.substring(1)).replaceFirst("").strip();
            if (text.isEmpty()) {
                continue;
            }
            (minus ? removed : added).add(text.replaceAll("\\s+", ""));
            Matcher tokens = TOKEN.matcher(text);
            while (tokens.find()) {
                (minus ? removedTokens : addedTokens).add(tokens.group());
            }
            Optional<String[]> setting = setting(text);
            if (setting.isEmpty()) {
                settingsOnly = false;
            } else {
                (minus ? settingsRemoved : settingsAdded).put(setting.get()[0], setting.get()[1]);
            }
        }
        removed.sort(null);
        added.sort(null);
        addedTokens.removeAll(removedTokens);
        List<SettingMove> moves = moves(settingsRemoved, settingsAdded);
        return new ChangeShape(moves, settingsOnly && !moves.isEmpty(), removed, added, addedTokens);
    }

    private static List<SettingMove> moves(Map<String, String> removed, Map<String, String> added) {
        List<SettingMove> moves = new ArrayList<>();
        for (Map.Entry<String, String> r : removed.entrySet()) {
            String to = added.get(r.getKey());
            if (!r.getValue().equals(to)) {
                moves.add(new SettingMove(r.getKey(), Optional.of(r.getValue()), Optional.ofNullable(to)));
            }
        }
        for (Map.Entry<String, String> a : added.entrySet()) {
            if (!removed.containsKey(a.getKey())) {
                moves.add(new SettingMove(a.getKey(), Optional.empty(), Optional.of(a.getValue())));
            }
        }
        return moves;
    }

    /** The name and literal value of a line that sets one, unquoted; a line of code gives nothing. */
    private static Optional<String[]> setting(String line) {
        Matcher m = SETTING.matcher(line);
        if (!m.matches() || KEYWORD.matcher(m.group(1)).matches() || !LITERAL.matcher(m.group(2)).matches()) {
            return Optional.empty();
        }
        String value = m.group(2);
        if (value.startsWith("\"") || value.startsWith("'")) {
            value = value.substring(1, value.length() - 1);
        }
        return Optional.of(new String[] {m.group(1), value});
    }
}
