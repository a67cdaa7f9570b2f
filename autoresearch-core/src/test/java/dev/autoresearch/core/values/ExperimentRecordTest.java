package dev.autoresearch.core.values;

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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Records are built by naming what differs, and copied by naming what changes. */
class ExperimentRecordTest {
    static final Instant AT = Instant.parse("2026-11-28T10:00:00Z");
    static final Hypothesis IDEA = new Hypothesis("wider layers", "because");

    static ExperimentRecord.Builder minimal() {
        return ExperimentRecord.builder().experiment(3).commit("c3").parent("c1").status(Status.DISCARD).hypothesis(IDEA)
                .strategy("llm").startedAt(AT);
    }

    @Test
    void whatARecordNeedsNotIsLeftOutAndTakesItsNaturalDefault() {
        ExperimentRecord r = minimal().build();

        assertThat(r).isEqualTo(new ExperimentRecord(3, "c3", "c1", Status.DISCARD, OptionalDouble.empty(), Map.of(),
                IDEA, "llm", AT, Duration.ZERO, "", "", TokenUsage.ZERO, 0, OptionalDouble.empty(), 0, false));
    }

    @Test
    void everyFieldCanBeSet() {
        ExperimentRecord r = minimal().metric(0.97).metrics(Map.of("val_loss", List.of(0.97, 0.98)))
                .duration(Duration.ofSeconds(90)).log("runs/3.log").reason("worse").usage(new TokenUsage(5, 6)).lane(2)
                .confidence(0.99).build();

        assertThat(r).isEqualTo(new ExperimentRecord(3, "c3", "c1", Status.DISCARD, OptionalDouble.of(0.97),
                Map.of("val_loss", List.of(0.97, 0.98)), IDEA, "llm", AT, Duration.ofSeconds(90), "runs/3.log", "worse",
                new TokenUsage(5, 6), 2, OptionalDouble.of(0.99), 0, false));
        assertThat(minimal().metric(OptionalDouble.empty()).confidence(OptionalDouble.of(0.9)).build().confidence())
                .hasValue(0.9);
    }

    @Test
    void aMissingFieldIsNamedWithTheCallThatSetsIt() {
        assertThatThrownBy(() -> ExperimentRecord.builder().commit("c").parent("p").status(Status.KEEP)
                .hypothesis(IDEA).strategy("s").startedAt(AT).build())
                .isInstanceOf(IllegalStateException.class).hasMessage("no experiment: call experiment(int)");
        assertThatThrownBy(() -> ExperimentRecord.builder().experiment(1).parent("p").status(Status.KEEP)
                .hypothesis(IDEA).strategy("s").startedAt(AT).build())
                .isInstanceOf(IllegalStateException.class).hasMessage("no commit: call commit(String)");
        assertThat(minimal().build().toBuilder().build()).isEqualTo(minimal().build());
    }

    @Test
    void eachSetterChecksItsArgument() {
        assertThatThrownBy(() -> ExperimentRecord.builder().experiment(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("experiment must not be negative");
        assertThatThrownBy(() -> ExperimentRecord.builder().lane(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lane must be >= 0, got -1");
        assertThatThrownBy(() -> ExperimentRecord.builder().commit(null))
                .isInstanceOf(NullPointerException.class).hasMessage("commit");
    }

    @Test
    void aCopyChangesOnlyWhatItNames() {
        ExperimentRecord r = minimal().metric(0.97).lane(2).confidence(0.99).build();

        assertThat(r.toBuilder().build()).isEqualTo(r);
        assertThat(r.withParent("c2")).isEqualTo(new ExperimentRecord(3, "c3", "c2", Status.DISCARD,
                OptionalDouble.of(0.97), Map.of(), IDEA, "llm", AT, Duration.ZERO, "", "", TokenUsage.ZERO, 2,
                OptionalDouble.of(0.99), 0, false));
        assertThat(r.toBuilder().status(Status.KEEP).reason("").build().status()).isEqualTo(Status.KEEP);
        assertThat(r.status()).as("the original is unchanged").isEqualTo(Status.DISCARD);
    }

    @Test
    void aPendingExperimentIsBuiltWaitingForALaneAndCopiedOntoOneOrOntoANewChampion() {
        PendingExperiment p = PendingExperiment.builder().experiment(5).hypothesis(IDEA).strategy("llm").parent("c1")
                .commit("c5").proposedAt(AT).build();

        assertThat(p).isEqualTo(new PendingExperiment(5, IDEA, "llm", "c1", "c5", AT, OptionalInt.empty(), 0));
        assertThat(p.onLane(3).lane()).hasValue(3);
        assertThat(p.onLane(3).movedOnto("c4", "c6")).isEqualTo(
                new PendingExperiment(5, IDEA, "llm", "c4", "c6", AT, OptionalInt.of(3), 0));
        assertThat(p.toBuilder().build()).isEqualTo(p);
        assertThatThrownBy(() -> PendingExperiment.builder().experiment(5).hypothesis(IDEA).strategy("llm")
                .commit("c5").proposedAt(AT).build())
                .isInstanceOf(IllegalStateException.class).hasMessage("no parent: call parent(String)");
        assertThatThrownBy(() -> PendingExperiment.builder().experiment(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("numbered from 1, got 0");
    }
}
