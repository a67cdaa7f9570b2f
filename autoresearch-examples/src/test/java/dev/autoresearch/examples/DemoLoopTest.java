package dev.autoresearch.examples;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.testing.TestRepo;
import dev.autoresearch.core.tune.ParameterTuner;
import dev.autoresearch.runners.MetricExtractors;
import dev.autoresearch.runners.ProcessRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The demo under the real loop: program.md as parsed, the tuner as the strategy, a git repository,
 * the journal, and {@code java Train.java} really running for every experiment. Three experiments,
 * then a resume that adds a fourth from the journal alone.
 */
class DemoLoopTest {
    @TempDir
    Path temp;

    /** The real subprocess runner, with this JDK's {@code java} first on the PATH for {@code java Train.java}. */
    private final ProcessRunner runner = ProcessRunner.builder()
            .environment("PATH", Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator + System.getenv("PATH"))
            .build();

    @Test
    void theTunerDrivesTheDemoThroughTheLoopAndResumesFromTheJournal() throws Exception {
        TestRepo repo = Demo.repository(temp.resolve("demo"));

        ResearchReport first = loop(repo, 3).run();
        ResearchReport resumed = loop(repo, 4).run();

        List<ExperimentRecord> history = resumed.state().history();
        assertThat(history).hasSize(5);
        assertThat(first.state().history()).extracting(r -> r.hypothesis().title(), ExperimentRecord::status, ExperimentRecord::metric)
                .as("the resumed loop rebuilt the first four from the journal")
                .isEqualTo(history.subList(0, 4).stream()
                        .map(r -> tuple(r.hypothesis().title(), r.status(), r.metric())).toList());
        assertThat(history.get(0).metric()).hasValue(Demo.baseline().metric("val_loss"));
        double best = history.get(0).metric().getAsDouble();
        Set<String> titles = new HashSet<>();
        for (ExperimentRecord r : history.subList(1, history.size())) {
            assertThat(r.strategy()).isEqualTo(ParameterTuner.NAME);
            assertThat(r.hypothesis().title()).matches("[A-Z_]+ \\S+ -> \\S+");
            assertThat(titles.add(r.hypothesis().title())).as("tried once: " + r.hypothesis().title()).isTrue();
            assertThat(r.status()).isIn(Status.KEEP, Status.DISCARD);
            double metric = r.metric().getAsDouble();
            assertThat(r.status() == Status.KEEP).as(r.hypothesis().title() + " gave " + metric + " against " + best)
                    .isEqualTo(metric < best * (1 - 0.005));
            if (r.status() == Status.KEEP) {
                best = metric;
            }
        }
        assertThat(resumed.bestMetric()).hasValue(best);
    }

    private ResearchLoop loop(TestRepo repo, int experiments) {
        ProgramSpec spec = ProgramSpec.parse(repo.root().resolve("program.md")).build();
        spec = spec.toBuilder().stop(spec.stop().withMaxExperiments(experiments)).build();
        return ResearchLoop.builder().repository(repo.root()).tag("demo").program(spec)
                .strategy(ParameterTuner.create(spec.tune(), 0)).runner(runner)
                .metrics(MetricExtractors.defaults()).build();
    }
}
