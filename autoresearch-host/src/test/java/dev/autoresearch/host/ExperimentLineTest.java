package dev.autoresearch.host;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.testing.TestRecords;
import org.junit.jupiter.api.Test;

import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;

/** The progress line of an experiment says whether a keep became the champion. */
class ExperimentLineTest {
    static String line(ExperimentRecord r) {
        return ExperimentLine.format(r, "score", OptionalDouble.of(10));
    }

    @Test
    void aKeepThatWasNotCrownedSaysItIsANodeOrAnIslandsChampion() {
        ExperimentRecord crowned = TestRecords.record(3).metric(9).build();
        ExperimentRecord node = crowned.toBuilder().champion(false).build();
        ExperimentRecord island = node.toBuilder().island(2).build();

        assertThat(line(crowned)).contains(" keep ").doesNotContain("(node)");
        assertThat(line(node)).contains("keep (node)");
        assertThat(line(island)).contains("keep (island)");
        assertThat(line(crowned.toBuilder().status(Status.DISCARD).reason("worse").build())).contains("discard");
    }
}
