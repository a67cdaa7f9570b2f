package dev.autoresearch.examples;

import dev.autoresearch.core.testing.TestRecords;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.tune.ParameterTuner;
import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedding example against a copy of the demo: a real loop, real git, real {@code java Train.java} runs. */
class EmbeddingExampleTest {
    @TempDir
    Path temp;

    @Test
    void theHostsOwnMetricIsRecordedBesideTheProgramsMetrics() throws Exception {
        TestRepo repo = Demo.repository(temp.resolve("demo"));

        List<String> lines = new ArrayList<>();
        ResearchReport report = EmbeddingExample.run(repo.root(), "embed", 2, lines::add);

        assertThat(report.state().experimentsRun()).isEqualTo(2);
        assertThat(lines).hasSize(3).first().asString().startsWith("#0 baseline");
        ExperimentRecord baseline = report.state().history().get(0);
        assertThat(baseline.metrics()).containsKeys("val_loss", "val_accuracy", "final_train_loss");
        assertThat(baseline.metrics().get("final_train_loss").get(0)).isBetween(0.0, 5.0);
        assertThat(report.results()).content().startsWith("commit\tval_loss\tval_accuracy\tfinal_train_loss\tpeak_heap_mb\tconfidence\tstatus");
    }

    @Test
    void theOutcomeNamesTheBestExperimentAndItsHypothesis() {
        ResearchState state = ResearchState.of(List.of(
                record(0, Hypothesis.baseline(), Status.KEEP, 0.74),
                record(1, new Hypothesis("LEARNING_RATE 0.03 -> 0.05", ""), Status.KEEP, 0.6),
                record(2, new Hypothesis("MOMENTUM 0.8 -> 0.9", ""), Status.DISCARD, 0.7)));
        ResearchReport report = new ResearchReport("embed", "autoresearch/embed", state,
                new dev.autoresearch.core.StopReason(dev.autoresearch.core.StopReason.Kind.MAX_EXPERIMENTS,
                        "reached max-experiments (2)"), false, temp.resolve(".autoresearch/embed"),
                temp.resolve("worktree"), 0);

        assertThat(EmbeddingExample.outcome(report)).isEqualTo("reached max-experiments (2): 0.740000 -> 0.600000, "
                + "best #1 LEARNING_RATE 0.03 -> 0.05, on branch autoresearch/embed");
    }

    private static ExperimentRecord record(int n, Hypothesis h, Status status, double metric) {
        return TestRecords.record(n).status(status).metric(metric).metrics(Map.of("val_loss", List.of(metric)))
                .hypothesis(h).strategy(n == 0 ? "baseline" : ParameterTuner.NAME).build();
    }
}
