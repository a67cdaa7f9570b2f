package dev.autoresearch.runners.slurm;

import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.StoppingPolicies;
import dev.autoresearch.core.testing.ScriptedStrategy;
import dev.autoresearch.core.testing.TestRepo;
import dev.autoresearch.runners.MetricExtractors;
import dev.autoresearch.runners.SlurmRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A whole session whose baseline, experiments and checks all run as Slurm jobs. */
@ExtendWith(SlurmCluster.class)
class SlurmSessionTest {
    @TempDir
    Path dir;

    @Test
    void aSessionOfSeveralExperimentsAsJobsReachesAKeep() throws Exception {
        TestRepo repo = TestRepo.init(dir.resolve("repo"));
        repo.write("score.txt", "5\n")
                .write("train.sh", "sleep 1\necho \"METRIC score=$(cat score.txt)\"\n")
                .commitAll("the experiment");
        ProgramSpec spec = ProgramSpec.parse("""
                ---
                metric: score
                direction: minimize
                run: sh train.sh
                checks: test -s score.txt
                timeout: 1m
                editable: [score.txt]
                slurm:
                  cpus: 1
                ---
                """, repo.root().resolve("program.md")).build();
        SlurmRunner runner = SlurmRunner.builder().options(spec.slurm()).pollInterval(Duration.ofMillis(200)).build();

        ResearchReport report = ResearchLoop.builder().repository(repo.root()).tag("slurm").program(spec)
                .strategy(ScriptedStrategy.writing("score.txt", "7\n", "3\n", "4\n"))
                .runner(runner).metrics(MetricExtractors.defaults())
                .stopWhen(StoppingPolicies.maxExperiments(3)).build().run();

        assertThat(report.state().history()).extracting(r -> r.status())
                .containsExactly(Status.KEEP, Status.DISCARD, Status.KEEP, Status.DISCARD);
        assertThat(report.bestMetric()).hasValue(3.0);
        try (var logs = Files.list(report.journal().getParent().resolve("runs"))) {
            // the job's own output files are gone: only the logs the loop reads remain
            assertThat(logs.map(p -> p.getFileName().toString())).allMatch(n -> n.endsWith(".log"));
        }
    }
}
