package dev.autoresearch.core.testing;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.Status;

import java.time.Instant;

/**
 * Records for tests in every module: a test names what it is about and takes the values most tests
 * share for the rest.
 */
public final class TestRecords {
    private TestRecords() {
    }

    /**
     * Experiment {@code n}, kept, with nothing measured: commit {@code c<n>} on parent {@code p<n>},
     * hypothesis "change n", strategy "test", started at the epoch, log {@code runs/<n>.log}, lane 1.
     */
    public static ExperimentRecord.Builder record(int n) {
        return ExperimentRecord.builder().experiment(n).commit("c" + n).parent("p" + n).status(Status.KEEP)
                .hypothesis(new Hypothesis("change " + n, "")).strategy("test").startedAt(Instant.EPOCH)
                .log("runs/" + n + ".log").lane(1);
    }
}
