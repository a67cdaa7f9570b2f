package dev.autoresearch.core.loop;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.MetricExtractor;
import dev.autoresearch.core.Metrics;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.StopCriteria;
import dev.autoresearch.core.testing.InProcessRunner;
import dev.autoresearch.core.testing.InProcessRunner.Outcome;
import dev.autoresearch.core.testing.ScriptedStrategy;
import dev.autoresearch.core.testing.SimpleMetrics;
import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a run leaves in its worktree does not outlive it: tracked files it edited make its result
 * invalid (the code measured was not the commit's), and files it wrote are gone before the next run.
 */
class WorktreeAfterARunTest {
    @TempDir
    Path dir;

    TestRepo repo;

    @BeforeEach
    void setUp() {
        repo = TestRepo.init(dir.resolve("project"));
        repo.write("score.txt", "10\n").write(".gitignore", "*.cache\nresult.json\n")
                .write("program.md", "---\nmetric: score\n---\n").commitAll("initial");
    }

    ResearchReport session(ProgramSpec.Builder spec, InProcessRunner runner, String... scores) {
        return ResearchLoop.builder().repository(repo.root()).tag("t1")
                .program(spec.source(repo.root().resolve("program.md")).metric("score").direction(Direction.MINIMIZE)
                        .run("./train").editable("score.txt").build())
                .strategy(ScriptedStrategy.writing("score.txt", scores)).runner(runner)
                .metrics(SimpleMetrics.summaryLines()).build().run();
    }

    static String score(Path worktree) throws Exception {
        return "score: " + Files.readString(worktree.resolve("score.txt")).strip() + "\n";
    }

    @Test
    void aRunThatEditsTrackedFilesBeforeItMeasuresIsInvalidAndTheFilesAreRestored() throws Exception {
        InProcessRunner runner = new InProcessRunner(request -> {
            Path wt = request.workingDirectory();
            if (request.experiment() == 1) {
                // sed -i on the code before training: what is measured is not the commit.
                Files.writeString(wt.resolve("score.txt"), "1\n");
            }
            return Outcome.ok(score(wt));
        });
        assertTheFirstIsInvalidAndTheFilesRestored(runner);
    }

    /** Experiment 1's run edits score.txt: it is invalid, experiment 2 (8) is kept, and the worktree is clean. */
    void assertTheFirstIsInvalidAndTheFilesRestored(InProcessRunner runner) {
        ResearchReport report = session(ProgramSpec.builder().stop(StopCriteria.DEFAULT.withMaxExperiments(2)), runner,
                "9\n", "8\n");

        ExperimentRecord first = report.state().record(1).orElseThrow();
        assertThat(first.status()).isEqualTo(Status.INVALID);
        assertThat(first.reason()).contains("score.txt", "tracked");
        ExperimentRecord second = report.state().record(2).orElseThrow();
        assertThat(second.status()).isEqualTo(Status.KEEP);
        assertThat(second.metric()).hasValue(8.0);
        assertThat(report.bestMetric()).hasValue(8.0);
        assertThat(TestRepo.gitIn(repo.root().resolve(".autoresearch/t1/worktree"), "status", "--porcelain")).isEmpty();
    }

    @Test
    void aRunThatStagesItsEditOfATrackedFileIsInvalidAsWell() throws Exception {
        InProcessRunner runner = new InProcessRunner(request -> {
            Path wt = request.workingDirectory();
            if (request.experiment() == 1) {
                // The edit staged: the file is then as the index says, and only the index tells it from the commit.
                Files.writeString(wt.resolve("score.txt"), "1\n");
                TestRepo.gitIn(wt, "add", "score.txt");
            }
            return Outcome.ok(score(wt));
        });
        assertTheFirstIsInvalidAndTheFilesRestored(runner);
    }

    @Test
    void aFolderARunLeftEmptyIsGoneBeforeTheNextRun() throws Exception {
        List<Boolean> sawFolder = new CopyOnWriteArrayList<>();
        InProcessRunner runner = new InProcessRunner(request -> {
            Path wt = request.workingDirectory();
            sawFolder.add(Files.exists(wt.resolve("out")));
            Files.createDirectories(wt.resolve("out/checkpoints"));
            return Outcome.ok(score(wt));
        });
        session(ProgramSpec.builder().stop(StopCriteria.DEFAULT.withMaxExperiments(3)), runner, "9\n", "8\n", "7\n");

        assertThat(sawFolder).as("the baseline's three runs, then each experiment's").hasSize(6).containsOnly(false);
    }

    @Test
    void aRunThatWritesNoResultFileIsNotGivenThePreviousRunsFileWhileKeptPathsSurvive() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        InProcessRunner runner = new InProcessRunner(request -> {
            Path wt = request.workingDirectory();
            seen.add(request.experiment() + ":" + Files.exists(wt.resolve(".venv/installed")));
            if (request.experiment() <= 1) {
                Files.writeString(wt.resolve("result.json"), Files.readString(wt.resolve("score.txt")).strip());
                Files.createDirectories(wt.resolve(".venv"));
                Files.writeString(wt.resolve(".venv/installed"), "yes\n");
            }
            return Outcome.ok("trained\n"); // experiment 2 ends without writing its result
        });
        // A host's extractor that trusts the file, as the README's tps.txt one does.
        MetricExtractor resultFile = run -> {
            Path file = run.workingDirectory().resolve("result.json");
            return Files.exists(file) ? Metrics.of("score", Double.parseDouble(Files.readString(file))) : Metrics.empty();
        };
        ResearchReport report = ResearchLoop.builder().repository(repo.root()).tag("t1")
                .program(ProgramSpec.builder().source(repo.root().resolve("program.md")).metric("score")
                        .direction(Direction.MINIMIZE).run("./train").editable("score.txt")
                        .stop(StopCriteria.DEFAULT.withMaxExperiments(2)).build())
                .strategy(ScriptedStrategy.writing("score.txt", "9\n", "8\n")).runner(runner)
                .metrics(resultFile).build().run();

        assertThat(report.state().record(1).orElseThrow().status()).isEqualTo(Status.KEEP);
        ExperimentRecord second = report.state().record(2).orElseThrow();
        assertThat(second.status()).isEqualTo(Status.CRASH);
        assertThat(second.reason()).contains("metric 'score'");
        // .venv is among the paths kept by default: what a run installs there is not made again each time.
        assertThat(seen).containsExactly("0:false", "0:true", "0:true", "1:true", "2:true");
    }

    @Test
    void theRepeatsOfAnExperimentDoNotSeeEachOthersFiles() throws Exception {
        List<Boolean> sawScratch = new CopyOnWriteArrayList<>();
        InProcessRunner runner = new InProcessRunner(request -> {
            Path wt = request.workingDirectory();
            sawScratch.add(Files.exists(wt.resolve("scratch.txt")) || Files.exists(wt.resolve("data.cache")));
            Files.writeString(wt.resolve("scratch.txt"), "left\n");
            Files.writeString(wt.resolve("data.cache"), "left\n");
            return Outcome.ok(score(wt));
        });
        session(ProgramSpec.builder().repeats(2).stop(StopCriteria.DEFAULT.withMaxExperiments(1)), runner, "9\n");

        assertThat(sawScratch).hasSize(5).containsOnly(false);
    }

    @Test
    void keepPathsNameWhatSurvivesFromRunToRun() throws Exception {
        List<Boolean> sawCache = new CopyOnWriteArrayList<>();
        InProcessRunner runner = new InProcessRunner(request -> {
            Path wt = request.workingDirectory();
            sawCache.add(Files.exists(wt.resolve("data/tokens.cache")) && !Files.exists(wt.resolve(".venv/x")));
            Files.createDirectories(wt.resolve("data"));
            Files.writeString(wt.resolve("data/tokens.cache"), "tokens\n");
            Files.createDirectories(wt.resolve(".venv"));
            Files.writeString(wt.resolve(".venv/x"), "x\n");
            return Outcome.ok(score(wt));
        });
        session(ProgramSpec.builder().keepPaths("data/*.cache").stop(StopCriteria.DEFAULT.withMaxExperiments(1)), runner,
                "9\n");

        // The program's own list replaces the default one: .venv goes, data/*.cache stays.
        assertThat(sawCache).containsExactly(false, true, true, true);
    }
}
