package dev.autoresearch.runners.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;

/** Finds JSON documents in outputs and files, and numbers in them. */
public final class Json {
    /** How much of the end of a log is searched for its last JSON object. */
    public static final int WINDOW = 8 * 1024 * 1024;

    /** Lenient where programs are: Python's json module writes NaN and Infinity bare. */
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();
    private static final ObjectReader WHOLE_FILE = MAPPER.readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    /**
     * The last JSON object in the file that begins a line (after spaces), searched in the file's
     * last {@link #WINDOW} bytes; an object inside another one is part of it, not a candidate.
     */
    public static Optional<JsonNode> lastObject(Path file) throws IOException {
        byte[] bytes;
        boolean fromStart;
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            bytes = LogLines.readEnd(in, WINDOW);
            fromStart = bytes.length == in.length();
        }
        JsonNode last = null;
        int i = 0;
        if (!fromStart) {
            while (i < bytes.length && bytes[i] != '\n' && bytes[i] != '\r') {
                i++;
            }
        }
        while (i < bytes.length) {
            int start = i;
            while (start < bytes.length && (bytes[start] == ' ' || bytes[start] == '\t')) {
                start++;
            }
            if (start < bytes.length && bytes[start] == '{') {
                try (JsonParser parser = MAPPER.getFactory().createParser(bytes, start, bytes.length - start)) {
                    JsonNode node = MAPPER.readTree(parser);
                    if (node != null && node.isObject()) {
                        last = node;
                        i = start + (int) parser.currentLocation().getByteOffset();
                    }
                } catch (JsonProcessingException notAnObject) {
                    // an ordinary line that starts with a brace
                }
            }
            while (i < bytes.length && bytes[i] != '\n' && bytes[i] != '\r') {
                i++;
            }
            while (i < bytes.length && (bytes[i] == '\n' || bytes[i] == '\r')) {
                i++;
            }
        }
        return Optional.ofNullable(last);
    }

    /**
     * The file as one JSON document; for a file that is not one (JSON lines, a log), its last
     * object as {@link #lastObject} finds it.
     */
    public static Optional<JsonNode> document(Path file) throws IOException {
        try {
            JsonNode node = WHOLE_FILE.readValue(file.toFile());
            return Optional.ofNullable(node).filter(n -> !n.isMissingNode());
        } catch (JsonProcessingException notOneDocument) {
            return lastObject(file);
        }
    }

    /** The whole file as one JSON document; a file that is not one is an error. */
    public static JsonNode read(Path file) throws IOException {
        return WHOLE_FILE.readValue(file.toFile());
    }

    /** The number at {@code pointer}: a JSON number, or a string that holds one ("NaN" counts). */
    public static OptionalDouble number(JsonNode root, JsonPointer pointer) {
        return number(root.at(pointer));
    }

    /** The node's number: a JSON number, or a string that holds one ("NaN", "+INF" count). */
    public static OptionalDouble number(JsonNode node) {
        if (node == null) {
            return OptionalDouble.empty();
        }
        if (node.isNumber()) {
            return OptionalDouble.of(node.doubleValue());
        }
        if (node.isTextual()) {
            return Numbers.parse(node.textValue());
        }
        return OptionalDouble.empty();
    }
}
