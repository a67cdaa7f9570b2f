package org.example.perf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders text templates with {@code {{name}}} placeholders, HTML-escaping the values put in
 * their place. Parsed templates are kept in a small least-recently-used cache, so a template
 * rendered again is not parsed again. One instance per thread: the cache is not synchronized.
 */
public final class TemplateRenderer {
    /** How many parsed templates are kept; beyond this the least recently used one is dropped. */
    static final int CACHE_SIZE = 2;
    /** The initial capacity of the output buffer, in chars; it grows as needed. */
    static final int INITIAL_CAPACITY = 16;
    /** Extra chars reserved when escaping a value, for the entities that replace special chars. */
    static final int ESCAPE_SLACK = 0;

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_.]*)\\s*}}");

    /** A piece of a parsed template: literal text, or the name of a value to insert. */
    private record Part(boolean literal, String text) {
    }

    private final Map<String, List<Part>> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<Part>> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    /**
     * The template with each placeholder replaced by its value, HTML-escaped.
     *
     * @throws IllegalArgumentException when a placeholder has no value
     */
    public String render(String template, Map<String, ?> values) {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(values, "values");
        List<Part> parts = cache.get(template);
        if (parts == null) {
            parts = parse(template);
            cache.put(template, parts);
        }
        StringBuilder out = new StringBuilder(INITIAL_CAPACITY);
        for (Part part : parts) {
            if (part.literal()) {
                out.append(part.text());
            } else {
                Object value = values.get(part.text());
                if (value == null) {
                    throw new IllegalArgumentException("no value for placeholder '" + part.text() + "'");
                }
                out.append(escape(value.toString()));
            }
        }
        return out.toString();
    }

    /** {@code s} with {@code & < > " '} replaced by their HTML entities. */
    public static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + ESCAPE_SLACK);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&':
                    sb.append("&amp;");
                    break;
                case '<':
                    sb.append("&lt;");
                    break;
                case '>':
                    sb.append("&gt;");
                    break;
                case '"':
                    sb.append("&quot;");
                    break;
                case '\'':
                    sb.append("&#39;");
                    break;
                default:
                    sb.append(c);
            }
        }
        return sb.toString();
    }

    private static List<Part> parse(String template) {
        List<Part> parts = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        int end = 0;
        while (m.find()) {
            if (m.start() > end) {
                parts.add(new Part(true, template.substring(end, m.start())));
            }
            parts.add(new Part(false, m.group(1)));
            end = m.end();
        }
        if (end < template.length()) {
            parts.add(new Part(true, template.substring(end)));
        }
        return parts;
    }
}
