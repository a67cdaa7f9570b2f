package dev.autoresearch.core.tune;

import dev.autoresearch.core.testing.TestRecords;
import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.MutationResult;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.Refusal;
import dev.autoresearch.core.ResearchContext;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.TokenUsage;
import dev.autoresearch.core.TunedParameter;
import dev.autoresearch.core.TunedParameter.Scale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ParameterTunerTest {
    private static final Pattern TITLE = Pattern.compile("(\\S+) (\\S+) -> (\\S+)");

    private static final String TRAIN_PY = String.join("\n",
            "# Hyperparameters",
            "LR = 0.01          # learning rate",
            "HIDDEN = 8         # hidden units",
            "MOMENTUM = 0.5     # heavy-ball momentum",
            "STEPS = 1000       # not tuned",
            "");

    private static final List<TunedParameter> PARAMS = List.of(
            new TunedParameter("train.py", "LR", 1e-4, 1, Scale.LOG),
            new TunedParameter("train.py", "HIDDEN", 4, 128, Scale.INT),
            new TunedParameter("train.py", "MOMENTUM", 0, 0.99, Scale.LINEAR));

    /** A smooth bowl with its minimum at LR 0.1, HIDDEN 40, MOMENTUM 0.9. */
    private static final ToDoubleFunction<List<Double>> BOWL = v -> {
        double a = Math.log10(v.get(0)) + 1;
        double b = (v.get(1) - 40) / 20;
        double c = (v.get(2) - 0.9) * 2;
        return 1 + a * a + b * b + c * c;
    };

    /** A metric with no structure: keeps and discards come in an arbitrary but fixed pattern. */
    private static final ToDoubleFunction<List<Double>> RUGGED = v -> {
        long h = v.hashCode() * 0x9E3779B97F4A7C15L;
        return (h >>> 11) * 0x1.0p-53;
    };

    @TempDir
    Path temp;

    // ----------------------------------------------------------------------------- the sequence

    @Test
    void eachExperimentChangesOneParameterOfTheBestConfiguration() throws IOException {
        Bench bench = new Bench(repo("a", TRAIN_PY), ParameterTuner.create(PARAMS, 7), BOWL);
        Map<String, Double> best = new LinkedHashMap<>(Map.of("LR", 0.01, "HIDDEN", 8.0, "MOMENTUM", 0.5));
        for (int i = 0; i < 30; i++) {
            ExperimentRecord r = bench.step();
            Matcher m = TITLE.matcher(r.hypothesis().title());
            assertThat(m.matches()).as(r.hypothesis().title()).isTrue();
            assertThat(Double.parseDouble(m.group(2))).as(r.hypothesis().title()).isEqualTo(best.get(m.group(1)));
            assertThat(r.hypothesis().plan()).isEqualTo(m.group(1) + "=" + m.group(3));
            assertThat(r.hypothesis().rationale()).isNotBlank().endsWith(".");
            assertThat(r.strategy()).isEqualTo("tune");
            if (r.status() == Status.KEEP) {
                best.put(m.group(1), Double.parseDouble(m.group(3)));
            }
        }
        assertThat(bench.best).as("hill climbing on a bowl improves").isLessThan(BOWL.applyAsDouble(List.of(0.01, 8.0, 0.5)) / 2);
    }

    @Test
    void theSameSeedAndHistoryGiveTheSameHypothesesEvenAfterAResume() throws IOException {
        Bench straight = new Bench(repo("a", TRAIN_PY), ParameterTuner.create(PARAMS, 42), BOWL);
        List<String> expected = straight.titles(20);

        Bench resumed = new Bench(repo("b", TRAIN_PY), ParameterTuner.create(PARAMS, 42), BOWL);
        List<String> titles = new ArrayList<>(resumed.titles(9));
        resumed.tuner = ParameterTuner.create(PARAMS, 42); // a new process, rebuilt from the journal
        titles.addAll(resumed.titles(11));

        assertThat(titles).isEqualTo(expected);
        ResearchContext context = resumed.context();
        assertThat(resumed.tuner.propose(context)).isEqualTo(resumed.tuner.propose(context));
    }

    @Test
    void anotherSeedGivesAnotherSequence() throws IOException {
        List<String> one = new Bench(repo("a", TRAIN_PY), ParameterTuner.create(PARAMS, 1), RUGGED).titles(12);
        List<String> two = new Bench(repo("b", TRAIN_PY), ParameterTuner.create(PARAMS, 2), RUGGED).titles(12);
        assertThat(one).isNotEqualTo(two);
    }

    @Test
    void noConfigurationIsEverTriedTwice() throws IOException {
        Bench bench = new Bench(repo("a", TRAIN_PY), ParameterTuner.create(PARAMS, 3), RUGGED);
        List<String> titles = bench.titlesUntilExhausted(150);
        assertThat(titles).hasSizeGreaterThan(30);
        assertThat(bench.configurations).doesNotHaveDuplicates().hasSize(titles.size() + 1);
    }

    @Test
    void aSmallSpaceIsSearchedWithoutRepeatsUntilItIsExhausted() throws IOException {
        List<TunedParameter> small = List.of(
                new TunedParameter("grid.py", "A", 0, 4, Scale.INT),
                new TunedParameter("grid.py", "B", 0, 4, Scale.INT));
        Bench bench = new Bench(repo("a", "A = 2\nB = 2\n", "grid.py"), ParameterTuner.create(small, 5), RUGGED);
        assertThatThrownBy(() -> bench.titles(100))
                .isInstanceOf(AutoresearchException.class)
                .hasMessageStartingWith("the tune search space is exhausted");
        assertThat(bench.configurations).doesNotHaveDuplicates().hasSizeLessThanOrEqualTo(25).hasSizeGreaterThan(4);
    }

    @Test
    void theBaselineIsNeverProposedAgain() throws IOException {
        List<TunedParameter> one = List.of(new TunedParameter("a.py", "N", 1, 3, Scale.INT));
        Path dir = repo("a", "N = 3\n", "a.py");
        ParameterTuner tuner = ParameterTuner.create(one, 0);
        ResearchState kept = history(record(1, "N 2 -> 3", Status.KEEP));
        assertThatThrownBy(() -> tuner.propose(context(tuner, kept, dir)))
                .isInstanceOf(AutoresearchException.class)
                .hasMessageContaining("exhausted");
    }

    @Test
    void aStepBackToATriedValueIsRecognisedWhateverTheRounding() throws IOException {
        Path dir = repo("a", "LR = 0.126\n");
        for (long seed = 0; seed < 6; seed++) {
            ParameterTuner tuner = ParameterTuner.create(List.of(PARAMS.get(0)), seed);
            ResearchState state = history(record(1, "LR 0.04 -> 0.126", Status.KEEP),
                    record(2, "LR 0.126 -> 0.948", Status.DISCARD));
            // 0.126 / 3.16 is 0.0399 printed to three digits, but it is the baseline 0.04: skipped.
            assertThat(tuner.propose(context(tuner, state, dir)).title()).isEqualTo("LR 0.126 -> 0.4");
        }
    }

    // ------------------------------------------------------------------------------- the steps

    @Test
    void aLogScaleStepsByAFactorOfAnEighthOfTheLogRange() throws IOException {
        ParameterTuner tuner = ParameterTuner.create(List.of(PARAMS.get(0)), 0);
        Path dir = repo("a", TRAIN_PY);
        for (long seed = 0; seed < 8; seed++) {
            ParameterTuner t = ParameterTuner.create(List.of(PARAMS.get(0)), seed);
            Hypothesis h = t.propose(context(t, history(), dir));
            assertThat(h.title()).isIn("LR 0.01 -> 0.0316", "LR 0.01 -> 0.00316");
            assertThat(h.rationale()).contains("factor of 3.16").contains("a step of 1/8 of its log range");
        }
        assertThat(tuner.name()).isEqualTo("tune");
    }

    @Test
    void theStepDoublesAfterAKeepAndTheKeptDirectionIsFollowedUp() throws IOException {
        ParameterTuner tuner = ParameterTuner.create(List.of(PARAMS.get(0)), 0);
        Path dir = repo("a", TRAIN_PY.replace("LR = 0.01 ", "LR = 0.0316"));
        Hypothesis h = tuner.propose(context(tuner, history(record(1, "LR 0.01 -> 0.0316", Status.KEEP)), dir));
        assertThat(h.title()).isEqualTo("LR 0.0316 -> 0.316");
        assertThat(h.rationale()).contains("following up the kept change with a step grown to 1/4 of its log range");
    }

    @Test
    void theStepHalvesAfterEachOutcomeThatIsNotAKeep() throws IOException {
        Path dir = repo("a", TRAIN_PY);
        for (Status failed : List.of(Status.DISCARD, Status.CRASH, Status.TIMEOUT, Status.CHECKS_FAILED)) {
            for (long seed = 0; seed < 6; seed++) {
                ParameterTuner tuner = ParameterTuner.create(List.of(PARAMS.get(0)), seed);
                Hypothesis h = tuner.propose(context(tuner, history(record(1, "LR 0.01 -> 0.0316", failed)), dir));
                assertThat(h.title()).as(failed + " counts as a non-keep").isIn("LR 0.01 -> 0.0178", "LR 0.01 -> 0.00562");
                assertThat(h.rationale()).contains("shrunk to 1/16");

                Hypothesis after2 = tuner.propose(context(tuner, history(
                        record(1, "LR 0.01 -> 0.0316", failed), record(2, "LR 0.01 -> 0.00562", Status.DISCARD)), dir));
                assertThat(after2.title()).isIn("LR 0.01 -> 0.0133", "LR 0.01 -> 0.0075");
            }
        }
    }

    @Test
    void aChangeThatBeatItsParentButWasSupersededIsNoLossSoItsStepDoesNotShrink() throws IOException {
        // #1 (HIDDEN) was kept while #2 (LR), measured on the baseline, beat the baseline; #2 could not be
        // replayed onto #1 and was discarded. What was measured says LR 0.01 -> 0.0316 helped.
        Path dir = repo("a", TRAIN_PY.replace("HIDDEN = 8 ", "HIDDEN = 12"));
        ExperimentRecord hidden = record(1, new Hypothesis("HIDDEN 8 -> 12", ""), Status.KEEP, 0.9).withParent("c0");
        int seen = 0;
        for (long seed = 0; seed < 6; seed++) {
            ParameterTuner tuner = ParameterTuner.create(List.of(PARAMS.get(0), PARAMS.get(1)), seed);
            Hypothesis lr = new Hypothesis("LR 0.01 -> 0.0316", "");
            ExperimentRecord superseded = record(2, lr, Status.DISCARD, 0.8).toBuilder().parent("c0")
                    .reason("superseded").build();
            ExperimentRecord lostOnTheChampion = record(2, lr, Status.DISCARD, 0.95).withParent("c1");
            List<String> afterWin = lrMoves(tuner, dir, history(hidden, superseded));
            List<String> afterLoss = lrMoves(tuner, dir, history(hidden, lostOnTheChampion));
            assertThat(afterWin).as("seed " + seed).allMatch(r -> r.contains("step of 1/8"));
            assertThat(afterLoss).as("seed " + seed).allMatch(r -> r.contains("shrunk to 1/16"));
            seen += afterWin.size() + afterLoss.size();
        }
        assertThat(seen).as("proposals that move LR").isGreaterThan(10);
    }

    @Test
    void keepsThatLandedTogetherFromLanesAreEachFollowedUpAsOneLaneFollowsUpItsLastKeep() throws IOException {
        Path dir = repo("a", TRAIN_PY.replace("HIDDEN = 8 ", "HIDDEN = 12").replace("LR = 0.01", "LR = 0.0316"));
        for (long seed = 0; seed < 8; seed++) {
            ParameterTuner tuner = ParameterTuner.create(PARAMS, seed);
            // #2 was made on top of #1 while #1 was being measured: the two landed in one round.
            ResearchState landed = roundOfTwo(Instant.EPOCH.plusSeconds(2));
            Hypothesis first = tuner.propose(context(tuner, landed, dir));
            assertThat(first.title()).as("seed " + seed).startsWith("LR 0.0316 -> ");
            Hypothesis second = tuner.propose(context(tuner, landed.withPending(pending(3, first)), dir));
            assertThat(second.title()).as("seed " + seed).startsWith("HIDDEN 12 -> ");
            assertThat(second.rationale()).contains("Raise HIDDEN", "following up the kept change");

            // On one lane #2 starts after #1 is kept; only the last keep is followed up, as before.
            ResearchState oneLane = roundOfTwo(Instant.EPOCH.plusSeconds(4));
            Hypothesis next = tuner.propose(context(tuner, oneLane.withPending(pending(3,
                    tuner.propose(context(tuner, oneLane, dir)))), dir));
            assertThat(next.rationale()).as("seed " + seed).doesNotContain("following up");
        }
    }

    @Test
    void whileOtherLanesRunAParameterWhoseLastMoveLostGoesTheOtherWayFirst() throws IOException {
        Path dir = repo("a", TRAIN_PY);
        ExperimentRecord lrUpLost = record(1, new Hypothesis("LR 0.01 -> 0.0316", ""), Status.DISCARD, 1.2).withParent("c0");
        ExperimentRecord hiddenDownLost = record(2, new Hypothesis("HIDDEN 8 -> 4", ""), Status.DISCARD, 1.3)
                .withParent("c0");
        ResearchState lost = history(lrUpLost, hiddenDownLost);
        java.util.Set<String> oneLane = new java.util.TreeSet<>();
        for (long seed = 0; seed < 12; seed++) {
            ParameterTuner tuner = ParameterTuner.create(PARAMS, seed);
            Hypothesis inFlight = new Hypothesis("MOMENTUM 0.5 -> 0.624", "");
            Hypothesis h = tuner.propose(context(tuner, lost.withPending(pending(3, inFlight).toBuilder().parent("c0")
                    .build()), dir));
            if (h.title().startsWith("LR ")) {
                assertThat(h.rationale()).as("seed " + seed).startsWith("Lower LR");
            } else {
                assertThat(h.rationale()).as("seed " + seed).startsWith("Raise HIDDEN");
            }
            oneLane.add(tuner.propose(context(tuner, lost, dir)).rationale().split(" ")[0]);
        }
        assertThat(oneLane).as("one lane draws the way, as it always has").contains("Raise", "Lower");
    }

    @Test
    void whileOtherLanesRunAParameterThatOvershotAfterAKeepGoesTheSameWayWithASmallerStepFirst() throws IOException {
        // LR was raised and kept (then HIDDEN), then raised further and lost: the optimum is likely between, not below.
        Path dir = repo("a", TRAIN_PY.replace("LR = 0.01", "LR = 0.0316").replace("HIDDEN = 8 ", "HIDDEN = 12"));
        ExperimentRecord lrUpKept = record(1, new Hypothesis("LR 0.01 -> 0.0316", ""), Status.KEEP, 0.9).withParent("c0");
        ExperimentRecord hiddenUpKept = record(2, new Hypothesis("HIDDEN 8 -> 12", ""), Status.KEEP, 0.8).toBuilder()
                .parent("c1").startedAt(Instant.EPOCH.plusSeconds(2)).build();
        ExperimentRecord lrUpLost = record(3, new Hypothesis("LR 0.0316 -> 0.316", ""), Status.DISCARD, 1.2).toBuilder()
                .parent("c2").startedAt(Instant.EPOCH.plusSeconds(4)).build();
        ResearchState overshot = history(lrUpKept, hiddenUpKept, lrUpLost);
        int moved = 0;
        java.util.Set<String> oneLane = new java.util.TreeSet<>();
        for (long seed = 0; seed < 12; seed++) {
            ParameterTuner tuner = ParameterTuner.create(PARAMS, seed);
            Hypothesis inFlight = new Hypothesis("HIDDEN 12 -> 43", "");
            Hypothesis h = tuner.propose(context(tuner, overshot.withPending(pending(4, inFlight)), dir));
            if (h.title().startsWith("LR ")) {
                assertThat(h.rationale()).as("seed " + seed).startsWith("Raise LR by a factor of 3.16").contains("step of 1/8");
                moved++;
            }
            Hypothesis alone = tuner.propose(context(tuner, overshot, dir));
            if (alone.title().startsWith("LR ")) {
                oneLane.add(alone.rationale().split(" ")[0]);
            }
        }
        assertThat(moved).as("proposals that move LR").isGreaterThan(1);
        assertThat(oneLane).as("one lane draws the way, as it always has").contains("Raise", "Lower");
    }

    @Test
    void whileOtherLanesRunAParameterThatOvershotByTheSmallestStepGoesTheOtherWay() throws IOException {
        // HIDDEN was raised and kept, then raised by one (the smallest step) and lost, then LR was kept:
        // on the new configuration HIDDEN 10 -> 11 is untried, but the optimum lies below, not above.
        Path dir = repo("a", TRAIN_PY.replace("HIDDEN = 8 ", "HIDDEN = 10").replace("LR = 0.01", "LR = 0.0316"));
        ExperimentRecord hiddenUpKept = record(1, new Hypothesis("HIDDEN 8 -> 10", ""), Status.KEEP, 0.9).withParent("c0");
        ExperimentRecord hiddenUpLost = record(2, new Hypothesis("HIDDEN 10 -> 11", ""), Status.DISCARD, 0.95).toBuilder()
                .parent("c1").startedAt(Instant.EPOCH.plusSeconds(2)).build();
        ExperimentRecord lrUpKept = record(3, new Hypothesis("LR 0.01 -> 0.0316", ""), Status.KEEP, 0.8).toBuilder()
                .parent("c1").startedAt(Instant.EPOCH.plusSeconds(4)).build();
        ExperimentRecord momentumLost = record(4, new Hypothesis("MOMENTUM 0.5 -> 0.376", ""), Status.DISCARD, 0.85)
                .toBuilder().parent("c3").startedAt(Instant.EPOCH.plusSeconds(6)).build();
        ResearchState overshot = history(hiddenUpKept, hiddenUpLost, lrUpKept, momentumLost);
        java.util.Set<String> ways = new java.util.TreeSet<>();
        for (long seed = 0; seed < 12; seed++) {
            ParameterTuner tuner = ParameterTuner.create(PARAMS, seed);
            Hypothesis inFlight = new Hypothesis("MOMENTUM 0.5 -> 0.624", "");
            Hypothesis h = tuner.propose(context(tuner, overshot.withPending(pending(5, inFlight)), dir));
            if (h.title().startsWith("HIDDEN ")) {
                ways.add(h.rationale().split(" ")[0]);
            }
        }
        assertThat(ways).as("the way of proposals that move HIDDEN").containsExactly("Lower");
    }

    @Test
    void lossesOfOneConstantMeasuredSideBySideShrinkItsStepOnce() throws IOException {
        Path dir = repo("a", TRAIN_PY);
        int seen = 0;
        for (boolean sideBySide : new boolean[] {true, false}) {
            // LR raised and lowered from the baseline: by two lanes at once, or one after the other on one lane.
            ExperimentRecord up = record(1, new Hypothesis("LR 0.01 -> 0.0316", ""), Status.DISCARD, 1.2).toBuilder()
                    .parent("c0").startedAt(Instant.EPOCH).duration(Duration.ofSeconds(4)).build();
            ExperimentRecord down = record(2, new Hypothesis("LR 0.01 -> 0.00316", ""), Status.DISCARD, 1.3).toBuilder()
                    .parent("c0").startedAt(Instant.EPOCH.plusSeconds(sideBySide ? 1 : 5))
                    .duration(Duration.ofSeconds(4)).build();
            for (long seed = 0; seed < 6; seed++) {
                List<String> moves = lrMoves(ParameterTuner.create(PARAMS, seed), dir, history(up, down));
                assertThat(moves).as("seed " + seed).allMatch(r -> r.contains(sideBySide ? "shrunk to 1/16"
                        : "shrunk to 1/32"));
                seen += moves.size();
            }
        }
        assertThat(seen).as("proposals that move LR").isGreaterThan(10);
    }

    @Test
    void aProposalTheLoopSentBackAsCodeMeasuredAlreadyIsNotProposedAgain() throws IOException {
        // Under lanes a win is measured first on an older champion, then made again on a newer one: the
        // code of its first measurement is not in the tuner's history, only the loop knows it was measured.
        Path dir = repo("a", TRAIN_PY);
        for (long seed = 0; seed < 6; seed++) {
            ParameterTuner tuner = ParameterTuner.create(PARAMS, seed);
            ResearchContext first = context(tuner, history(), dir);
            Hypothesis refused = tuner.propose(first);

            Hypothesis again = tuner.propose(first.withRefusal(new Refusal(refused, OptionalInt.of(1),
                    "makes exactly the same code as experiment 1")));

            assertThat(again.title()).as("seed " + seed).isNotEqualTo(refused.title());
        }
    }

    /** #1 (HIDDEN 8 -> 12) started at 2 s and was kept at 3 s; #2 (LR 0.01 -> 0.0316), started at {@code second}, kept on it. */
    private static ResearchState roundOfTwo(Instant second) {
        ExperimentRecord hidden = record(1, new Hypothesis("HIDDEN 8 -> 12", ""), Status.KEEP, 0.9).toBuilder()
                .parent("c0").startedAt(Instant.EPOCH.plusSeconds(2)).build();
        ExperimentRecord lr = record(2, new Hypothesis("LR 0.01 -> 0.0316", ""), Status.KEEP, 0.8).toBuilder()
                .parent("c1").startedAt(second).duration(Duration.ofSeconds(4)).build();
        return history(hidden, lr);
    }

    private static dev.autoresearch.core.PendingExperiment pending(int n, Hypothesis h) {
        return dev.autoresearch.core.PendingExperiment.builder().experiment(n).hypothesis(h).strategy("tune")
                .parent("c2").commit("c" + n).proposedAt(Instant.EPOCH.plusSeconds(20)).build();
    }

    /** The rationales of the next proposals that change LR, asked for as experiments 3 to 8 would be. */
    private static List<String> lrMoves(ParameterTuner tuner, Path dir, ResearchState state) {
        List<String> rationales = new java.util.ArrayList<>();
        for (int n = 3; n <= 8; n++) {
            ProgramSpec spec = ProgramSpec.builder().metric("loss").direction(Direction.MINIMIZE).run("true")
                    .tune(tuner.parameters()).build();
            Hypothesis h = tuner.propose(new ResearchContext(spec, state, n, dir, dir.resolve(".autoresearch/t")));
            if (h.title().startsWith("LR ")) {
                rationales.add(h.rationale());
            }
        }
        return rationales;
    }

    @Test
    void aLinearScaleStepsByAnEighthOfTheRange() throws IOException {
        ParameterTuner tuner = ParameterTuner.create(List.of(PARAMS.get(2)), 0);
        Hypothesis h = tuner.propose(context(tuner, history(), repo("a", TRAIN_PY)));
        assertThat(h.title()).isIn("MOMENTUM 0.5 -> 0.624", "MOMENTUM 0.5 -> 0.376");
        Matcher m = TITLE.matcher(h.title());
        assertThat(m.matches()).isTrue();
        assertThat(Math.abs(Double.parseDouble(m.group(3)) - 0.5)).isCloseTo(0.99 / 8, within(0.001));
    }

    @Test
    void anIntScaleGivesWholeNumbersWithinItsRange() throws IOException {
        Path dir = repo("a", TRAIN_PY);
        ParameterTuner tuner = ParameterTuner.create(List.of(PARAMS.get(1)), 0);
        Hypothesis h = tuner.propose(context(tuner, history(), dir));
        assertThat(h.title()).isIn("HIDDEN 8 -> 24", "HIDDEN 8 -> 4");
        MutationResult r = tuner.mutate(h, context(tuner, history(), dir));
        assertThat(r).isInstanceOf(MutationResult.Applied.class);
        String content = ((MutationResult.Applied) r).change().files().get("train.py");
        assertThat(content).as("the comment stays in its column").isEqualTo(TRAIN_PY.replace(
                "HIDDEN = 8         # hidden units", String.format("HIDDEN = %-10s# hidden units", h.plan().substring(7))));
    }

    @Test
    void everyValueStaysInItsRangeAndIntegersStayWhole() throws IOException {
        Bench bench = new Bench(repo("a", TRAIN_PY), ParameterTuner.create(PARAMS, 11), RUGGED);
        for (String title : bench.titlesUntilExhausted(120)) {
            Matcher m = TITLE.matcher(title);
            assertThat(m.matches()).isTrue();
            TunedParameter p = PARAMS.stream().filter(x -> x.name().equals(m.group(1))).findFirst().orElseThrow();
            double v = Double.parseDouble(m.group(3));
            assertThat(v).as(title).isBetween(p.low(), p.high());
            if (p.scale() == Scale.INT) {
                assertThat(m.group(3)).as(title).matches("\\d+");
            }
        }
    }

    // ----------------------------------------------------------------------- history and files

    @Test
    void titlesFromOtherStrategiesAreIgnored() throws IOException {
        ParameterTuner tuner = ParameterTuner.create(List.of(PARAMS.get(0)), 0);
        ResearchState state = history(record(1, "Use a cosine schedule", Status.KEEP));
        Hypothesis h = tuner.propose(context(tuner, state, repo("a", TRAIN_PY)));
        assertThat(h.title()).isIn("LR 0.01 -> 0.0316", "LR 0.01 -> 0.00316");
    }

    @Test
    void sameNamesInTwoFilesAreToldApartByTheirFile() throws IOException {
        Path dir = repo("a", "LR = 0.1\n", "a.py");
        Files.writeString(dir.resolve("b.py"), "LR = 0.2\n");
        ParameterTuner tuner = ParameterTuner.create(List.of(
                new TunedParameter("a.py", "LR", 0.01, 1, Scale.LOG),
                new TunedParameter("b.py", "LR", 0.01, 1, Scale.LOG)), 0);
        Hypothesis h = tuner.propose(context(tuner, history(), dir));
        assertThat(h.title()).matches("(a|b)\\.py:LR 0\\.[12] -> \\S+");
        MutationResult r = tuner.mutate(h, context(tuner, history(), dir));
        assertThat(((MutationResult.Applied) r).change().files()).containsOnlyKeys(h.title().substring(0, 4));
    }

    @Test
    void validateReportsEveryProblemWithFileParameterAndLine() throws IOException {
        Path dir = repo("a", "LR = 0.02 * 2\nHIDDEN = 8\nHIDDEN = 9\n");
        ParameterTuner tuner = ParameterTuner.create(List.of(
                new TunedParameter("train.py", "LR", 1e-4, 1, Scale.LOG),
                new TunedParameter("train.py", "HIDDEN", 4, 128, Scale.INT),
                new TunedParameter("train.py", "MOMENTUM", 0, 1, Scale.LINEAR),
                new TunedParameter("missing.py", "X", 0, 1, Scale.LINEAR)), 0);
        assertThatThrownBy(() -> tuner.validate(dir))
                .isInstanceOf(AutoresearchException.class)
                .hasMessage(String.join("\n",
                        "train.py:1: parameter LR is assigned an expression ('0.02 * 2'), not a number; "
                                + "tune needs a literal number such as 'LR = 0.04'",
                        "train.py: found 2 assignments of HIDDEN (lines 2 and 3); tune needs exactly one, "
                                + "so rename or remove the others",
                        "train.py: parameter MOMENTUM not found; expected an assignment such as 'MOMENTUM = 0.04'",
                        "missing.py: file not found (tune parameter X); tune files are relative to the repository root"));
        assertThatThrownBy(() -> tuner.propose(context(tuner, history(), dir)))
                .as("the first proposal makes the same check")
                .isInstanceOf(AutoresearchException.class)
                .hasMessageContaining("train.py:1: parameter LR");
    }

    @Test
    void validateChecksTheValueSuitsTheScale() throws IOException {
        Path dir = repo("a", "LR = 0\nN = 2.5\n");
        ParameterTuner tuner = ParameterTuner.create(List.of(
                new TunedParameter("train.py", "LR", 1e-4, 1, Scale.LOG),
                new TunedParameter("train.py", "N", 1, 10, Scale.INT)), 0);
        assertThatThrownBy(() -> tuner.validate(dir))
                .hasMessage("train.py:1: parameter LR is 0 but its scale is log, which needs a positive value; "
                        + "change the value or use scale linear\n"
                        + "train.py:2: parameter N is 2.5 but its scale is int; write a whole number or use scale linear");
        Files.writeString(dir.resolve("train.py"), "LR = 0.01\nN = 3\n");
        assertThat(tuner.validate(dir)).containsExactly(0.01, 3.0);
    }

    @Test
    void anIntegerTypedConstantNeedsScaleInt() throws IOException {
        Path dir = repo("a", "class Train {\n    static final int HIDDEN = 16;\n    static final long STEPS = 1000L;\n"
                + "    static final double LR = 0.5;\n}\n", "Train.java");
        ParameterTuner tuner = ParameterTuner.create(List.of(
                new TunedParameter("Train.java", "HIDDEN", 4, 64, Scale.LINEAR),
                new TunedParameter("Train.java", "STEPS", 100, 10_000, Scale.LOG),
                new TunedParameter("Train.java", "LR", 0.01, 1, Scale.LINEAR)), 0);

        assertThatThrownBy(() -> tuner.validate(dir))
                .isInstanceOf(AutoresearchException.class)
                .hasMessage("Train.java:2: parameter HIDDEN is an integer (declared int) but its scale is linear, "
                        + "which writes fractions such as 17.3 that would not compile; use scale int\n"
                        + "Train.java:3: parameter STEPS is an integer (declared long) but its scale is log, "
                        + "which writes fractions such as 1001.3 that would not compile; use scale int");

        ParameterTuner fixed = ParameterTuner.create(List.of(
                new TunedParameter("Train.java", "HIDDEN", 4, 64, Scale.INT),
                new TunedParameter("Train.java", "STEPS", 100, 10_000, Scale.INT),
                new TunedParameter("Train.java", "LR", 0.01, 1, Scale.LINEAR)), 0);
        assertThat(fixed.validate(dir)).containsExactly(16.0, 1000.0, 0.5);
    }

    @Test
    void validateReadsTheContentsItIsGivenByNormalisedPath() {
        ParameterTuner tuner = ParameterTuner.create(List.of(
                new TunedParameter("./src/train.py", "LR", 1e-4, 1, Scale.LOG),
                new TunedParameter("missing.py", "X", 0, 1, Scale.LINEAR)), 0);
        List<String> asked = new ArrayList<>();

        assertThatThrownBy(() -> tuner.validate(file -> {
            asked.add(file);
            return file.equals("src/train.py") ? java.util.Optional.of("LR = 0.5\n") : java.util.Optional.empty();
        })).hasMessage("missing.py: file not found (tune parameter X); tune files are relative to the repository root");
        assertThat(asked).containsExactly("src/train.py", "missing.py");
        assertThat(ParameterTuner.create(List.of(tuner.parameters().get(0)), 0)
                .validate(file -> java.util.Optional.of("LR = 0.5\n"))).containsExactly(0.5);
    }

    @Test
    void aPythonIntegerMayBeTunedOnAContinuousScale() throws IOException {
        Path dir = repo("a", "HIDDEN: int = 16\nDEPTH = 8\n");
        ParameterTuner tuner = ParameterTuner.create(List.of(
                new TunedParameter("train.py", "HIDDEN", 4, 64, Scale.LINEAR),
                new TunedParameter("train.py", "DEPTH", 1, 64, Scale.LOG)), 0);

        assertThat(tuner.validate(dir)).containsExactly(16.0, 8.0);
    }

    @Test
    void mutateRewritesOnlyTheNumberAndExplainsWhatItCannotDo() throws IOException {
        Path dir = repo("a", TRAIN_PY);
        ParameterTuner tuner = ParameterTuner.create(PARAMS, 0);
        ResearchContext context = context(tuner, history(), dir);

        MutationResult ok = tuner.mutate(new Hypothesis("LR 0.01 -> 0.03", "", "LR=0.03", TokenUsage.ZERO), context);
        assertThat(((MutationResult.Applied) ok).change().files())
                .containsExactly(Map.entry("train.py", TRAIN_PY.replace("LR = 0.01 ", "LR = 0.03 ")));
        assertThat(Files.readString(dir.resolve("train.py"))).as("the mutator writes nothing").isEqualTo(TRAIN_PY);

        assertThat(tuner.mutate(new Hypothesis("Use Adam", "because"), context))
                .isEqualTo(new MutationResult.Failed("not a tune plan: ''; expected NAME=number for one of LR, HIDDEN, MOMENTUM"));
        assertThat(tuner.mutate(new Hypothesis("x", "", "LR=0.01", TokenUsage.ZERO), context))
                .isEqualTo(new MutationResult.Failed("train.py:2: LR is already 0.01"));

        Files.writeString(dir.resolve("train.py"), TRAIN_PY.replace("LR = 0.01", "LR = BASE_LR * 2"));
        assertThat(tuner.mutate(new Hypothesis("x", "", "LR=0.03", TokenUsage.ZERO), context))
                .isInstanceOf(MutationResult.Failed.class)
                .extracting(r -> ((MutationResult.Failed) r).reason()).asString()
                .startsWith("train.py:2: parameter LR is assigned an expression ('BASE_LR * 2')");
    }

    @Test
    void aTunerNeedsParametersEachDeclaredOnce() {
        assertThatThrownBy(() -> ParameterTuner.create(List.of(), 0))
                .isInstanceOf(AutoresearchException.class).hasMessageContaining("under 'tune'");
        assertThatThrownBy(() -> ParameterTuner.create(List.of(PARAMS.get(0), PARAMS.get(0)), 0))
                .isInstanceOf(AutoresearchException.class).hasMessage("tune declares parameter LR of train.py twice; keep one entry");
    }

    // ---------------------------------------------------------------------------------- helpers

    private Path repo(String name, String content) throws IOException {
        return repo(name, content, "train.py");
    }

    private Path repo(String name, String content, String file) throws IOException {
        Path dir = Files.createDirectories(temp.resolve(name));
        Files.writeString(dir.resolve(file), content, StandardCharsets.UTF_8);
        return dir;
    }

    private static ResearchContext context(ParameterTuner tuner, ResearchState state, Path dir) {
        ProgramSpec spec = ProgramSpec.builder().metric("loss").direction(Direction.MINIMIZE).run("true")
                .tune(tuner.parameters()).build();
        return new ResearchContext(spec, state, state.nextExperiment(), dir, dir.resolve(".autoresearch/t"));
    }

    private static ResearchState history(ExperimentRecord... records) {
        ResearchState s = ResearchState.empty().with(record(0, Hypothesis.baseline(), Status.KEEP, 1.0));
        for (ExperimentRecord r : records) {
            s = s.with(r);
        }
        return s;
    }

    private static ExperimentRecord record(int n, String title, Status status) {
        return record(n, new Hypothesis(title, ""), status, status == Status.KEEP ? 0.5 : 2.0);
    }

    private static ExperimentRecord record(int n, Hypothesis h, Status status, double metric) {
        return TestRecords.record(n).status(status).metric(status.isFailure() ? OptionalDouble.empty()
                : OptionalDouble.of(metric)).hypothesis(h).strategy(n == 0 ? "baseline" : "tune")
                .duration(Duration.ofSeconds(1)).build();
    }

    /** The loop in miniature: propose, mutate, measure an objective of the values, keep or discard. */
    private static final class Bench {
        final Path dir;
        final ToDoubleFunction<List<Double>> objective;
        ParameterTuner tuner;
        ResearchState state;
        double best;
        final List<List<Double>> configurations = new ArrayList<>();

        Bench(Path dir, ParameterTuner tuner, ToDoubleFunction<List<Double>> objective) {
            this.dir = dir;
            this.tuner = tuner;
            this.objective = objective;
            List<Double> values = tuner.validate(dir);
            configurations.add(values);
            best = objective.applyAsDouble(values);
            state = ResearchState.empty().with(record(0, Hypothesis.baseline(), Status.KEEP, best));
        }

        ResearchContext context() {
            return ParameterTunerTest.context(tuner, state, dir);
        }

        ExperimentRecord step() {
            ResearchContext context = context();
            Hypothesis h = tuner.propose(context);
            MutationResult.Applied applied = (MutationResult.Applied) tuner.mutate(h, context);
            try {
                Path scratch = Files.createTempDirectory(dir.getParent(), "scratch");
                try (var files = Files.list(dir)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        if (Files.isRegularFile(f)) {
                            Files.copy(f, scratch.resolve(f.getFileName()));
                        }
                    }
                }
                for (Map.Entry<String, String> e : applied.change().files().entrySet()) {
                    Files.writeString(scratch.resolve(e.getKey()), e.getValue());
                }
                List<Double> values = tuner.validate(scratch);
                configurations.add(values);
                double metric = objective.applyAsDouble(values);
                Status status = metric < best ? Status.KEEP : Status.DISCARD;
                if (status == Status.KEEP) {
                    best = metric;
                    for (Map.Entry<String, String> e : applied.change().files().entrySet()) {
                        Files.writeString(dir.resolve(e.getKey()), e.getValue());
                    }
                }
                ExperimentRecord r = record(state.nextExperiment(), h, status, metric);
                state = state.with(r);
                return r;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        List<String> titlesUntilExhausted(int n) {
            List<String> titles = new ArrayList<>();
            try {
                for (int i = 0; i < n; i++) {
                    titles.add(step().hypothesis().title());
                }
            } catch (AutoresearchException e) {
                assertThat(e).hasMessageStartingWith("the tune search space is exhausted");
            }
            return titles;
        }

        List<String> titles(int n) {
            List<String> titles = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                titles.add(step().hypothesis().title());
            }
            return titles;
        }
    }
}
