package dev.autoresearch.core;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A path pattern as written in program.md's {@code editable} and {@code readonly} lists, matched
 * against paths relative to the repository root with {@code /} separators.
 *
 * <p>{@code *} matches within one directory, {@code **} across directories ({@code src/**}{@code /*.java}
 * also matches {@code src/A.java}), {@code ?} one character, {@code {a,b}} either alternative.
 * A pattern without wildcards matches that exact path, or everything under it when it names a
 * directory ({@code data} matches {@code data/x.csv}).
 */
public final class Glob {
    private final String pattern;
    private final Pattern regex;

    private Glob(String pattern) {
        this.pattern = pattern;
        this.regex = Pattern.compile(toRegex(pattern));
    }

    /**
     * Compiles a pattern.
     *
     * @throws IllegalArgumentException for a blank, absolute or unbalanced pattern
     */
    public static Glob of(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        String p = pattern.strip();
        if (p.startsWith("./")) {
            p = p.substring(2);
        }
        if (p.isEmpty()) {
            throw new IllegalArgumentException("a path pattern must not be blank");
        }
        if (p.startsWith("/")) {
            throw new IllegalArgumentException("path patterns are relative to the repository root, got '" + pattern + "'");
        }
        return new Glob(p);
    }

    /** True when the relative path (with {@code /} separators) matches. */
    public boolean matches(String relativePath) {
        String path = relativePath.replace('\\', '/');
        if (path.startsWith("./")) {
            path = path.substring(2);
        }
        return regex.matcher(path).matches();
    }

    public String pattern() {
        return pattern;
    }

    /**
     * The path a pattern without wildcards names, without a trailing {@code /}: it matches that path
     * and what is under it. Empty when the pattern has a wildcard ({@code *}, {@code ?} or a brace).
     */
    public Optional<String> literalPath() {
        if (pattern.chars().anyMatch(c -> c == '*' || c == '?' || c == '{')) {
            return Optional.empty();
        }
        return Optional.of(pattern.endsWith("/") ? pattern.substring(0, pattern.length() - 1) : pattern);
    }

    private static String toRegex(String glob) {
        StringBuilder re = new StringBuilder();
        boolean wildcard = false;
        int braces = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*':
                    wildcard = true;
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                        i++;
                        if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
                            i++;
                            re.append("(?:.*/)?");
                        } else {
                            re.append(".*");
                        }
                    } else {
                        re.append("[^/]*");
                    }
                    break;
                case '?':
                    wildcard = true;
                    re.append("[^/]");
                    break;
                case '{':
                    wildcard = true;
                    braces++;
                    re.append("(?:");
                    break;
                case '}':
                    if (braces == 0) {
                        throw new IllegalArgumentException("unbalanced '}' in path pattern '" + glob + "'");
                    }
                    braces--;
                    re.append(')');
                    break;
                case ',':
                    re.append(braces > 0 ? "|" : ",");
                    break;
                default:
                    re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (braces != 0) {
            throw new IllegalArgumentException("unbalanced '{' in path pattern '" + glob + "'");
        }
        if (!wildcard) {
            String exact = glob.endsWith("/") ? glob.substring(0, glob.length() - 1) : glob;
            return Pattern.quote(exact) + "(?:/.*)?";
        }
        return re.toString();
    }

    @Override
    public String toString() {
        return pattern;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Glob && ((Glob) o).pattern.equals(pattern);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
    }
}
