package dev.autoresearch.core.lanes;

import dev.autoresearch.core.CodeMutator;
import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.HypothesisGenerator;
import dev.autoresearch.core.MutationResult;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.StopCriteria;
import dev.autoresearch.core.TokenUsage;
import dev.autoresearch.core.TunedParameter;
import dev.autoresearch.core.journal.Journal;
import dev.autoresearch.core.testing.InProcessRunner;
import dev.autoresearch.core.testing.InProcessRunner.Outcome;
import dev.autoresearch.core.testing.SimpleMetrics;
import dev.autoresearch.core.testing.StaleParentRace;
import dev.autoresearch.core.testing.TestRepo;
import dev.autoresearch.core.tune.ParameterTuner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two lanes change constants on neighbouring lines of one file: the second change, measured on the
 * baseline while the first was kept, beats its parent, and its cherry-pick onto the new champion
 * conflicts (git sees adjacent lines as one hunk). It is made again on the champion from its plan,
 * measured there, and kept when it wins there too; superseded only when it cannot be made at all.
 */
class ConflictingReplayTest {
    @TempDir
    Path dir;

    TestRepo repo;

    /** Runs of experiment 2, its first and any made again. */
    final java.util.concurrent.atomic.AtomicInteger secondRuns = new java.util.concurrent.atomic.AtomicInteger();

    static final List<TunedParameter> PARAMETERS = List.of(
            new TunedParameter("train.py", "LR", 0.0001, 0.1, TunedParameter.Scale.LOG),
            new TunedParameter("train.py", "DEPTH", 1, 16, TunedParameter.Scale.INT));

    @BeforeEach
    void setUp() {
        repo = TestRepo.init(dir.resolve("project"));
        repo.write("train.py", "LR = 0.002\nDEPTH = 4\nWARMUP = 10\n").write("program.md", "---\nmetric: loss\n---\n");
        repo.commitAll("initial");
    }

    /** The loss falls as LR nears 0.004 and DEPTH nears 6; the two gains add up. */
    static String loss(Path worktree) throws Exception {
        String text = Files.readString(worktree.resolve("train.py"));
        double lr = value(text, "LR");
        double depth = value(text, "DEPTH");
        double loss = 2.0 + Math.abs(Math.log(lr / 0.004)) + 0.1 * Math.abs(depth - 6);
        return String.format(Locale.ROOT, "loss: %.6f%n", loss);
    }

