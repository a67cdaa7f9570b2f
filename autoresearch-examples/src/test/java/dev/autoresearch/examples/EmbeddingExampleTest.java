package dev.autoresearch.examples;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
        assertThat(report.results()).content().startsWith("commit\tval_loss\tval_accuracy\tfinal_train_loss\tpeak_heap_mb\tstatus");
    }
}
