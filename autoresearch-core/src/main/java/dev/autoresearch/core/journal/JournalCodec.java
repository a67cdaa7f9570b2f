package dev.autoresearch.core.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.PendingExperiment;
import dev.autoresearch.core.RunRequest;
import dev.autoresearch.core.RunTicket;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.TokenUsage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Maps journal lines to and from values. Written by hand rather than by annotations so that the
 * file format is stated in one place and the public records stay free of JSON concerns.
 */
final class JournalCodec {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int VERSION = 1;

    private JournalCodec() {
    }

    static String encode(JournalHeader h) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "header");
        n.put("version", VERSION);
        n.put("tag", h.tag());
        n.put("programHash", h.programHash());
        n.put("metric", h.metric());
        n.put("direction", h.direction().keyword());
        ArrayNode secondary = n.putArray("secondary");
        h.secondary().forEach(secondary::add);
        n.put("baseCommit", h.baseCommit());
        n.put("startedAt", h.startedAt().toString());
        h.keep().ifPresent(k -> {
            n.put("keep", k.rule().keyword());
            n.put("confidence", k.confidence());
        });
        return n.toString();
    }

    static String encode(ExperimentRecord r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "experiment");
        n.put("experiment", r.experiment());
        n.put("commit", r.commit());
        n.put("parent", r.parent());
        n.put("status", r.status().keyword());
        if (r.metric().isPresent()) {
            n.put("metric", r.metric().getAsDouble());
        } else {
            n.putNull("metric");
        }
        ObjectNode metrics = n.putObject("metrics");
        r.metrics().forEach((name, values) -> {
            ArrayNode a = metrics.putArray(name);
            values.forEach(a::add);
        });
        putHypothesis(n, r.hypothesis());
        n.put("strategy", r.strategy());
        n.put("startedAt", r.startedAt().toString());
        n.put("durationMs", r.duration().toMillis());
        n.put("log", r.log());
        n.put("reason", r.reason());
        putTokens(n, r.usage());
        n.put("lane", r.lane());
        r.confidence().ifPresent(c -> n.put("confidence", c));
        if (r.island() > 0) {
            n.put("island", r.island());
        }
        if (r.status() == Status.KEEP && !r.champion()) {
            n.put("champion", false);
        }
        return n.toString();
    }

    static String encode(PendingExperiment p) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "proposed");
        n.put("experiment", p.experiment());
        n.put("parent", p.parent());
        n.put("commit", p.commit());
        putHypothesis(n, p.hypothesis());
        n.put("strategy", p.strategy());
        n.put("proposedAt", p.proposedAt().toString());
        putTokens(n, p.hypothesis().usage());
        if (p.island() > 0) {
            n.put("island", p.island());
        }
        return n.toString();
    }

    /** A hypothesis as the journal keeps it: its title and rationale (a plan lives in plans/). */
    private static void putHypothesis(ObjectNode n, Hypothesis h) {
        ObjectNode hyp = n.putObject("hypothesis");
        hyp.put("title", h.title());
        hyp.put("rationale", h.rationale());
    }

    private static TokenUsage tokens(JsonNode tokens) {
        return new TokenUsage(tokens.path("input").asLong(0), tokens.path("output").asLong(0));
    }

    private static void putTokens(ObjectNode n, TokenUsage usage) {
        ObjectNode tokens = n.putObject("tokens");
        tokens.put("input", usage.inputTokens());
        tokens.put("output", usage.outputTokens());
    }

    static PendingExperiment decodeProposal(JsonNode n) {
        JsonNode hyp = n.path("hypothesis");
        JsonNode tokens = n.path("tokens");
        return PendingExperiment.builder().experiment(n.path("experiment").asInt(-1))
                .hypothesis(new Hypothesis(text(hyp, "title"), hyp.path("rationale").asText(""), "", tokens(tokens)))
                .strategy(n.path("strategy").asText("")).parent(text(n, "parent")).commit(text(n, "commit"))
                .proposedAt(Instant.parse(text(n, "proposedAt"))).island(Math.max(0, n.path("island").asInt(0))).build();
    }

    static String encode(RunStart r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "run");
        n.put("experiment", r.experiment());
        n.put("lane", r.lane());
        n.put("purpose", r.purpose().name().toLowerCase(java.util.Locale.ROOT));
        n.put("commit", r.commit());
        n.put("startedAt", r.startedAt().toString());
        r.ticket().ifPresent(t -> {
            ObjectNode ticket = n.putObject("ticket");
            ticket.put("runner", t.runner());
            ObjectNode details = ticket.putObject("details");
            t.details().forEach(details::put);
        });
        return n.toString();
    }

    static String encode(RunMeasured r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "measured");
        n.put("experiment", r.experiment());
        n.put("lane", r.lane());
        n.put("commit", r.commit());
        n.put("run", r.run());
        ObjectNode values = n.putObject("values");
        new java.util.TreeMap<>(r.values()).forEach(values::put);
        return n.toString();
    }

    static RunMeasured decodeMeasured(JsonNode n) {
        Map<String, Double> values = new LinkedHashMap<>();
        n.path("values").fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asDouble()));
        return new RunMeasured(n.path("experiment").asInt(-1), Math.max(1, n.path("lane").asInt(1)), text(n, "commit"),
                n.path("run").asInt(1), values);
    }

    static String encodeReproduction(int experiment, boolean reproduces, String reason, Instant at) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "reproduction");
        n.put("experiment", experiment);
        n.put("reproduces", reproduces);
        n.put("reason", reason);
        n.put("at", at.toString());
        return n.toString();
    }

    static RunStart decodeRun(JsonNode n) {
        Optional<RunTicket> ticket = Optional.empty();
        if (n.hasNonNull("ticket")) {
            Map<String, String> details = new LinkedHashMap<>();
            n.path("ticket").path("details").fields().forEachRemaining(e -> details.put(e.getKey(), e.getValue().asText()));
            ticket = Optional.of(new RunTicket(text(n.path("ticket"), "runner"), details));
        }
        return new RunStart(n.path("experiment").asInt(-1), Math.max(1, n.path("lane").asInt(1)),
                RunRequest.Purpose.valueOf(text(n, "purpose").toUpperCase(java.util.Locale.ROOT)), text(n, "commit"),
                Instant.parse(text(n, "startedAt")), ticket);
    }

    static JournalHeader decodeHeader(JsonNode n) {
        List<String> secondary = new ArrayList<>();
        n.path("secondary").forEach(s -> secondary.add(s.asText()));
        return new JournalHeader(
                text(n, "tag"), text(n, "programHash"), text(n, "metric"),
                Direction.parse(text(n, "direction")), secondary,
                n.path("baseCommit").asText(""), Instant.parse(text(n, "startedAt")),
                n.hasNonNull("keep") && n.hasNonNull("confidence")
                        ? Optional.of(new JournalHeader.RecordedRule(
                                dev.autoresearch.core.keep.KeepSettings.Rule.parse(n.path("keep").asText()),
                                n.path("confidence").asDouble()))
                        : Optional.empty());
    }

    static ExperimentRecord decodeRecord(JsonNode n) {
        Map<String, List<Double>> metrics = new LinkedHashMap<>();
        n.path("metrics").fields().forEachRemaining(e -> {
            List<Double> values = new ArrayList<>();
            e.getValue().forEach(v -> values.add(v.asDouble()));
            metrics.put(e.getKey(), values);
        });
        JsonNode metric = n.path("metric");
        JsonNode hyp = n.path("hypothesis");
        JsonNode tokens = n.path("tokens");
        return ExperimentRecord.builder()
                .experiment(n.path("experiment").asInt(-1))
                .commit(text(n, "commit"))
                .parent(n.path("parent").asText(""))
                .status(Status.parse(text(n, "status")))
                .metric(metric.isNumber() ? OptionalDouble.of(metric.asDouble()) : OptionalDouble.empty())
                .metrics(metrics)
                .hypothesis(new Hypothesis(text(hyp, "title"), hyp.path("rationale").asText(""), "", TokenUsage.ZERO))
                .strategy(n.path("strategy").asText(""))
                .startedAt(Instant.parse(text(n, "startedAt")))
                .duration(Duration.ofMillis(n.path("durationMs").asLong(0)))
                .log(n.path("log").asText(""))
                .reason(n.path("reason").asText(""))
                .usage(tokens(tokens))
                .lane(Math.max(0, n.path("lane").asInt(1)))
                .confidence(n.path("confidence").isNumber() ? OptionalDouble.of(n.path("confidence").asDouble())
                        : OptionalDouble.empty())
                .island(Math.max(0, n.path("island").asInt(0)))
                .champion(Status.parse(text(n, "status")) == Status.KEEP && n.path("champion").asBoolean(true))
                .build();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return v.asText();
    }
}
