package dev.autoresearch.examples;

import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.testing.TestRepo;
import dev.autoresearch.core.tune.ParameterTuner;
import dev.autoresearch.runners.MetricExtractors;
import dev.autoresearch.runners.ProcessRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's promise as the README's command keeps it: the repository's program.md (its stop
 * criteria included) and Train.java, the tuner with the command's default seed, the real process
 * runner. The best val_loss is at least 10% below the baseline, the session files are there, and a
 * second session with the same seed makes the same decisions.
 */
class DemoAcceptanceTest {
    @TempDir
    Path temp;

    @Test
    void theDemoFindsATenPercentGainAndTheSameSeedMakesTheSameDecisions() throws Exception {
        TestRepo repo = TestRepo.init(temp.resolve("demo"));
        repo.write("program.md", Files.readString(Demo.root().resolve("program.md")));
        repo.write(Demo.TRAIN, Files.readString(Demo.root().resolve(Demo.TRAIN)));
        repo.commitAll("The demo");

        ResearchReport first = session(repo, "first");
        ResearchReport second = session(repo, "second");

        double baseline = first.baselineMetric().getAsDouble();
        double best = first.bestMetric().getAsDouble();
        assertThat(first.stopReason()).contains("max-experiments (12)");
        assertThat(best).as("best %s against baseline %s", best, baseline).isLessThanOrEqualTo(0.9 * baseline);
        for (Path file : List.of(first.journal(), first.results(), first.patches().resolve("12.diff"),
                first.sessionDirectory().resolve("runs/12.log"))) {
            assertThat(file).exists();
        }
        assertThat(decisions(second)).isEqualTo(decisions(first));
    }

    private static ResearchReport session(TestRepo repo, String tag) {
        ProgramSpec spec = ProgramSpec.parse(repo.root().resolve("program.md")).build();
        return ResearchLoop.builder().repository(repo.root()).tag(tag).program(spec)
                .strategy(ParameterTuner.create(spec.tune(), 0))
                .runner(ProcessRunner.builder().environment("PATH", Path.of(System.getProperty("java.home"), "bin")
                        + File.pathSeparator + System.getenv("PATH")).build())
                .metrics(MetricExtractors.defaults())
                .build().run();
    }

    /** What was tried, what it measured and what was decided: everything but commits and timings. */
    private static List<String> decisions(ResearchReport report) {
        return report.state().history().stream()
                .map(r -> r.hypothesis().title() + " " + r.metric() + " " + r.status())
                .toList();
    }
}
