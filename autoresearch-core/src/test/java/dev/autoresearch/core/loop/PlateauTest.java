package dev.autoresearch.core.loop;

import dev.autoresearch.core.Change;
import dev.autoresearch.core.CodeMutator;
import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.HypothesisGenerator;
import dev.autoresearch.core.MutationResult;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchContext;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.StopCriteria;
import dev.autoresearch.core.StopReason;
import dev.autoresearch.core.keep.KeepSettings;
import dev.autoresearch.core.search.SearchSettings;
import dev.autoresearch.core.testing.InProcessRunner;
import dev.autoresearch.core.testing.InProcessRunner.Outcome;
import dev.autoresearch.core.testing.SimpleMetrics;
import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A strategy out of new ideas: its repeats are refused, and the session takes its plateau action,
 * not a crash streak. The stand-in model sees the constant in {@code x.txt} and proposes one up or one
 * down; the metric is best where it starts, so once both neighbours are measured it only repeats.
 */
class PlateauTest {
    @TempDir
    Path dir;

    TestRepo repo;
    final InProcessRunner runner = new InProcessRunner(request -> Outcome.ok("score: "
            + Math.abs(Integer.parseInt(Files.readString(request.workingDirectory().resolve("x.txt")).strip()) - 5)
            + "\n"));

    /** Proposes the neighbour of the value it sees, up on odd experiments, down on even ones; told no, it says it again. */
    static final class Neighbours implements HypothesisGenerator, CodeMutator {
        final List<ResearchContext> asked = new CopyOnWriteArrayList<>();

        @Override
        public Hypothesis propose(ResearchContext context) {
            asked.add(context);
            int x = read(context);
            int to = context.experiment() % 2 == 1 ? x + 1 : x - 1;
            return new Hypothesis("x " + x + " -> " + to, "a small move", Integer.toString(to),
                    dev.autoresearch.core.TokenUsage.ZERO);
        }

        @Override
        public MutationResult mutate(Hypothesis hypothesis, ResearchContext context) {
            return new MutationResult.Applied(Change.of("x.txt", hypothesis.plan() + "\n"));
        }

        private static int read(ResearchContext context) {
            try {
                return Integer.parseInt(Files.readString(context.worktree().resolve("x.txt")).strip());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @BeforeEach
    void setUp() {
        repo = TestRepo.init(dir.resolve("project"));
        repo.write("x.txt", "5\n").write("program.md", "---\nmetric: score\n---\n").commitAll("initial");
    }

    ResearchReport run(Neighbours strategy, SearchSettings search, int maxExperiments) {
        ProgramSpec spec = ProgramSpec.builder().source(repo.root().resolve("program.md")).metric("score")
                .direction(Direction.MINIMIZE).run("./train").editable("x.txt")
                .keep(KeepSettings.DEFAULT.withRule(KeepSettings.Rule.GREEDY)).search(search)
                .stop(StopCriteria.DEFAULT.withMaxExperiments(maxExperiments)).build();
        return ResearchLoop.builder().repository(repo.root()).tag("t1").program(spec).strategy(strategy, strategy)
                .runner(runner).metrics(SimpleMetrics.summaryLines()).build().run();
    }

    @Test
    void repeatsRefusedAreAPlateauNotACrashStreakAndTheSessionRunsItsBudget() {
        ResearchReport report = run(new Neighbours(), SearchSettings.DEFAULT, 14);

        assertThat(report.stopReason().kind()).as(report.stopReason().message())
                .isEqualTo(StopReason.Kind.MAX_EXPERIMENTS);
        List<ExperimentRecord> refused = report.state().history().stream()
                .filter(r -> r.reason().contains("repeated what was measured")).toList();
        assertThat(refused).hasSizeGreaterThan(8);
        assertThat(refused).allSatisfy(r -> assertThat(r.status()).isEqualTo(Status.DISCARD));
        assertThat(report.state().failureStreak()).isZero();
    }

    @Test
    void onAPlateauATreeTakesTheSameStrategyToOtherNodesWhereItFindsNewCode() {
        SearchSettings plateauAt4 = SearchSettings.DEFAULT.withPlateau(4);
        ResearchReport greedy = run(new Neighbours(), plateauAt4, 14);
        repo = TestRepo.init(dir.resolve("tree"));
        repo.write("x.txt", "5\n").write("program.md", "---\nmetric: score\n---\n").commitAll("initial");
        ResearchReport tree = run(new Neighbours(), plateauAt4.withKind(SearchSettings.Kind.TREE), 14);

        assertThat(tree.stopReason().kind()).isEqualTo(StopReason.Kind.MAX_EXPERIMENTS);
        assertThat(measured(tree)).as("distinct code measured").isGreaterThan(measured(greedy));
    }

    static long measured(ResearchReport report) {
        return report.state().history().stream().filter(r -> r.metric().isPresent()).count();
    }

    @Test
    void onPlateauStopEndsTheSessionWithReasonPlateauWhichIsNoFailure() {
        ResearchReport report = run(new Neighbours(), SearchSettings.DEFAULT.withPlateau(6)
                .withOnPlateau(SearchSettings.OnPlateau.STOP), 40);

        assertThat(report.stopReason().kind()).isEqualTo(StopReason.Kind.PLATEAU);
        assertThat(report.stopReason().isFailure()).isFalse();
        assertThat(report.stopReason().message()).contains("6 experiments in a row brought no keep")
                .contains("on-plateau: explore");
        assertThat(report.state().experimentsRun()).isEqualTo(6);
    }

    @Test
    void onPlateauExploreTellsTheStrategyWhatWasTriedFromWhereItStarts() {
        Neighbours strategy = new Neighbours();
        run(strategy, SearchSettings.DEFAULT.withPlateau(4), 6);

        ResearchContext before = strategy.asked.get(0);
        assertThat(before.search().plateau()).isFalse();
        ResearchContext on = strategy.asked.stream().filter(c -> c.experiment() == 6).findFirst().orElseThrow();
        assertThat(on.search().plateau()).as("4 experiments without a keep before #6").isTrue();
        assertThat(on.search().start().orElseThrow().isBaseline()).isTrue();
        assertThat(on.search().triedFrom()).extracting(r -> r.hypothesis().title())
                .contains("x 5 -> 6", "x 5 -> 4");
    }
}
