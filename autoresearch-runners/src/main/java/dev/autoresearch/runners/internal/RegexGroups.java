package dev.autoresearch.runners.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The named groups of a regular expression, which Java 17's {@link Pattern} does not list. */
public final class RegexGroups {
    private RegexGroups() {
    }

    /** The names of the pattern's named groups, {@code (?<name>...)}, in order. */
    public static List<String> names(Pattern pattern) {
        List<String> names = new ArrayList<>();
        if ((pattern.flags() & Pattern.LITERAL) != 0) {
            return names;
        }
        String p = pattern.pattern();
        int depth = 0;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                if (i + 1 < p.length() && p.charAt(i + 1) == 'Q') {
                    int end = p.indexOf("\\E", i + 2);
                    i = end < 0 ? p.length() : end + 1;
                } else {
                    i++;
                }
            } else if (c == '[') {
                depth++;
            } else if (c == ']' && depth > 0) {
                depth--;
            } else if (depth == 0 && p.startsWith("(?<", i) && i + 3 < p.length()
                    && Character.isLetter(p.charAt(i + 3))) {
                int end = p.indexOf('>', i + 3);
                if (end > 0) {
                    String name = p.substring(i + 3, end);
                    if (name.matches("[a-zA-Z][a-zA-Z0-9]*") && isGroup(pattern, name) && !names.contains(name)) {
                        names.add(name);
                    }
                }
            }
        }
        return names;
    }

    /** True when the pattern defines the group: a back reference to it compiles. */
    private static boolean isGroup(Pattern pattern, String name) {
        try {
            Pattern.compile("(?:" + pattern.pattern() + "\n)|\\k<" + name + ">", pattern.flags());
            return true;
        } catch (PatternSyntaxException e) {
            return false;
        }
    }
}