    static double value(String text, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + " = (\\S+)$").matcher(text);
        assertThat(m.find()).as(name + " in train.py").isTrue();
        return Double.parseDouble(m.group(1));
    }

    ProgramSpec spec() {
        return ProgramSpec.builder().source(repo.root().resolve("program.md")).metric("loss")
                .direction(Direction.MINIMIZE).run("./train").editable("train.py").tune(PARAMETERS)
                .stop(StopCriteria.DEFAULT.withMaxExperiments(2)).build();
    }

    /** Proposes the given tuner moves in order, as the tuner's own hypotheses would read. */
    static HypothesisGenerator moves(String... titlesAndPlans) {
        return context -> {
            int i = (context.experiment() - 1) * 2;
            return new Hypothesis(titlesAndPlans[i], "scripted", titlesAndPlans[i + 1], TokenUsage.ZERO);
        };
    }

    /** Experiment 1 is kept while experiment 2, made on the baseline, still runs. */
    ResearchReport staleParent(HypothesisGenerator generator, CodeMutator mutator) {
        StaleParentRace race = new StaleParentRace();
        return ResearchLoop.builder().repository(repo.root()).tag("c").program(spec()).strategy(generator, mutator)
                .runner(race.runner(request -> {
                    if (request.experiment() == 2) {
                        secondRuns.incrementAndGet();
                    }
                    return Outcome.ok(loss(request.workingDirectory()));
                }))
                .metrics(SimpleMetrics.summaryLines()).workers(2).listener(race.listener()).build().run();
    }

    @Test
    void aWinOnANeighbouringLineIsMadeAgainFromTheTunersAssignmentAndKept() {
        ResearchReport report = staleParent(moves("LR 0.002 -> 0.004", "LR=0.004", "DEPTH 4 -> 6", "DEPTH=6"),
                ParameterTuner.create(PARAMETERS, 0));
        ExperimentRecord first = report.state().record(1).orElseThrow();
        ExperimentRecord second = report.state().record(2).orElseThrow();
        assertThat(first.status()).isEqualTo(Status.KEEP);
        assertThat(second.status()).as(second.reason()).isEqualTo(Status.KEEP);
        assertThat(second.reason()).contains("made again on #1").doesNotContain("superseded");
        assertThat(second.parent()).isEqualTo(first.commit());
        assertThat(second.metric().getAsDouble()).as("measured on the champion: both gains").isEqualTo(2.0);
        assertThat(repo.git("show", "autoresearch/c:train.py")).isEqualTo("LR = 0.004\nDEPTH = 6\nWARMUP = 10");
        assertThat(repo.git("rev-parse", "autoresearch/c")).isEqualTo(second.commit());
        assertThat(repo.read(".autoresearch/c/patches/2.diff")).contains("+DEPTH = 6").doesNotContain("+LR");
    }

    @Test
    void aValueTheChampionMovedIsMadeAgainFromWhereItIsNowAndItsTitleSaysSo() {
        // #1 moves DEPTH to 5; #2, made on the baseline, moves DEPTH to 6: on the champion that is 5 -> 6.
        ResearchReport report = staleParent(moves("DEPTH 4 -> 5", "DEPTH=5", "DEPTH 4 -> 6", "DEPTH=6"),
                ParameterTuner.create(PARAMETERS, 0));
        ExperimentRecord second = report.state().record(2).orElseThrow();
        assertThat(second.status()).as(second.reason()).isEqualTo(Status.KEEP);
        assertThat(second.hypothesis().title()).isEqualTo("DEPTH 5 -> 6");
        assertThat(Journal.read(repo.root().resolve(".autoresearch/c/journal.jsonl")).records())
                .filteredOn(r -> r.experiment() == 2).singleElement()
                .satisfies(r -> assertThat(r.hypothesis().title()).isEqualTo("DEPTH 5 -> 6"));
        assertThat(repo.git("log", "-1", "--format=%s", "autoresearch/c")).contains("DEPTH 5 -> 6");
    }

    @Test
    void aWinThatChangedTheSameLineAsABetterKeepOfItsParentIsNotMadeAgain() {
        // #1 moves DEPTH to 6 (2.693) and is kept; #2 moved it to 5 from the same baseline (2.793): it beat the
        // baseline, but made on the champion it would be DEPTH 6 -> 5, a step back from the better of two values.
        ResearchReport report = staleParent(moves("DEPTH 4 -> 6", "DEPTH=6", "DEPTH 4 -> 5", "DEPTH=5"),
                ParameterTuner.create(PARAMETERS, 0));
        ExperimentRecord second = report.state().record(2).orElseThrow();
        assertThat(second.status()).isEqualTo(Status.DISCARD);
        assertThat(second.reason()).startsWith("beat its parent").contains("not made again")
                .contains("#1 changed the same lines on the same parent and did better there (2.69315)")
                .doesNotContain("superseded");
        assertThat(second.parent()).as("measured on its own parent").isEqualTo(report.state().baseline().orElseThrow().commit());
        assertThat(second.metric().getAsDouble()).isCloseTo(2.793147, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(second.hypothesis().title()).isEqualTo("DEPTH 4 -> 5");
        assertThat(report.state().experimentsRun()).isEqualTo(2);
        assertThat(secondRuns).as("#2 measured on the baseline only, not again on the champion").hasValue(1);
    }

    @Test
    void aChangeThatCannotBeMadeOnTheChampionIsSupersededAndItsRecordSaysWhy() {
        // #2 sets DEPTH to the value #1 kept: on the champion there is nothing left to change.
        ResearchReport report = staleParent(moves("DEPTH 4 -> 6", "DEPTH=6", "DEPTH 4 -> 6 again", "DEPTH=6"),
                duplicateFree(ParameterTuner.create(PARAMETERS, 0)));
        ExperimentRecord second = report.state().record(2).orElseThrow();
        assertThat(second.status()).isEqualTo(Status.DISCARD);
        assertThat(second.reason()).contains("superseded").contains("cannot be made on it")
                .contains("DEPTH is already 6");
        assertThat(second.parent()).as("measured on its own parent").isEqualTo(report.state().baseline().orElseThrow().commit());
    }

    /**
     * The tuner's mutator, except that experiment 2's first making adds a trailing comment, so that
     * it is not refused as the same code as experiment 1 before it runs.
     */
    static CodeMutator duplicateFree(ParameterTuner tuner) {
        return (hypothesis, context) -> {
            MutationResult made = tuner.mutate(hypothesis, context);
            if (context.experiment() == 2 && made instanceof MutationResult.Applied a
                    && !a.change().files().get("train.py").contains("LR = 0.004")) {
                String text = a.change().files().get("train.py");
                if (text.startsWith("LR = 0.002")) {
                    return new MutationResult.Applied(new dev.autoresearch.core.Change(
                            Map.of("train.py", text.replace("WARMUP = 10", "WARMUP = 10  # second"))));
                }
            }
            return made;
        };
    }
}
