package dev.autoresearch.core.loop;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.MinImprovement;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.StopCriteria;
import dev.autoresearch.core.journal.SessionFiles;
import dev.autoresearch.core.keep.KeepRules;
import dev.autoresearch.core.keep.KeepSettings;
import dev.autoresearch.core.testing.InProcessRunner;
import dev.autoresearch.core.testing.ScriptedStrategy;
import dev.autoresearch.core.testing.SimpleMetrics;
import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A keep rule a host gives the builder decides everything a rule decides, not only the verdicts: a
 * statistical rule measures the noise on the baseline's runs, and results.tsv has its confidence,
 * whatever program.md's {@code keep} says.
 */
class InjectedKeepRuleTest {
    @TempDir
    Path dir;

    @Test
    void aStatisticalRuleFromTheBuilderMeasuresTheBaselinesNoiseUnderAGreedyProgram() throws Exception {
        TestRepo repo = TestRepo.init(dir.resolve("repo"));
        repo.write("score.txt", "10\n").commitAll("a score of 10");
        ProgramSpec greedy = ProgramSpec.builder().metric("score").direction(Direction.MINIMIZE).run("./score")
                .editable("score.txt").keep(KeepSettings.DEFAULT.withRule(KeepSettings.Rule.GREEDY))
                .stop(StopCriteria.DEFAULT.withMaxExperiments(1)).build();
        AtomicInteger baselineRuns = new AtomicInteger();
        ResearchReport report = ResearchLoop.builder().repository(repo.root()).tag("injected").program(greedy)
                .keepRule(KeepRules.significant(0.95, Direction.MINIMIZE, MinImprovement.NONE, 5))
                .strategy(ScriptedStrategy.writing("score.txt", "9\n"))
                .runner(new InProcessRunner(request -> {
                    if (request.experiment() == 0) {
                        baselineRuns.incrementAndGet();
                    }
                    return InProcessRunner.Outcome.ok("score: " + Files.readString(
                            request.workingDirectory().resolve("score.txt")));
                }))
                .metrics(SimpleMetrics.summaryLines()).build().run();

        assertThat(baselineRuns.get()).as("the baseline's runs measure the noise").isEqualTo(3);
        assertThat(report.state().baseline().orElseThrow().metrics().get("score")).hasSize(3);
        assertThat(Files.readAllLines(SessionFiles.of(repo.root(), "injected").results()).get(0)).contains("confidence");
    }
}
