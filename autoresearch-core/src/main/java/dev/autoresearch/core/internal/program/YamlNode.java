package dev.autoresearch.core.internal.program;

import java.util.List;
import java.util.Map;

/**
 * A YAML value with the line it starts on in the program file. Jackson's tree model drops
 * locations, and every error message must name a line, so the front matter is read into this.
 */
sealed interface YamlNode permits YamlNode.Mapping, YamlNode.Sequence, YamlNode.Scalar {

    /** The 1-based line in the whole program file. */
    int line();

    /** How the value is shown after "got" in an error message. */
    String describe();

    /** A key of a mapping, its line and its value. */
    record Entry(String key, int line, YamlNode value) {
    }

    /** A mapping, keys in file order. */
    record Mapping(int line, Map<String, Entry> entries) implements YamlNode {
        @Override
        public String describe() {
            return "a mapping";
        }
    }

    record Sequence(int line, List<YamlNode> items) implements YamlNode {
        @Override
        public String describe() {
            // Show a short list of scalars as written, such as a range [3, 1].
            if (items.size() <= 5 && items.stream().allMatch(i -> i instanceof Scalar && !((Scalar) i).isEmpty())) {
                StringBuilder shown = new StringBuilder("[");
                for (YamlNode item : items) {
                    shown.append(shown.length() > 1 ? ", " : "").append(((Scalar) item).text().strip());
                }
                String s = shown.append(']').toString();
                if (s.length() <= 60 && s.indexOf('\n') < 0) {
                    return s;
                }
            }
            return "a list";
        }
    }

    /** What YAML made of a scalar; quoted scalars are always strings. */
    enum Kind { STRING, INTEGER, DECIMAL, BOOLEAN, NULL }

    /**
     * @param text   the scalar as written (without quotes)
     * @param number the value of an {@code INTEGER} or {@code DECIMAL}, otherwise null
     */
    record Scalar(int line, Kind kind, String text, Number number) implements YamlNode {
        boolean isEmpty() {
            return kind == Kind.NULL || (kind == Kind.STRING && text.isBlank());
        }

        @Override
        public String describe() {
            if (isEmpty()) {
                return "an empty value";
            }
            if (kind != Kind.STRING) {
                return text;
            }
            // Keep messages on one line: a block scalar may span many.
            String shown = text.strip().replace("\n", "\\n");
            return "'" + (shown.length() > 60 ? shown.substring(0, 57) + "..." : shown) + "'";
        }
    }
}
