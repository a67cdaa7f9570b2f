package dev.autoresearch.core.loop;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.StopReason;
import dev.autoresearch.core.journal.Journal;
import dev.autoresearch.core.search.Migration;
import dev.autoresearch.core.testing.InProcessRunner;
import dev.autoresearch.core.testing.SimpleMetrics;
import dev.autoresearch.core.testing.TestRepo;
import dev.autoresearch.core.testing.TwoOptima;
import dev.autoresearch.core.tune.ParameterTuner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tree and island search through the real loop: the tuner on two integer constants whose landscape
 * has a local optimum near the start (at A = B = 1, value 3) and the global one far from it (at A = B =
 * 6, value 0). Deterministic runs, so that a resumed session can be compared with one never stopped.
 */
class SearchLoopTest {
    @TempDir
    Path dir;

    record Session(TestRepo repo, ResearchReport report) {
        ResearchState state() {
            return report.state();
        }
    }

    Session run(String name, String search, int experiments, TestRepo existing) {
        TestRepo repo = existing != null ? existing : TestRepo.init(dir.resolve(name));
        repo.write("program.md", TwoOptima.program(search, experiments));
        if (existing == null) {
            repo.write("params.py", TwoOptima.PARAMS).commitAll("initial");
        } else {
            repo.commitAll("more experiments");
        }
        return new Session(repo, session(repo.root(), -1));
    }

    /** The session of the repository's program.md; a run of experiment {@code hangAt} (-1: none) hangs. */
    static ResearchReport session(Path root, int hangAt) {
        return session(root, hangAt, TwoOptima::score);
    }

    /** The session of the repository's program.md on the landscape {@code score}; a run of {@code hangAt} hangs. */
    static ResearchReport session(Path root, int hangAt, ToDoubleFunction<List<Double>> score) {
        ProgramSpec spec = ProgramSpec.parse(root.resolve("program.md")).build();
        ParameterTuner tuner = ParameterTuner.create(spec.tune(), 7);
        InProcessRunner runner = new InProcessRunner(request -> {
            if (request.experiment() == hangAt) {
                java.nio.file.Files.writeString(root.resolveSibling("marker"), "in experiment " + hangAt);
                Thread.sleep(600_000);
            }
            double value = score.applyAsDouble(tuner.validate(request.workingDirectory()));
            return InProcessRunner.Outcome.ok("score: " + value + "\n");
        });
        return ResearchLoop.builder().repository(root).tag("t1").program(spec).strategy(tuner)
                .runner(runner).metrics(SimpleMetrics.summaryLines()).workers(1).build().run();
    }

    /** A session killed with SIGKILL while experiment {@code hangAt} runs, then resumed to {@code experiments}. */
    Session killedThenResumed(String name, String search, int hangAt, int experiments) throws Exception {
        TestRepo repo = TestRepo.init(dir.resolve(name).resolve("project"));
        repo.write("program.md", TwoOptima.program(search, experiments)).write("params.py", TwoOptima.PARAMS)
                .commitAll("initial");
        java.nio.file.Files.writeString(dir.resolve(name).resolve("hang-at"), Integer.toString(hangAt));
        dev.autoresearch.core.testing.KilledJvm.killWhen(KilledSearchMain.class, repo.root(),
                dir.resolve(name).resolve("marker"), dir.resolve(name).resolve("child.log"), m -> true);
        assertThat(Journal.read(repo.root().resolve(".autoresearch/t1/journal.jsonl")).runs()).containsKey(hangAt);
        return new Session(repo, session(repo.root(), -1));
    }

    static List<String> titles(ResearchState state) {
        return state.byNumber().stream().map(r -> r.experiment() + " " + r.hypothesis().title() + " "
                + r.status().keyword() + " on #" + state.parentOf(r).map(ExperimentRecord::experiment).orElse(-1)
                + " island " + r.island()).toList();
    }

