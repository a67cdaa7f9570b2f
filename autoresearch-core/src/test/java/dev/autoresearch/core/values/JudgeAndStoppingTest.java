package dev.autoresearch.core.values;

import dev.autoresearch.core.testing.TestRecords;
import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.Judge;
import dev.autoresearch.core.keep.Comparison;
import dev.autoresearch.core.keep.KeepRule;
import dev.autoresearch.core.keep.KeepRules;
import dev.autoresearch.core.keep.NoiseFloor;
import dev.autoresearch.core.keep.Verdict;
import dev.autoresearch.core.Metrics;
import dev.autoresearch.core.MinImprovement;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.StopReason;
import dev.autoresearch.core.StoppingPolicies;
import dev.autoresearch.core.StoppingPolicy;
import dev.autoresearch.core.StopCriteria;
import dev.autoresearch.core.TokenUsage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;

class JudgeAndStoppingTest {
    final ProgramSpec maximize = ProgramSpec.builder().metric("acc").direction(Direction.MAXIMIZE).run("x").build();

    static ExperimentRecord rec(int n, Status s, double metric, Duration d, long tokens) {
        return TestRecords.record(n).parent("p").status(s)
                .metric(Double.isNaN(metric) ? OptionalDouble.empty() : OptionalDouble.of(metric))
                .hypothesis(new Hypothesis("h" + n, "")).strategy("s").startedAt(Instant.EPOCH.plus(d.multipliedBy(n)))
                .duration(d).log("").usage(new TokenUsage(tokens, tokens)).build();
    }

    @Test
    void theGreedyRuleFollowsTheDirectionAndRequiresTheMinimumGain() {
        KeepRule rule = KeepRules.greedy(Direction.MAXIMIZE, MinImprovement.parse("0.01"));
        Comparison champion = Comparison.against(List.of(0.5), NoiseFloor.of(0.5));
        assertThat(rule.decide(champion.withCandidate(0.52))).isInstanceOf(Verdict.Keep.class);
        assertThat(rule.decide(champion.withCandidate(0.505))).isInstanceOf(Verdict.Discard.class);
        assertThat(((Verdict.Discard) rule.decide(champion.withCandidate(0.4))).reason()).contains("worse");
        assertThat(new Judge(maximize).judge(List.of(Metrics.of("other", 1))).status()).isEqualTo(Status.CRASH);
    }

    @Test
    void mediansAreComparedSoOneLuckyRunIsNotAWin() {
        List<Metrics> runs = List.of(Metrics.of("acc", 0.49), Metrics.of("acc", 0.9), Metrics.of("acc", 0.48));
        Judge.Decision measured = new Judge(maximize).judge(runs);
        assertThat(measured.metric().getAsDouble()).isEqualTo(0.49);
        assertThat(measured.values().get("acc")).containsExactly(0.49, 0.9, 0.48);
        Comparison c = Comparison.against(List.of(0.5), NoiseFloor.of(0.5));
        for (Metrics run : runs) {
            c = c.withCandidate(run.get("acc").getAsDouble());
        }
        assertThat(KeepRules.greedy(Direction.MAXIMIZE, MinImprovement.NONE).decide(c)).isInstanceOf(Verdict.Discard.class);
    }

