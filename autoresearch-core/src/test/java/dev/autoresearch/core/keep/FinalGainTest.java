package dev.autoresearch.core.keep;

import dev.autoresearch.core.testing.TestRecords;
import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.Status;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The session's final gain: every run of the best against every run of the baseline, re-runs pooled. */
class FinalGainTest {
    private static final String METRIC = "val_loss";
    private static final KeepSettings.Rule SIGNIFICANT = KeepSettings.Rule.SIGNIFICANT;

    /**
     * A session as the loop records one: the baseline (c0), #1 kept on it (c1) with one re-run of
     * the baseline, #2 discarded against c1 with one re-run of c1, #3 made on the baseline before
     * #1 was kept, discarded with one more re-run of the baseline.
     */
    static ResearchState noisySession() {
        return ResearchState.of(List.of(
                record(0, "c0", "c0", Status.KEEP, Map.of(METRIC, List.of(1.0, 0.998, 1.002))),
                record(1, "c1", "c0", Status.KEEP, Map.of(METRIC, List.of(0.972, 0.969),
                        PooledRuns.championKey(METRIC), List.of(0.999))),
                record(2, "c2", "c1", Status.DISCARD, Map.of(METRIC, List.of(0.98),
                        PooledRuns.championKey(METRIC), List.of(0.970))),
                record(3, "c3", "c0", Status.DISCARD, Map.of(METRIC, List.of(1.01),
                        PooledRuns.championKey(METRIC), List.of(1.001)))));
    }

    @Test
    void aNoisySessionsGainHasTheIntervalOfEveryRunOfBothSides() {
        Evidence gain = FinalGain.of(noisySession(), METRIC, Direction.MINIMIZE, SIGNIFICANT, 0.95).orElseThrow();

        assertThat(gain.basis()).isEqualTo(Evidence.Basis.T_TEST);
        assertThat(gain.champion()).as("the baseline's runs and the re-runs of it").containsExactly(1.0, 0.998, 1.002,
                0.999, 1.001);
        assertThat(gain.candidate()).as("the best's runs and the re-run of it").containsExactly(0.972, 0.969, 0.970);
        assertThat(gain.relativeDifference()).isCloseTo((0.970333333 - 1.0) / 1.0, within(1e-6));
        // Student's t, variance pooled over 5 + 3 runs (6 degrees of freedom), two-sided at 95%: 2.4469.
        double pooledVariance = (4 * variance(1.0, 0.998, 1.002, 0.999, 1.001) + 2 * variance(0.972, 0.969, 0.970)) / 6;
        assertThat(gain.halfWidth().getAsDouble())
                .isCloseTo(2.446912 * Math.sqrt(pooledVariance * (1.0 / 5 + 1.0 / 3)), within(1e-6));
        assertThat(gain.differenceWithInterval()).isEqualTo("-3.0% +/- 0.28% at 95%");
        assertThat(gain.pValue().getAsDouble()).isLessThan(0.001);
    }

    @Test
    void theIntervalIsAtTheSessionsConfidence() {
        Evidence at95 = FinalGain.of(noisySession(), METRIC, Direction.MINIMIZE, SIGNIFICANT, 0.95).orElseThrow();
        Evidence at99 = FinalGain.of(noisySession(), METRIC, Direction.MINIMIZE, SIGNIFICANT, 0.99).orElseThrow();

        assertThat(at99.halfWidth().getAsDouble()).isGreaterThan(at95.halfWidth().getAsDouble());
        assertThat(at99.differenceWithInterval()).endsWith(" at 99%");
    }

    @Test
    void aDeterministicMetricHasAPlainChangeOfMedians() {
        ResearchState state = ResearchState.of(List.of(
                record(0, "c0", "c0", Status.KEEP, Map.of(METRIC, List.of(2.0, 2.0, 2.0))),
                record(1, "c1", "c0", Status.KEEP, Map.of(METRIC, List.of(1.5)))));

        Evidence gain = FinalGain.of(state, METRIC, Direction.MINIMIZE, SIGNIFICANT, 0.95).orElseThrow();

        assertThat(gain.basis()).isEqualTo(Evidence.Basis.DETERMINISTIC);
        assertThat(gain.halfWidth()).isEmpty();
        assertThat(gain.differenceWithInterval()).isEqualTo("-25.0%");
    }

