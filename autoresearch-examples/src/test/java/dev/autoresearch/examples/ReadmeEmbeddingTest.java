package dev.autoresearch.examples;

import dev.autoresearch.core.MetricExtractor;
import dev.autoresearch.core.Metrics;
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

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "loop in ten lines of Java", as written there, on a small project whose benchmark
 * writes its throughput to a file: a metric the standard extractors do not read, so the host reads
 * it with an extractor of its own, written inline.
 */
class ReadmeEmbeddingTest {
    @TempDir
    Path temp;

    @Test
    void theReadmeSnippetRunsAndKeepsWhatRaisesTheHostsOwnMetric() throws Exception {
        TestRepo repo = TestRepo.init(temp.resolve("service"));
        repo.write("config.py", "BATCH = 8  # requests per batch\n")
                .write("bench.sh", "batch=$(sed -n 's/^BATCH = \\([0-9]*\\).*/\\1/p' config.py)\n"
                        + "echo \"benchmarking batch $batch\"\n"
                        + "echo $(( batch * (100 - batch) )) > tps.txt\n")
                .write("program.md", String.join("\n", "---", "metric: tok_per_s", "direction: maximize",
                        "run: sh bench.sh", "stop: {max-experiments: 6}",
                        "tune: [{file: config.py, name: BATCH, range: [1, 99], scale: int}]", "---",
                        "Raise the throughput.", ""))
                .write(".gitignore", "tps.txt\n");
        repo.commitAll("a service with a benchmark");
        Path project = repo.root();

        // From here on, the README's snippet (with the repository path in place of ".").
        ProgramSpec spec = ProgramSpec.parse(project.resolve("program.md")).build();
        MetricExtractor tokensPerSecond = run ->                      // a metric of your own, if you need one
                Metrics.of("tok_per_s", Double.parseDouble(Files.readString(run.workingDirectory().resolve("tps.txt")).strip()));

        ResearchReport report = ResearchLoop.builder()
                .repository(project)
                .tag("nov28")
                .program(spec)
                .strategy(ParameterTuner.create(spec.tune(), 42))      // or LlmStrategy.builder().model(chatModel).build()
                .runner(new ProcessRunner())
                .metrics(MetricExtractors.defaults().and(tokensPerSecond))
                .build()
                .run();

        assertThat(report.baselineMetric()).hasValue(8 * 92);
        assertThat(report.bestMetric().getAsDouble()).isGreaterThan(8 * 92);
        assertThat(report.state().experimentsRun()).isEqualTo(6);
        assertThat(report.kept()).isNotEmpty().allMatch(r -> r.status() == Status.KEEP);
        assertThat(repo.git("show", "autoresearch/nov28:config.py")).doesNotContain("BATCH = 8 ");
    }
}