    @Test
    void stoppingPoliciesReadTheStateAndCompose() {
        ResearchState s = ResearchState.of(List.of(
                rec(0, Status.KEEP, 0.5, Duration.ofMinutes(5), 0),
                rec(1, Status.KEEP, 0.6, Duration.ofMinutes(5), 1000),
                rec(2, Status.CRASH, Double.NaN, Duration.ofMinutes(5), 1000),
                rec(3, Status.TIMEOUT, Double.NaN, Duration.ofMinutes(5), 1000)));
        assertThat(StoppingPolicies.maxExperiments(3).check(s, maximize)).isPresent();
        assertThat(StoppingPolicies.maxExperiments(4).check(s, maximize)).isEmpty();
        assertThat(StoppingPolicies.maxDuration(Duration.ofMinutes(20)).check(s, maximize)).isPresent();
        assertThat(StoppingPolicies.maxDuration(Duration.ofMinutes(21)).check(s, maximize)).isEmpty();
        assertThat(StoppingPolicies.target(0.6).check(s, maximize)).isPresent();
        assertThat(StoppingPolicies.target(0.61).check(s, maximize)).isEmpty();
        assertThat(StoppingPolicies.patience(2).check(s, maximize)).isPresent();
        assertThat(StoppingPolicies.crashStreak(2).check(s, maximize)).get().asString().contains("2 experiments in a row");
        assertThat(StoppingPolicies.crashStreak(3).check(s, maximize)).isEmpty();
        assertThat(StoppingPolicies.crashStreak(2).check(s, maximize).orElseThrow().kind()).isEqualTo(StopReason.Kind.CRASH_STREAK);
        assertThat(StoppingPolicies.maxTokens(6000).check(s, maximize)).isPresent();
        assertThat(StoppingPolicies.maxCost(1.0, 100, 100).check(s, maximize)).isEmpty();
        assertThat(StoppingPolicies.maxCost(0.5, 100, 100).check(s, maximize)).isPresent();

        StoppingPolicy both = StoppingPolicies.maxExperiments(3).and(StoppingPolicies.patience(5));
        assertThat(both.check(s, maximize)).isEmpty();
        StoppingPolicy either = StoppingPolicies.maxExperiments(10).or(StoppingPolicies.patience(2));
        assertThat(either.check(s, maximize)).get().asString().contains("patience");
        assertThat(StoppingPolicies.fromSpec(StopCriteria.DEFAULT.withTarget(0.55)).check(s, maximize)).isPresent();
        assertThat(s.failureStreak()).isEqualTo(2);
        assertThat(s.activeTime()).isEqualTo(Duration.ofMinutes(20));
        assertThat(s.best().orElseThrow().experiment()).isEqualTo(1);
    }

    @Test
    void aSessionThatMetItsBudgetSaysSoBeforeItsCrashStreakAndWithItsOwnCount() {
        // A session run past program.md's budget (with a larger one on the command line), ending on crashes.
        List<ExperimentRecord> records = new java.util.ArrayList<>();
        records.add(rec(0, Status.KEEP, 0.5, Duration.ofMinutes(1), 0));
        for (int i = 1; i <= 30; i++) {
            records.add(rec(i, Status.CRASH, Double.NaN, Duration.ofMinutes(1), 0));
        }
        ResearchState s = ResearchState.of(records);

        StopReason reason = StoppingPolicies.fromSpec(StopCriteria.DEFAULT.withMaxExperiments(12))
                .check(s, maximize).orElseThrow();

        assertThat(reason.kind()).isEqualTo(StopReason.Kind.MAX_EXPERIMENTS);
        assertThat(reason.message()).isEqualTo("reached max-experiments (12): 30 experiments after the baseline");
        assertThat(StoppingPolicies.maxExperiments(30).check(s, maximize).orElseThrow().message())
                .isEqualTo("reached max-experiments (30)");
    }

    @Test
    void aMissingRequiredKeyNamesItAndTheBuilderMethod() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProgramSpec.builder().metric("acc").run("x").build())
                .hasMessageContaining("missing required key 'direction'").hasMessageContaining("direction(...)");
    }

    @Test
    void editableAndProtectedPathsFollowTheSpec() {
        ProgramSpec spec = maximize.toBuilder().source(java.nio.file.Path.of("/repo/program.md"))
                .editable("src/**/*.py").readonly("src/eval.py").build();
        assertThat(spec.isEditable("src/model.py")).isTrue();
        assertThat(spec.isEditable("src/eval.py")).isFalse();
        assertThat(spec.isEditable("program.md")).isFalse();
        assertThat(spec.isProtected("program.md")).isTrue();
        assertThat(spec.isEditable("README.md")).isFalse();
    }
}
