package dev.autoresearch.core.journal;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.PendingExperiment;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.TokenUsage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journal's lines byte for byte: a session journalled by an earlier version must load in a later
 * one, and a line written today must read the same in the tools that already parse it.
 */
class JournalCodecTest {
    static final Instant AT = Instant.parse("2026-11-28T10:00:00Z");

    static final String EVERY_FIELD = "{\"type\":\"experiment\",\"experiment\":3,\"commit\":\"c3\",\"parent\":\"c1\","
            + "\"status\":\"keep\",\"metric\":0.9705,\"metrics\":{\"val_loss\":[0.972,0.969],"
            + "\"val_loss@champion\":[0.999]},\"hypothesis\":{\"title\":\"wider \\\"layers\\\"\","
            + "\"rationale\":\"because\\ttabs\\nand lines\"},\"strategy\":\"llm\",\"startedAt\":\"2026-11-28T10:00:00Z\","
            + "\"durationMs\":180500,\"log\":\"runs/3.log\",\"reason\":\"better by 2.9%\","
            + "\"tokens\":{\"input\":1200,\"output\":300},\"lane\":2,\"confidence\":0.9995,\"island\":2,"
            + "\"champion\":false}";

    static final String NO_METRIC = "{\"type\":\"experiment\",\"experiment\":4,\"commit\":\"c1\",\"parent\":\"c1\","
            + "\"status\":\"invalid\",\"metric\":null,\"metrics\":{},\"hypothesis\":{\"title\":\"x\",\"rationale\":\"\"},"
            + "\"strategy\":\"tune\",\"startedAt\":\"1970-01-01T00:00:00Z\",\"durationMs\":0,\"log\":\"\","
            + "\"reason\":\"no change\",\"tokens\":{\"input\":0,\"output\":0},\"lane\":0}";

    static final String PROPOSAL = "{\"type\":\"proposed\",\"experiment\":5,\"parent\":\"c3\",\"commit\":\"c5\","
            + "\"hypothesis\":{\"title\":\"lr 0.01 -> 0.02\",\"rationale\":\"r\"},\"strategy\":\"tune\","
            + "\"proposedAt\":\"2026-11-28T10:00:00Z\",\"tokens\":{\"input\":10,\"output\":2},\"island\":3}";

    static ExperimentRecord everyField() {
        return new ExperimentRecord(3, "c3", "c1", Status.KEEP, OptionalDouble.of(0.9705),
                Map.of("val_loss", List.of(0.972, 0.969), "val_loss@champion", List.of(0.999)),
                new Hypothesis("wider \"layers\"", "because\ttabs\nand lines"), "llm", AT, Duration.ofMillis(180_500),
                "runs/3.log", "better by 2.9%", new TokenUsage(1200, 300), 2, OptionalDouble.of(0.9995), 2, false);
    }

    static ExperimentRecord noMetric() {
        return ExperimentRecord.builder().experiment(4).commit("c1").parent("c1").status(Status.INVALID)
                .hypothesis(new Hypothesis("x", "")).strategy("tune").startedAt(Instant.EPOCH).reason("no change").build();
    }

    static PendingExperiment proposal() {
        return new PendingExperiment(5, new Hypothesis("lr 0.01 -> 0.02", "r", "", new TokenUsage(10, 2)), "tune",
                "c3", "c5", AT, OptionalInt.empty(), 3);
    }

    @Test
    void aRecordIsWrittenAsBefore() throws Exception {
        // The map's order is the record's: read back through a LinkedHashMap, as the journal reads it.
        ExperimentRecord r = JournalCodec.decodeRecord(JournalCodec.JSON.readTree(EVERY_FIELD));
        assertThat(JournalCodec.encode(r)).isEqualTo(EVERY_FIELD);
        assertThat(JournalCodec.encode(noMetric())).isEqualTo(NO_METRIC);
    }

    @Test
    void aProposalIsWrittenAsBefore() {
        assertThat(JournalCodec.encode(proposal())).isEqualTo(PROPOSAL);
    }

    @Test
    void linesReadBackAsTheValuesThatWroteThem() throws Exception {
        assertThat(JournalCodec.decodeRecord(JournalCodec.JSON.readTree(EVERY_FIELD))).isEqualTo(everyField());
        assertThat(JournalCodec.decodeRecord(JournalCodec.JSON.readTree(NO_METRIC))).isEqualTo(noMetric());
        // The plan is not journalled (it lives in plans/), so the proposal reads back without one.
        assertThat(JournalCodec.decodeProposal(JournalCodec.JSON.readTree(PROPOSAL))).isEqualTo(proposal());
    }

    @Test
    void aRecordFromBeforeLanesAndConfidenceStillLoads() throws Exception {
        // Written before a record named its lane, its confidence and its strategy: it ran on the one lane there was.
        String earlier = "{\"type\":\"experiment\",\"experiment\":1,\"commit\":\"c1\",\"parent\":\"c0\","
                + "\"status\":\"discard\",\"metric\":1.2,\"metrics\":{\"val_bpb\":[1.2]},"
                + "\"hypothesis\":{\"title\":\"idea 1\"},\"startedAt\":\"2026-11-28T10:00:00Z\",\"durationMs\":1500}";
        assertThat(JournalCodec.decodeRecord(JournalCodec.JSON.readTree(earlier))).isEqualTo(
                new ExperimentRecord(1, "c1", "c0", Status.DISCARD, OptionalDouble.of(1.2),
                        Map.of("val_bpb", List.of(1.2)), new Hypothesis("idea 1", ""), "", AT, Duration.ofMillis(1500),
                        "", "", TokenUsage.ZERO, 1, OptionalDouble.empty(), 0, false));
    }
}