    @Test
    void greedyEndsAtTheLocalOptimumWhereTheTreeGoesOnAndKeepsEveryNodeUnderARef() {
        Session greedy = run("greedy", "search: greedy", 40, null);
        Session tree = run("tree", "search: tree", 40, null);

        assertThat(greedy.report().stopReason().kind()).isEqualTo(StopReason.Kind.STRATEGY_EXHAUSTED);
        assertThat(tree.report().stopReason().kind()).as(tree.report().stopReason().message())
                .isEqualTo(StopReason.Kind.MAX_EXPERIMENTS);
        double greedyBest = greedy.state().best().orElseThrow().metric().getAsDouble();
        double treeBest = tree.state().best().orElseThrow().metric().getAsDouble();
        assertThat(treeBest).isLessThanOrEqualTo(greedyBest);

        ResearchState s = tree.state();
        Set<String> nodes = new HashSet<>();
        for (ExperimentRecord r : s.history()) {
            if (r.metric().isPresent()) {
                nodes.add(r.commit());
            }
        }
        assertThat(s.history()).allSatisfy(r -> assertThat(nodes).as("#%d's parent is a node", r.experiment())
                .contains(r.parent()));
        assertThat(s.history().stream().filter(r -> !r.isBaseline() && s.nodeOf(r.parent()).orElseThrow().status()
                == Status.DISCARD)).as("some experiments start from a discarded node").isNotEmpty();
        ExperimentRecord best = s.best().orElseThrow();
        assertThat(s.history().stream().filter(r -> r.status() == Status.KEEP)
                .mapToDouble(r -> r.metric().getAsDouble()).min().orElseThrow())
                .as("the champion is the best kept node").isEqualTo(best.metric().getAsDouble());
        assertThat(tree.repo().git("rev-parse", "autoresearch/t1")).isEqualTo(best.commit());
        for (ExperimentRecord r : s.history()) {
            if (r.metric().isPresent() && !r.isBaseline()) {
                assertThat(tree.repo().git("rev-parse", "autoresearch/t1/node-" + r.experiment())).isEqualTo(r.commit());
            }
        }
    }

    @Test
    void aTreeResumedMidwayGoesOnExactlyAsOneNeverStopped() {
        Session whole = run("whole", "search: tree", 24, null);
        Session half = run("halves", "search: tree", 11, null);
        Session resumed = run("halves", "search: tree", 24, half.repo());

        assertThat(titles(resumed.state())).isEqualTo(titles(whole.state()));
        assertThat(Journal.read(resumed.repo().root().resolve(".autoresearch/t1/journal.jsonl")).records())
                .extracting(ExperimentRecord::champion).isEqualTo(whole.state().history().stream()
                        .map(ExperimentRecord::champion).toList());
    }

    @Test
    void aTreeKilledMidExperimentResumesExactlyAsOneNeverStopped() throws Exception {
        Session whole = run("whole", "search: tree", 20, null);
        Session resumed = killedThenResumed("killed", "search: tree", 12, 20);

        assertThat(titles(resumed.state())).isEqualTo(titles(whole.state()));
        assertThat(resumed.repo().git("rev-parse", "autoresearch/t1"))
                .isEqualTo(resumed.state().best().orElseThrow().commit());
        ExperimentRecord twelve = resumed.state().record(12).orElseThrow();
        assertThat(resumed.repo().git("rev-parse", "autoresearch/t1/node-12")).isEqualTo(twelve.commit());
    }

