package dev.autoresearch.core.internal.program;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.autoresearch.core.ProgramSpecException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads front-matter YAML with Jackson's streaming parser into {@link YamlNode}s, keeping the line
 * of every key and value (the tree model would lose them).
 */
final class YamlTreeReader {
    // YAML 1.2 booleans only: 'y', 'no', 'on' stay strings, as most users expect.
    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
            .build();

    private final String where;
    private final int lineOffset;

    private YamlTreeReader(String where, int lineOffset) {
        this.where = where;
        this.lineOffset = lineOffset;
    }

    /**
     * Reads one YAML document.
     *
     * @param yaml       the front matter between the delimiters
     * @param lineOffset lines in the file before the YAML text, added to every line
     * @param where      the file, for messages
     * @return the document's root, or empty when it holds nothing but blank lines and comments
     * @throws ProgramSpecException for a syntax error, an alias or a repeated key
     */
    static Optional<YamlNode> read(String yaml, int lineOffset, String where) {
        YamlTreeReader reader = new YamlTreeReader(where, lineOffset);
        try (JsonParser parser = FACTORY.createParser(yaml)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return Optional.empty();
            }
            return Optional.of(reader.value(parser, first, ""));
        } catch (JsonProcessingException e) {
            throw reader.syntaxError(e);
        } catch (IOException e) {
            // Reading from a String does no I/O; Jackson only declares it.
            throw new IllegalStateException(e);
        }
    }

    private YamlNode value(JsonParser p, JsonToken token, String path) throws IOException {
        int line = tokenLine(p);
        if (p instanceof YAMLParser && ((YAMLParser) p).isCurrentAlias()) {
            throw new ProgramSpecException(where + ":" + line + ": key '" + path
                    + "': YAML aliases (*name) are not supported in the front matter; write the value out",
                    path, line);
        }
        switch (token) {
            case START_OBJECT:
                return mapping(p, line, path);
            case START_ARRAY:
                List<YamlNode> items = new ArrayList<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    items.add(value(p, t, path));
                }
                return new YamlNode.Sequence(line, List.copyOf(items));
            case VALUE_NUMBER_INT:
                return number(p, line, YamlNode.Kind.INTEGER);
            case VALUE_NUMBER_FLOAT:
                return number(p, line, YamlNode.Kind.DECIMAL);
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new YamlNode.Scalar(line, YamlNode.Kind.BOOLEAN, p.getText(), null);
            case VALUE_NULL:
                return new YamlNode.Scalar(line, YamlNode.Kind.NULL, "", null);
            default:
                // Strings, and the rare tagged scalar (!!binary) that Jackson exposes as an object.
                return new YamlNode.Scalar(line, YamlNode.Kind.STRING, p.getText(), null);
        }
    }

    private YamlNode mapping(JsonParser p, int line, String path) throws IOException {
        Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String key = p.currentName();
            int keyLine = tokenLine(p);
            String keyPath = path.isEmpty() ? key : path + "." + key;
            YamlNode.Entry earlier = entries.get(key);
            if (earlier != null) {
                // YAML forbids repeated keys; Jackson would silently keep the last one.
                throw new ProgramSpecException(where + ":" + keyLine + ": key '" + keyPath
                        + "' appears twice (lines " + earlier.line() + " and " + keyLine + "); keep one",
                        keyPath, keyLine);
            }
            YamlNode value = value(p, p.nextToken(), keyPath);
            entries.put(key, new YamlNode.Entry(key, keyLine, value));
        }
        return new YamlNode.Mapping(line, Collections.unmodifiableMap(entries));
    }

    private static YamlNode number(JsonParser p, int line, YamlNode.Kind kind) throws IOException {
        String text = p.getText();
        try {
            return new YamlNode.Scalar(line, kind, text, p.getNumberValue());
        } catch (JsonProcessingException e) {
            // Jackson takes '.inf' and '.nan' for numbers it cannot convert; let the key's check reject them.
            return new YamlNode.Scalar(line, YamlNode.Kind.STRING, text, null);
        }
    }

    private int tokenLine(JsonParser p) {
        return p.currentTokenLocation().getLineNr() + lineOffset;
    }

    // Jackson's own location is that of the last good token, often a line early; SnakeYAML's
    // problem mark is where the mistake is. The wrapper that exposes it is deprecated in favour of
    // its base type, which does not, so it is used where present and the location is the fallback.
    @SuppressWarnings("deprecation")
    private ProgramSpecException syntaxError(JsonProcessingException e) {
        int line = e.getLocation() == null ? 1 + lineOffset : e.getLocation().getLineNr() + lineOffset;
        String problem = describe(e.getOriginalMessage());
        if (e instanceof com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.MarkedYAMLException) {
            var marked = (com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.MarkedYAMLException) e;
            if (marked.getProblemMark() != null) {
                line = marked.getProblemMark().getLine() + 1 + lineOffset;
            }
            if (marked.getProblem() != null) {
                problem = marked.getContext() == null ? marked.getProblem()
                        : marked.getContext() + "; " + marked.getProblem();
            }
        }
        if (problem.startsWith("Expected a field name")) {
            // Jackson's wording for a list or mapping used as a key ("? [a, b]").
            problem = "a key must be a plain name such as metric";
        }
        return new ProgramSpecException(where + ":" + line + ": the front matter is not valid YAML: "
                + problem + hint(problem), "", line);
    }

    /**
     * SnakeYAML's message repeats the position and quotes the source under a caret, on indented
     * lines; keep only the unindented lines, which say what is wrong.
     */
    private static String describe(String message) {
        if (message == null || message.isBlank()) {
            return "unreadable YAML";
        }
        String kept = message.lines()
                .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                .collect(Collectors.joining("; "));
        return kept.isEmpty() ? message.strip() : kept;
    }

    /** The mistakes people make most often in front matter, each with its cure. */
    private static String hint(String problem) {
        if (problem.contains("block scalar")) {
            return " (quote a value that starts with '>' or '|', such as \">= 0.9\")";
        }
        if (problem.contains("mapping values are not allowed")) {
            return " (quote a value that contains ': ', such as run: \"echo a: b\")";
        }
        if (problem.contains("cannot start any token") && !problem.contains("TAB")) {
            return " (quote a value that starts with '@' or '`', such as run: \"@make\")";
        }
        if (problem.contains("TAB")) {
            return " (indent with spaces)";
        }
        return "";
    }
}
