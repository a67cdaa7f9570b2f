package dev.autoresearch.core.ideas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autoresearch.core.Status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** One ledger line as JSON, and back. */
final class IdeaJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private IdeaJson() {
    }

    static String write(Idea idea) {
        ObjectNode o = JSON.createObjectNode();
        o.put("session", idea.session());
        o.put("experiment", idea.experiment());
        o.put("title", idea.title());
        o.put("hypothesis", idea.hypothesis());
        o.put("changed", idea.change().words());
        ArrayNode files = o.putArray("files");
        idea.change().files().forEach(files::add);
        ArrayNode names = o.putArray("names");
        idea.change().names().forEach(names::add);
        ObjectNode before = o.putObject("before");
        idea.change().before().forEach(before::put);
        o.put("status", idea.status().keyword());
        idea.metric().ifPresent(v -> o.put("metric", v));
        idea.delta().ifPresent(v -> o.put("delta", v));
        idea.confidence().ifPresent(v -> o.put("confidence", v));
        o.put("parent", idea.parent());
        o.put("parentTree", idea.parentTree());
        o.put("commit", idea.commit());
        o.put("tree", idea.tree());
        o.put("reason", idea.reason());
        idea.userIdea().ifPresent(u -> o.put("userIdea", u));
        o.put("recordedAt", idea.recordedAt().toString());
        o.put("diff", idea.change().diff());
        return o.toString();
    }

    /** The idea of {@code line}; empty when the line is not a whole ledger line (a torn write). */
    static Optional<Idea> read(String line) {
        try {
            JsonNode o = JSON.readTree(line);
            if (o == null || !o.isObject() || !o.has("session") || !o.has("tree")) {
                return Optional.empty();
            }
            Map<String, String> before = new LinkedHashMap<>();
            o.path("before").fields().forEachRemaining(e -> before.put(e.getKey(), e.getValue().asText()));
            ChangeSummary change = new ChangeSummary(o.path("changed").asText(""), strings(o.path("files")),
                    strings(o.path("names")), before, o.path("diff").asText(""));
            return Optional.of(new Idea(o.path("session").asText(), o.path("experiment").asInt(),
                    o.path("title").asText(""), o.path("hypothesis").asText(""), change,
                    Status.parse(o.path("status").asText()), number(o, "metric"), number(o, "delta"),
                    number(o, "confidence"), o.path("parent").asText(""), o.path("parentTree").asText(""),
                    o.path("commit").asText(""), o.path("tree").asText(""), o.path("reason").asText(""),
                    o.hasNonNull("userIdea") ? Optional.of(o.get("userIdea").asText()) : Optional.empty(),
                    Instant.parse(o.path("recordedAt").asText())));
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static OptionalDouble number(JsonNode o, String field) {
        return o.hasNonNull(field) && o.get(field).isNumber() ? OptionalDouble.of(o.get(field).asDouble())
                : OptionalDouble.empty();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
