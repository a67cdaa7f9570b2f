package dev.autoresearch.core.keep;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.MinImprovement;
import dev.autoresearch.core.ProgramSpec;
import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The keep rules on scripted measurements: what is kept, what is discarded, when more runs are asked for. */
class KeepRuleTest {
    private static final NoiseFloor NOISY = NoiseFloor.of(100, 101, 99);
    private static final KeepRule SIGNIFICANT = KeepRules.significant(0.95, Direction.MINIMIZE, MinImprovement.NONE, 5);
    private static final KeepRule GREEDY = KeepRules.greedy(Direction.MINIMIZE, MinImprovement.NONE);

    @Test
    void aDeterministicMetricIsDecidedAsGreedyDoesAfterOneRun() {
        NoiseFloor exact = NoiseFloor.of(10, 10, 10);
        Comparison start = Comparison.against(List.of(10.0, 10.0, 10.0), exact);

        Verdict better = SIGNIFICANT.decide(start.withCandidate(9.9));
        Verdict same = SIGNIFICANT.decide(start.withCandidate(10));

        assertThat(better).isInstanceOf(Verdict.Keep.class);
        assertThat(better.evidence().basis()).isEqualTo(Evidence.Basis.DETERMINISTIC);
        assertThat(better.evidence().summary()).isEqualTo("-1.0%, deterministic");
        assertThat(same).isInstanceOf(Verdict.Discard.class);
        assertThat(((Verdict.Discard) same).reason()).isEqualTo("no change from the best 10.0000 (ties are not improvements)");
    }

