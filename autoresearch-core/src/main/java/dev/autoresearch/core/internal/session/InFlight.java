package dev.autoresearch.core.internal.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.Hypothesis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

/**
 * A small file naming the experiment in hand, written before its change is made and removed after
 * its record is in the journal. If the session is killed in between, the next start finds it and
 * records that experiment as a crash, so numbering never repeats or skips.
 *
 * @param experiment the experiment's number
 * @param hypothesis what it tried
 * @param strategy   who proposed it
 * @param parent     the best commit it was made on
 * @param startedAt  when its step began
 */
public record InFlight(int experiment, Hypothesis hypothesis, String strategy, String parent, Instant startedAt) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Writes the marker durably (write, sync, atomic rename). */
    public void write(Path file) {
        ObjectNode n = JSON.createObjectNode();
        n.put("experiment", experiment);
        n.put("title", hypothesis.title());
        n.put("rationale", hypothesis.rationale());
        n.put("inputTokens", hypothesis.usage().inputTokens());
        n.put("outputTokens", hypothesis.usage().outputTokens());
        n.put("strategy", strategy);
        n.put("parent", parent);
        n.put("startedAt", startedAt.toString());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, n.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new AutoresearchException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The marker left in {@code file}, if any and readable. */
    public static Optional<InFlight> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            return Optional.of(new InFlight(n.get("experiment").asInt(),
                    new Hypothesis(n.get("title").asText(), n.path("rationale").asText(""), "",
                            new dev.autoresearch.core.TokenUsage(n.path("inputTokens").asLong(0), n.path("outputTokens").asLong(0))),
                    n.path("strategy").asText(""), n.path("parent").asText(""),
                    Instant.parse(n.get("startedAt").asText())));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // torn by the kill it is meant to survive: nothing usable to record
        }
    }

    /** Removes the marker. */
    public static void clear(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new AutoresearchException("cannot remove " + file + ": " + e.getMessage(), e);
        }
    }
}
