package dev.autoresearch.llm;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.testing.TestRepo;
import dev.autoresearch.llm.FakeOpenAiServer.Answer;
import dev.autoresearch.runners.MetricExtractors;
import dev.autoresearch.runners.ProcessRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The LLM strategy on the project's own demo example (its program.md and Train.java, copied into a
 * temporary repository), with replies scripted on a loopback OpenAI-compatible server, every
 * experiment a real {@code java Train.java} run.
 */
class LlmDemoExampleTest {
    private static final String TRAIN = "autoresearch-examples/demo/Train.java";

    @TempDir
    Path dir;

    static Path repositoryRoot() {
        Path d = Path.of("").toAbsolutePath();
        while (d != null && !Files.isRegularFile(d.resolve(TRAIN))) {
            d = d.getParent();
        }
        return d;
    }

    private static String edit(String title, String from, String to) {
        return "HYPOTHESIS: " + title + "\nRATIONALE: The untuned value looks far from its best.\n\n```java\n"
                + TRAIN + "\n<<<<<<< SEARCH\n" + from + "\n=======\n" + to + "\n>>>>>>> REPLACE\n```\n";
    }

    @Test
    void scriptedRepliesImproveTheDemosMetric() throws Exception {
        Path root = repositoryRoot();
        TestRepo repo = TestRepo.init(dir.resolve("demo"));
        repo.write("program.md", Files.readString(root.resolve("program.md")));
        repo.write(TRAIN, Files.readString(root.resolve(TRAIN)));
        repo.commitAll("the demo");

        try (FakeOpenAiServer server = new FakeOpenAiServer()) {
            server.enqueue(
                    Answer.reply(edit("Raise the learning rate to 0.1",
                            "    static final double LEARNING_RATE = 0.03;     // SGD step size at the start of training",
                            "    static final double LEARNING_RATE = 0.1;      // SGD step size at the start of training"),
                            2000, 120),
                    // indentation lost by the model: matched tolerantly
                    Answer.reply(edit("Use smaller batches of 16",
                            "static final int BATCH_SIZE = 64;             // examples per step",
                            "static final int BATCH_SIZE = 16;             // examples per step"), 2100, 110));
            ProgramSpec spec = ProgramSpec.parse(repo.root().resolve("program.md")).build();
            spec = spec.toBuilder().stop(spec.stop().withMaxExperiments(2)).build();
            ResearchReport report = ResearchLoop.builder().repository(repo.root()).tag("llm-demo").program(spec)
                    .strategy(LlmStrategy.builder().model(server.model()).sleeper(d -> { }).build())
                    .runner(ProcessRunner.builder().environment("PATH", Path.of(System.getProperty("java.home"), "bin")
                            + File.pathSeparator + System.getenv("PATH")).build())
                    .metrics(MetricExtractors.defaults())
                    .build().run();

            assertThat(report.state().history()).extracting(ExperimentRecord::status)
                    .containsExactly(Status.KEEP, Status.KEEP, Status.KEEP);
            assertThat(report.bestMetric().getAsDouble()).isLessThan(report.baselineMetric().getAsDouble() * 0.9);
            assertThat(repo.git("show", "autoresearch/llm-demo:" + TRAIN))
                    .contains("    static final double LEARNING_RATE = 0.1;", "    static final int BATCH_SIZE = 16;");
            // the model saw the brief and the file it may edit
            String prompt = FakeOpenAiServer.messages(server.requests().get(0)).get(1).content();
            assertThat(prompt).contains("Separate three spirals", "static final double LEARNING_RATE = 0.03;");
        }
    }
}