    @Test
    void anIslandBroughtABestThatHoldsItsOwnChangesTakesItAsItsChampionWithoutARun() {
        Session s = run("adopt", "search: islands\nislands: 3\nmigrate-every: 4", 16, null);
        ResearchState state = s.state();

        ExperimentRecord adopted = state.history().stream().filter(r -> r.strategy().equals(Migration.STRATEGY)
                && r.status() == Status.KEEP).findFirst().orElseThrow();
        ExperimentRecord migrant = state.keepOf(adopted.commit()).orElseThrow();
        assertThat(migrant.experiment()).isLessThan(adopted.experiment());
        assertThat(migrant.island()).isNotEqualTo(adopted.island());
        assertThat(adopted.champion()).isFalse();
        assertThat(adopted.log()).as("nothing was run").isEmpty();
        assertThat(adopted.metric()).isEqualTo(migrant.metric());
        assertThat(adopted.reason()).contains("nothing was run");
        assertThat(s.repo().git("rev-parse", "autoresearch/t1/island-" + adopted.island())).isEqualTo(migrant.commit());
        assertThat(state.history().stream().filter(r -> r.experiment() > adopted.experiment()
                && r.island() == adopted.island() && !r.strategy().equals(Migration.STRATEGY)))
                .as("the island goes on from the migrant").isNotEmpty()
                .allSatisfy(r -> assertThat(state.parentOf(r).orElseThrow().commit()).isNotEqualTo(
                        state.parentOf(adopted).orElseThrow().commit()));
    }

    @Test
    void aMigrantWhoseChangesConflictWithTheIslandsIsTakenWholeAndItsRecordSaysSo() {
        // Island 1's champion set A to 2 where island 2's best set it to 3: the merge conflicts, the
        // migrant's code is taken whole, and the island takes it without a run.
        TestRepo repo = TestRepo.init(dir.resolve("conflict"));
        repo.write("program.md", dev.autoresearch.core.testing.Separable.program(
                "search: islands\nislands: 2\nmigrate-every: 4", 12))
                .write("params.py", dev.autoresearch.core.testing.Separable.PARAMS).commitAll("initial");
        ResearchState state = session(repo.root(), -1, dev.autoresearch.core.testing.Separable::score).state();

        ExperimentRecord adopted = state.history().stream().filter(r -> r.strategy().equals(Migration.STRATEGY)
                && r.status() == Status.KEEP && r.log().isEmpty()).findFirst().orElseThrow();
        ExperimentRecord champion = state.parentOf(adopted).orElseThrow();
        assertThat(repo.git("show", champion.commit() + ":params.py")).contains("A = 2");
        assertThat(repo.git("show", adopted.commit() + ":params.py")).contains("A = 3");
        assertThat(adopted.reason()).contains("its changes conflict with those of this island's champion (#"
                + champion.experiment() + "), so its code is taken whole").contains("nothing was run")
                .doesNotContain("include");
    }

    @Test
    void islandsSearchFromTheirOwnChampionsMigrateTheBestAndResumeExactly() {
        String islands = "search: islands\nislands: 2\nmigrate-every: 5";
        Session whole = run("whole", islands, 30, null);
        ResearchState s = whole.state();

        assertThat(s.history().stream().filter(r -> !r.isBaseline()).map(ExperimentRecord::island).distinct())
                .containsExactlyInAnyOrder(1, 2);
        List<ExperimentRecord> migrations = s.history().stream()
                .filter(r -> r.strategy().equals(Migration.STRATEGY)).toList();
        assertThat(migrations).isNotEmpty();
        assertThat(migrations).allSatisfy(m -> {
            assertThat(m.hypothesis().title()).startsWith("Migrate island ");
            assertThat(m.experiment() % 5).isZero();
        });
        for (int island = 1; island <= 2; island++) {
            int i = island;
            ExperimentRecord champion = s.history().stream().filter(r -> r.status() == Status.KEEP && r.island() == i)
                    .reduce((a, b) -> b).orElseThrow();
            assertThat(whole.repo().git("rev-parse", "autoresearch/t1/island-" + island)).isEqualTo(champion.commit());
        }
        assertThat(whole.repo().git("rev-parse", "autoresearch/t1")).isEqualTo(s.best().orElseThrow().commit());

        Session half = run("halves", islands, 13, null);
        Session resumed = run("halves", islands, 30, half.repo());
        assertThat(titles(resumed.state())).isEqualTo(titles(s));
    }
}
