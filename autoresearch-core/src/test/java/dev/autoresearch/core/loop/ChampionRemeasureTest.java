package dev.autoresearch.core.loop;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchEvent;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.RunRequest;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.StopCriteria;
import dev.autoresearch.core.journal.Journal;
import dev.autoresearch.core.journal.SessionFiles;
import dev.autoresearch.core.keep.KeepSettings;
import dev.autoresearch.core.testing.InProcessRunner;
import dev.autoresearch.core.testing.InProcessRunner.Outcome;
import dev.autoresearch.core.testing.ScriptedStrategy;
import dev.autoresearch.core.testing.SimpleMetrics;
import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The champion re-measure: a change kept on lucky runs is re-run by the comparisons that follow;
 * once it has been compared {@code remeasure-every} times, its pooled runs are checked against its
 * parent's, and one that no longer reproduces is named.
 */
class ChampionRemeasureTest {
    private static final double[] NOISE = {0.0, 0.03, -0.02, 0.01, -0.03, 0.02, -0.01};

    @TempDir
    Path dir;

    /**
     * score.txt says 10 (the baseline) or 9 (experiment 1's claim); notes.txt marks experiments 2
     * and 3, whose first run is a lucky 8 so that each earns a re-run of the champion. Experiment 1's
     * own runs say 9; what the champion's code gives when re-run later is {@code rerunLevel}.
     */
    private static Outcome run(RunRequest request, double rerunLevel) throws Exception {
        Path wt = request.workingDirectory();
        double code = Double.parseDouble(Files.readString(wt.resolve("score.txt")).strip());
        int n = Integer.parseInt(request.environment().get("AUTORESEARCH_REPEAT"));
        double noise = NOISE[n % NOISE.length];
        double value;
        if (Files.exists(wt.resolve("notes.txt"))) {
            value = n == 1 ? 8.0 : rerunLevel + noise;
        } else if (code == 9.0) {
            value = request.experiment() == 1 ? 9.0 + noise : rerunLevel + noise;
        } else {
            value = 10.0 + noise;
        }
        return Outcome.ok("score: " + value + "\n");
    }

    @ParameterizedTest(name = "re-runs at {0}")
    @ValueSource(doubles = {10.0, 9.0})
    void aKeptChangeWhoseReRunsNoLongerBeatItsParentIsNamed(double rerunLevel) throws Exception {
        TestRepo repo = TestRepo.init(dir.resolve("repo"));
        repo.write("score.txt", "10\n").commitAll("a score of 10");
        List<ResearchEvent.KeptChangeNotReproduced> warnings = new CopyOnWriteArrayList<>();
        ProgramSpec spec = ProgramSpec.builder().metric("score").direction(Direction.MINIMIZE).run("./score")
                .timeout(Duration.ofSeconds(30)).editable("score.txt", "notes.txt")
                .keep(KeepSettings.DEFAULT.withRemeasureEvery(2))
                .stop(StopCriteria.DEFAULT.withMaxExperiments(3)).build();
        ResearchReport report = ResearchLoop.builder().repository(repo.root()).tag("remeasure").program(spec)
                .strategy(ScriptedStrategy.of(
                        ScriptedStrategy.step("score 10 -> 9", Map.of("score.txt", "9\n")),
                        ScriptedStrategy.step("a note", Map.of("notes.txt", "a\n")),
                        ScriptedStrategy.step("another note", Map.of("notes.txt", "b\n"))))
                .runner(new InProcessRunner(request -> run(request, rerunLevel)))
                .metrics(SimpleMetrics.summaryLines())
                .listener(event -> {
                    if (event instanceof ResearchEvent.KeptChangeNotReproduced w) {
                        warnings.add(w);
                    }
                }).build().run();

        var history = report.state().history();
        assertThat(history.get(1).status()).as("kept on its own runs").isEqualTo(Status.KEEP);
        assertThat(history.get(2).metrics()).as("experiment 2 re-ran the champion").containsKey("score@champion");
        assertThat(history.get(3).metrics()).containsKey("score@champion");
        var journal = Journal.read(SessionFiles.of(repo.root(), "remeasure").journal());
        if (rerunLevel == 10.0) {
            assertThat(warnings).singleElement().satisfies(w -> {
                assertThat(w.kept().experiment()).isEqualTo(1);
                assertThat(w.reason()).startsWith("its pooled runs are no longer better than its parent's");
            });
            assertThat(journal.notReproduced()).containsOnlyKeys(1);
        } else {
            assertThat(warnings).as("a change that reproduces is not named").isEmpty();
            assertThat(journal.notReproduced()).isEmpty();
            assertThat(Files.readString(SessionFiles.of(repo.root(), "remeasure").journal()))
                    .contains("\"type\":\"reproduction\",\"experiment\":1,\"reproduces\":true");
        }
        assertThat(report.state().best().orElseThrow().experiment()).as("it stays kept").isEqualTo(1);
    }
}