    @Test
    void aClearWinIsKeptOnceBothSidesHaveTwoRuns() {
        Comparison c = Comparison.against(List.of(100.0, 101.0, 99.0), NOISY).withCandidate(90);

        Verdict first = SIGNIFICANT.decide(c);
        assertThat(first).isInstanceOf(Verdict.MoreRuns.class);
        assertThat((Verdict.MoreRuns) first).extracting(Verdict.MoreRuns::candidateRuns, Verdict.MoreRuns::championRuns)
                .containsExactly(1, 1);

        Verdict second = SIGNIFICANT.decide(c.withChampion(100.5).withCandidate(90.5));
        assertThat(second).isInstanceOf(Verdict.Keep.class);
        Evidence e = second.evidence();
        assertThat(e.basis()).isEqualTo(Evidence.Basis.T_TEST);
        assertThat(e.champion()).containsExactly(100.0, 101.0, 99.0, 100.5);
        assertThat(e.candidate()).containsExactly(90.0, 90.5);
        assertThat(e.difference()).isCloseTo(90.25 - 100.125, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(e.pValue().getAsDouble()).isLessThan(0.0125);
        assertThat(e.confidenceReached().getAsDouble()).isGreaterThan(0.9875);
        assertThat(e.summary()).matches("-9\\.9% \\+/- \\d\\.\\d% at 95%, p[=<]\\S+, mean of 2 vs 4 runs");
    }

    @Test
    void aClearLossIsDiscardedAfterOneRun() {
        Verdict v = SIGNIFICANT.decide(Comparison.against(List.of(100.0, 101.0, 99.0), NOISY).withCandidate(110));

        assertThat(v).isInstanceOf(Verdict.Discard.class);
        assertThat(((Verdict.Discard) v).reason()).startsWith("worse than the champion after 1 run (+10.0% +/- ");
        assertThat(v.evidence().candidate()).containsExactly(110.0);
    }

    @Test
    void anAmbiguousCandidateEarnsRunsUntilTheEvidenceSaysKeep() {
        // A real gain of 1.5 noise SDs: the first runs overlap the champion's.
        DecisionLoop.Outcome o = DecisionLoop.decide(SIGNIFICANT, Comparison.against(List.of(100.0, 101.0, 99.0), NOISY),
                1, script(98.9, 99.4, 98.2, 98.7, 98.5), script(100.2, 99.6, 100.4, 100.1));

        assertThat(o.verdict()).as(o.verdict().evidence().summary()).isInstanceOf(Verdict.Keep.class);
        assertThat(o.comparison().candidateRuns()).hasSizeGreaterThan(2);
        assertThat(o.comparison().interleavedChampionRuns()).hasSize(o.comparison().candidateRuns().size() - 1);
    }

    @Test
    void anAmbiguousCandidateWithoutRealGainIsDiscardedAtMaxRepeats() {
        DecisionLoop.Outcome o = DecisionLoop.decide(SIGNIFICANT, Comparison.against(List.of(100.0, 101.0, 99.0), NOISY),
                1, script(99.0, 99.6, 98.6, 99.9, 99.2), script(100.4, 99.3, 100.6, 99.8));

        assertThat(o.verdict()).isInstanceOf(Verdict.Discard.class);
        assertThat(o.comparison().candidateRuns()).as(o.verdict().toString()).hasSize(5);
        assertThat(((Verdict.Discard) o.verdict()).reason())
                .startsWith("not better at 95% confidence after 5 runs, max-repeats (")
                .endsWith("; a keep needs p < 0.00625)");
        assertThat(o.runs()).isEqualTo(9);
    }

    @Test
    void minImprovementIsRespectedEvenWhenTheGainIsSignificant() {
        KeepRule rule = KeepRules.significant(0.95, Direction.MINIMIZE, MinImprovement.parse("5%"), 5);
        Comparison c = Comparison.against(List.of(100.0, 101.0, 99.0), NOISY);

        DecisionLoop.Outcome small = DecisionLoop.decide(rule, c, 1, script(97, 97.2, 96.8, 97.1, 96.9),
                script(100, 100.2, 99.8, 100.1));
        DecisionLoop.Outcome large = DecisionLoop.decide(rule, c, 1, script(90, 90.5), script(100.5));

        assertThat(small.verdict()).isInstanceOf(Verdict.Discard.class);
        assertThat(((Verdict.Discard) small.verdict()).reason()).startsWith("short of min-improvement 5.0% after ");
        assertThat(large.verdict()).isInstanceOf(Verdict.Keep.class);
    }

    @Test
    void interleavedChampionRunsKeepAMachineThatSpeedsUpFromMakingANullCandidateLookBetter() {
        // The machine gets faster by 0.7 per run (caches warming); the candidate changes nothing.
        // Against the baseline's early runs alone its later runs look better; the champion's re-runs drift alike.
        double[] slot = {3};
        DoubleSupplier machine = () -> 100 - 0.7 * slot[0]++ + (slot[0] % 2 == 0 ? 0.3 : -0.3);
        Comparison start = Comparison.against(List.of(100.0, 99.3, 98.6), NoiseFloor.of(100, 99.3, 98.6));

        DecisionLoop.Outcome interleaved = DecisionLoop.decide(SIGNIFICANT, start, 1, machine, machine);

        Comparison stale = start;
        for (int run = 3; run < 8; run++) {
            stale = stale.withCandidate(100 - 0.7 * run); // back to back, as a loop without re-runs would
        }
        assertThat(SIGNIFICANT.decide(stale)).as("without re-runs of the champion").isInstanceOf(Verdict.Keep.class);
        assertThat(interleaved.verdict()).as(interleaved.verdict().evidence().summary())
                .isInstanceOf(Verdict.Discard.class);
        assertThat(interleaved.comparison().interleavedChampionRuns()).isNotEmpty();
    }

    @Test
    void greedyComparesMediansOnceTiesAreNotImprovementsAndMinImprovementHolds() {
        Comparison c = Comparison.against(List.of(10.0, 12.0, 11.0), NOISY);
        KeepRule picky = KeepRules.greedy(Direction.MAXIMIZE, MinImprovement.parse("10%"));

        assertThat(GREEDY.decide(c.withCandidate(10.9))).isInstanceOf(Verdict.Keep.class);
        assertThat(((Verdict.Discard) GREEDY.decide(c.withCandidate(11))).reason()).contains("ties are not improvements");
        assertThat(((Verdict.Discard) GREEDY.decide(c.withCandidate(11.5))).reason()).isEqualTo("worse than the best 11.0000");
        assertThat(((Verdict.Discard) picky.decide(c.withCandidate(12))).reason())
                .isEqualTo("improved by 1.00000, less than min-improvement 10.0% (1.10000)");
        assertThat(picky.decide(c.withCandidate(12.2))).isInstanceOf(Verdict.Keep.class);
        assertThat(GREEDY.decide(c.withCandidate(10.9)).evidence().summary()).isEqualTo("-0.91%, median of 1 vs 3 runs");
    }

    @Test
    void aRunThatIsNotANumberIsNeverKept() {
        Comparison c = Comparison.against(List.of(100.0, 101.0, 99.0), NOISY).withCandidate(Double.NaN);

        for (KeepRule rule : List.of(GREEDY, SIGNIFICANT)) {
            Verdict v = rule.decide(c);
            assertThat(v).isInstanceOf(Verdict.Discard.class);
            assertThat(((Verdict.Discard) v).reason()).isEqualTo("a run's metric is not a finite number (candidate [NaN])");
        }
    }

    @Test
    void runsThatAgreeExactlyOnANoisyMetricBorrowTheNoiseFloor() {
        // A quantized metric: the candidate's two runs agree, but the machine is not deterministic.
        Comparison c = Comparison.against(List.of(100.0, 101.0, 99.0), NOISY).withCandidate(99).withChampion(100)
                .withCandidate(99);

        Verdict v = SIGNIFICANT.decide(c);

        assertThat(v).isInstanceOf(Verdict.MoreRuns.class);
        assertThat(v.evidence().halfWidth().getAsDouble()).isPositive();
    }

    @Test
    void theSignificantRuleRefusesAnUnmeasuredNoiseFloorAndADecisionWithoutACandidateRun() {
        Comparison one = Comparison.against(List.of(100.0), NoiseFloor.of(100)).withCandidate(90);

        assertThatThrownBy(() -> SIGNIFICANT.decide(one)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the significant rule needs the noise measured on at least 2 baseline runs, got 1; "
                        + "set baseline-repeats >= 2");
        assertThatThrownBy(() -> GREEDY.decide(Comparison.against(List.of(1.0), NOISY)))
                .hasMessage("no run of the candidate to decide on yet");
        assertThatThrownBy(() -> KeepRules.significant(0.9999, Direction.MINIMIZE, MinImprovement.NONE, 5))
                .hasMessage("confidence must be between 0.5 and 0.999, got 0.9999");
    }

    @Test
    void theProgramsKeepSettingsChooseTheRuleAndRepeatsRaiseMaxRepeats() {
        ProgramSpec.Builder b = ProgramSpec.builder().metric("score").direction(Direction.MINIMIZE).run("./bench");

        assertThat(KeepRules.of(b.build()).name()).isEqualTo("significant");
        assertThat(KeepRules.of(b.keep(KeepSettings.DEFAULT.withRule(KeepSettings.Rule.GREEDY)).build()).name())
                .isEqualTo("greedy");
        KeepRule sevenRuns = KeepRules.of(b.keep(KeepSettings.DEFAULT).repeats(7).build());
        assertThat(sevenRuns.toString()).isEqualTo("significant(0.95, max-repeats 7)");
    }

    @Test
    void nullCandidatesAreKeptAtMostAsOftenAsTheConfidenceAllows() {
        Random random = new Random(20261202);
        int trials = 2000;
        int keeps = 0;
        int runs = 0;
        for (int i = 0; i < trials; i++) {
            DoubleSupplier noise = () -> 50 + 2 * random.nextGaussian();
            NoiseFloor floor = new NoiseFloor(List.of(noise.getAsDouble(), noise.getAsDouble(), noise.getAsDouble()));
            DecisionLoop.Outcome o = DecisionLoop.decide(SIGNIFICANT, Comparison.against(floor.runs(), floor), 1, noise,
                    noise);
            keeps += o.verdict() instanceof Verdict.Keep ? 1 : 0;
            runs += o.runs();
        }
        assertThat(keeps).as("false keeps of %d null candidates", trials).isLessThanOrEqualTo((int) (0.05 * trials));
        assertThat(runs / (double) trials).as("runs per null candidate").isLessThan(4);
    }

    @Test
    void realGainsOfThreeNoiseDeviationsAreMostlyKept() {
        Random random = new Random(7);
        int trials = 500;
        int keeps = 0;
        for (int i = 0; i < trials; i++) {
            DoubleSupplier champion = () -> 50 + 2 * random.nextGaussian();
            DoubleSupplier candidate = () -> 44 + 2 * random.nextGaussian();
            NoiseFloor floor = new NoiseFloor(List.of(champion.getAsDouble(), champion.getAsDouble(),
                    champion.getAsDouble()));
            keeps += DecisionLoop.decide(SIGNIFICANT, Comparison.against(floor.runs(), floor), 1, candidate, champion)
                    .verdict() instanceof Verdict.Keep ? 1 : 0;
        }
        assertThat(keeps).isGreaterThan(trials * 8 / 10);
    }

    private static DoubleSupplier script(double... values) {
        Iterator<Double> it = java.util.Arrays.stream(values).boxed().iterator();
        return () -> {
            if (!it.hasNext()) {
                throw new AssertionError("the rule asked for more runs than the script has");
            }
            return it.next();
        };
    }
}