    @Test
    void theGreedyRuleGetsNoIntervalEvenOnNoisyRuns() {
        Evidence gain = FinalGain.of(noisySession(), METRIC, Direction.MINIMIZE, KeepSettings.Rule.GREEDY, 0.95)
                .orElseThrow();

        assertThat(gain.basis()).isEqualTo(Evidence.Basis.GREEDY);
        assertThat(gain.halfWidth()).isEmpty();
        assertThat(gain.championEstimate()).as("the median of the baseline's pooled runs").isEqualTo(1.0);
        assertThat(gain.candidateEstimate()).isEqualTo(0.970);
    }

    @Test
    void noGainWhileTheBaselineIsTheBestOrBeforeIt() {
        ResearchState onlyBaseline = ResearchState.of(List.of(
                record(0, "c0", "c0", Status.KEEP, Map.of(METRIC, List.of(1.0, 0.998, 1.002))),
                record(1, "c1", "c0", Status.DISCARD, Map.of(METRIC, List.of(1.2),
                        PooledRuns.championKey(METRIC), List.of(1.001)))));

        assertThat(FinalGain.of(onlyBaseline, METRIC, Direction.MINIMIZE, SIGNIFICANT, 0.95)).isEmpty();
        assertThat(FinalGain.of(ResearchState.empty(), METRIC, Direction.MINIMIZE, SIGNIFICANT, 0.95)).isEmpty();
    }

    @Test
    void aRunThatIsNotANumberGivesNoGain() {
        ResearchState state = ResearchState.of(List.of(
                record(0, "c0", "c0", Status.KEEP, Map.of(METRIC, List.of(1.0, 0.998, 1.002))),
                record(1, "c1", "c0", Status.KEEP, Map.of(METRIC, List.of(0.97, 0.96))),
                record(2, "c2", "c1", Status.DISCARD, Map.of(PooledRuns.championKey(METRIC), List.of(Double.NaN)))));

        assertThat(FinalGain.of(state, METRIC, Direction.MINIMIZE, SIGNIFICANT, 0.95)).isEmpty();
    }

    @Test
    void pooledRunsAreACommitsOwnThenTheReRunsOfRecordsMadeOnIt() {
        ResearchState state = noisySession();

        assertThat(PooledRuns.of(state, METRIC, "c0")).containsExactly(1.0, 0.998, 1.002, 0.999, 1.001);
        assertThat(PooledRuns.of(state, METRIC, "c1")).containsExactly(0.972, 0.969, 0.970);
        assertThat(PooledRuns.of(state, METRIC, "c2")).as("a discarded commit is a tree's node: its own runs")
                .isEqualTo(state.record(2).orElseThrow().metrics().get(METRIC));
        assertThat(PooledRuns.of(state, METRIC, "c9")).as("a commit nothing measured").isEmpty();
        assertThat(PooledRuns.of(state, "other", "c0")).isEmpty();
    }

    private static double variance(double... values) {
        double mean = java.util.Arrays.stream(values).average().orElseThrow();
        return java.util.Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / (values.length - 1);
    }

    static ExperimentRecord record(int n, String commit, String parent, Status status, Map<String, List<Double>> metrics) {
        Map<String, List<Double>> ordered = new LinkedHashMap<>(metrics);
        List<Double> runs = ordered.getOrDefault(METRIC, List.of());
        OptionalDouble median = runs.isEmpty() ? OptionalDouble.empty()
                : OptionalDouble.of(dev.autoresearch.core.Medians.of(runs));
        return TestRecords.record(n).commit(commit).parent(parent).status(status).metric(median).metrics(ordered)
                .startedAt(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(60L * n)).duration(Duration.ofSeconds(60))
                .build();
    }
}
