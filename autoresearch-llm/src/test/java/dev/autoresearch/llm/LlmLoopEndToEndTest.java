package dev.autoresearch.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.StopCriteria;
import dev.autoresearch.core.TokenUsage;
import dev.autoresearch.core.journal.SessionFiles;
import dev.autoresearch.core.testing.InProcessRunner;
import dev.autoresearch.core.testing.InProcessRunner.Outcome;
import dev.autoresearch.core.testing.SimpleMetrics;
import dev.autoresearch.core.testing.TestRepo;
import dev.autoresearch.llm.FakeOpenAiServer.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The research loop driven by {@link LlmStrategy}, through the real langchain4j OpenAI client and a
 * scripted loopback server, on a small demo project in a temporary git repository.
 */
class LlmLoopEndToEndTest {
    private static final String TRAIN = String.join("\n",
            "# A stand-in for a training script: the experiment reads these settings.",
            "LEARNING_RATE = 0.01",
            "WARMUP_STEPS = 100",
            "STEPS = 1000",
            "");
    private static final Pattern SETTING = Pattern.compile("(?m)^([A-Z_]+) = ([0-9.]+)$");

    @TempDir
    Path dir;

    private TestRepo repo;
    private FakeOpenAiServer server;

    /** val_loss falls as the learning rate nears 0.05 and as warmup shortens; zero steps crash. */
    private final InProcessRunner runner = new InProcessRunner(request -> {
        Map<String, Double> s = new HashMap<>();
        Matcher m = SETTING.matcher(Files.readString(request.workingDirectory().resolve("train.py")));
        while (m.find()) {
            s.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        if (s.get("STEPS") == 0) {
            return Outcome.fail(1, "step 0\nTraceback (most recent call last):\nZeroDivisionError: division by zero\n");
        }
        double loss = 1 + 100 * Math.pow(s.get("LEARNING_RATE") - 0.05, 2) + s.get("WARMUP_STEPS") / 10_000;
        return Outcome.ok("training...\nval_loss: " + String.format(Locale.ROOT, "%.6f", loss) + "\n");
    });

    @BeforeEach
    void setUp() throws Exception {
        repo = TestRepo.init(dir.resolve("demo"));
        repo.write("train.py", TRAIN)
                .write("prepare.py", "def evaluate(model):\n    return model.loss()\n")
                .write("program.md", String.join("\n", "---", "metric: val_loss", "direction: minimize",
                        "run: python train.py", "editable: [train.py]", "readonly: [prepare.py]", "---",
                        "Lower val_loss. Only train.py may change.", ""));
        repo.commitAll("demo project");
        server = new FakeOpenAiServer();
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private ResearchReport run(int experiments, LlmStrategy strategy) {
        ProgramSpec spec = ProgramSpec.parse(repo.root().resolve("program.md"))
                .stop(StopCriteria.DEFAULT.withMaxExperiments(experiments)).build();
        return ResearchLoop.builder().repository(repo.root()).tag("e2e").program(spec)
                .strategy(strategy).runner(runner).metrics(SimpleMetrics.summaryLines())
                .build().run();
    }

    private LlmStrategy strategy() {
        return LlmStrategy.builder().model(server.model()).sleeper(d -> { }).build();
    }

    private static String edit(String title, String from, String to) {
        return "HYPOTHESIS: " + title + "\nRATIONALE: Worth a try.\n\n```python\ntrain.py\n<<<<<<< SEARCH\n" + from
                + "\n=======\n" + to + "\n>>>>>>> REPLACE\n```\n";
    }

    @Test
    void theLoopImprovesTheMetricWithScriptedReplies() {
        server.enqueue(
                Answer.reply(edit("Raise the learning rate to 0.03", "LEARNING_RATE = 0.01", "LEARNING_RATE = 0.03"), 1000, 100),
                // a stale SEARCH, then the correction
                Answer.reply(edit("Raise the learning rate to 0.05", "LEARNING_RATE = 0.01", "LEARNING_RATE = 0.05"), 1100, 110),
                Answer.reply(edit("Raise the learning rate to 0.05", "LEARNING_RATE = 0.03", "LEARNING_RATE = 0.05"), 1400, 90),
                Answer.reply(edit("Skip training steps", "STEPS = 1000", "STEPS = 0"), 1200, 80),
                Answer.reply("HYPOTHESIS: Score the model kindly\n\nprepare.py\n<<<<<<< SEARCH\n    return model.loss()\n"
                        + "=======\n    return 0\n>>>>>>> REPLACE\n", 1300, 70),
                Answer.error(429, "{\"error\":{\"message\":\"slow down\"}}"),
                Answer.reply("prepare.py\n<<<<<<< SEARCH\n    return model.loss()\n=======\n    return 0\n>>>>>>> REPLACE\n", 1500, 60),
                Answer.reply("prepare.py\n<<<<<<< SEARCH\n    return model.loss()\n=======\n    return 0\n>>>>>>> REPLACE\n", 1600, 50),
                Answer.reply(edit("Shorten the warmup to 10 steps", "WARMUP_STEPS = 100", "WARMUP_STEPS = 10"), 1700, 40));

        ResearchReport report = run(5, strategy());

        List<ExperimentRecord> history = report.state().history();
        assertThat(history).extracting(ExperimentRecord::status).containsExactly(
                Status.KEEP, Status.KEEP, Status.KEEP, Status.CRASH, Status.INVALID, Status.KEEP);
        assertThat(report.bestMetric().getAsDouble()).isLessThan(report.baselineMetric().getAsDouble());
        assertThat(report.bestMetric().getAsDouble()).isEqualTo(1.001, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(repo.git("show", "autoresearch/e2e:train.py"))
                .contains("LEARNING_RATE = 0.05\nWARMUP_STEPS = 10\nSTEPS = 1000");

        assertThat(history.get(1).hypothesis().title()).isEqualTo("Raise the learning rate to 0.03");
        assertThat(history.get(1).usage()).isEqualTo(new TokenUsage(1000, 100));
        assertThat(history.get(2).usage()).isEqualTo(new TokenUsage(2500, 200));
        assertThat(history.get(4).usage()).isEqualTo(new TokenUsage(4400, 180));
        assertThat(history.get(4).reason()).contains("prepare.py is readonly");
        assertThat(report.state().usage()).isEqualTo(new TokenUsage(10_800, 600));

        // experiment 4's prompt shows experiment 3's crash with the end of its log
        String prompt4 = FakeOpenAiServer.messages(server.requests().get(4)).get(1).content();
        assertThat(prompt4).contains("This is experiment 4.")
                .contains("Experiment 3 (\"Skip training steps\") ended with status crash")
                .contains("ZeroDivisionError: division by zero");
        assertThat(server.remaining()).isZero();
    }

    @Test
    void whenRetriesRunOutTheSessionStopsCleanlyAndResumesFromThere() {
        server.enqueue(Answer.reply(edit("Raise the learning rate to 0.03", "LEARNING_RATE = 0.01", "LEARNING_RATE = 0.03")));
        for (int i = 0; i < 3; i++) {
            server.enqueue(Answer.error(503, "{\"error\":{\"message\":\"overloaded\"}}"));
        }
        LlmStrategy strategy = strategy().toBuilder().retry(RetryPolicy.builder().maxRetries(2).build()).build();

        assertThatThrownBy(() -> run(3, strategy))
                .isInstanceOf(AutoresearchException.class)
                .hasMessageContaining("the model request failed 3 times")
                .hasMessageContaining("HTTP 503");
        List<String> journal = readLines(repo.root().resolve(".autoresearch/e2e/journal.jsonl"));
        assertThat(journal).hasSize(3); // the header, the baseline and experiment 1

        server.enqueue(
                Answer.reply(edit("Raise the learning rate to 0.05", "LEARNING_RATE = 0.03", "LEARNING_RATE = 0.05")),
                Answer.reply(edit("Shorten the warmup to 10 steps", "WARMUP_STEPS = 100", "WARMUP_STEPS = 10")));
        ResearchReport report = run(3, strategy);
        assertThat(report.state().history()).extracting(r -> r.hypothesis().title()).containsExactly("baseline",
                "Raise the learning rate to 0.03", "Raise the learning rate to 0.05", "Shorten the warmup to 10 steps");
        assertThat(report.state().history()).extracting(ExperimentRecord::status).containsOnly(Status.KEEP);
    }

    @Test
    void aModelLostWhileCorrectingStopsTheSessionWithNothingRecordedAndTheResumeRunsTheExperiment() {
        // a stale SEARCH, so the strategy asks for a correction, which meets the outage
        server.enqueue(Answer.reply(edit("Raise the learning rate to 0.05", "LEARNING_RATE = 0.02",
                "LEARNING_RATE = 0.05"), 1000, 100));
        for (int i = 0; i < 3; i++) {
            server.enqueue(Answer.error(503, "{\"error\":{\"message\":\"overloaded\"}}"));
        }
        LlmStrategy strategy = strategy().toBuilder().retry(RetryPolicy.builder().maxRetries(2).build()).build();

        assertThatThrownBy(() -> run(3, strategy))
                .isInstanceOf(AutoresearchException.class)
                .hasMessageContaining("experiment 1 was not finished: the model failed when asked to correct edits"
                        + " that did not apply: the model request failed 3 times")
                .hasMessageContaining("HTTP 503")
                .hasMessageContaining("continues from this point when started again")
                .hasMessageContaining("the 1,100 tokens of this experiment's earlier replies");
        SessionFiles files = SessionFiles.of(repo.root(), "e2e");
        assertThat(readLines(files.journal())).hasSize(2); // the header and the baseline
        assertThat(dev.autoresearch.core.journal.Journal.read(files.journal()).pending()).isEmpty();
        assertThat(TestRepo.gitIn(files.worktree(), "status", "--porcelain")).isEmpty();

        server.enqueue(Answer.reply(edit("Raise the learning rate to 0.05", "LEARNING_RATE = 0.01",
                "LEARNING_RATE = 0.05"), 1200, 90));
        ResearchReport report = run(1, strategy);
        List<ExperimentRecord> history = report.state().history();
        assertThat(history).extracting(ExperimentRecord::status).containsExactly(Status.KEEP, Status.KEEP);
        assertThat(history.get(1).hypothesis().title()).isEqualTo("Raise the learning rate to 0.05");
        assertThat(history.get(1).usage()).isEqualTo(new TokenUsage(1200, 90));
        String resumedPrompt = server.messages(server.requests().size() - 1).get(1).content();
        assertThat(resumedPrompt).contains("This is experiment 1.").doesNotContain("The last experiment failed");
    }

    @Test
    void anInterruptWhileTheModelCorrectsStopsTheSessionAsInterruptedWithNothingRecorded() throws Exception {
        server.enqueue(
                Answer.reply(edit("Raise the learning rate to 0.05", "LEARNING_RATE = 0.02", "LEARNING_RATE = 0.05")),
                Answer.reply(edit("Raise the learning rate to 0.05", "LEARNING_RATE = 0.01", "LEARNING_RATE = 0.05"))
                        .after(Duration.ofSeconds(20)));
        AtomicReference<ResearchReport> report = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread loop = new Thread(() -> {
            try {
                report.set(run(3, strategy()));
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        loop.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (server.requests().size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(server.requests()).as("the correction was asked for").hasSize(2);
        loop.interrupt();
        loop.join(Duration.ofSeconds(15).toMillis());

        assertThat(loop.isAlive()).isFalse();
        assertThat(failure.get()).isNull();
        assertThat(report.get().interrupted()).isTrue();
        assertThat(report.get().state().history()).hasSize(1);
        assertThat(readLines(SessionFiles.of(repo.root(), "e2e").journal())).hasSize(2);
        assertThat(dev.autoresearch.core.journal.Journal.read(SessionFiles.of(repo.root(), "e2e").journal()).pending()).isEmpty();
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void thePromptOfExperiment200IsNoLargerThanThatOfExperiment20() {
        Pattern experiment = Pattern.compile("This is experiment (\\d+)\\.");
        Pattern warmup = Pattern.compile("(?m)^WARMUP_STEPS = (\\d+)$");
        Map<Integer, String> prompts = new HashMap<>();
        server.otherwise((JsonNode request) -> {
            String prompt = FakeOpenAiServer.messages(request).get(1).content();
            Matcher e = experiment.matcher(prompt);
            Matcher w = warmup.matcher(prompt);
            if (!e.find() || !w.find()) {
                return Answer.error(400, "{\"error\":{\"message\":\"unexpected prompt\"}}");
            }
            int n = Integer.parseInt(e.group(1));
            int current = Integer.parseInt(w.group(1));
            prompts.put(n, prompt);
            // every third idea shortens the warmup (kept), the others lengthen it (discarded)
            int next = n % 3 == 0 ? current - 1 : current + 7;
            return Answer.reply(edit(String.format(Locale.ROOT, "Idea %03d: set the warmup to %d steps", n, next),
                    "WARMUP_STEPS = " + current, "WARMUP_STEPS = " + next), 2000, 100);
        });

        ResearchReport report = run(200, strategy()); // the default table

        assertThat(report.state().experimentsRun()).isEqualTo(200);
        assertThat(report.state().kept()).isEqualTo(66);
        assertThat(report.bestMetric().getAsDouble()).isLessThan(report.baselineMetric().getAsDouble());
        assertThat(repo.git("show", "autoresearch/e2e:train.py")).contains("WARMUP_STEPS = 34\n");
        assertThat(prompts).containsKeys(20, 200);
        String at20 = prompts.get(20);
        String at200 = prompts.get(200);
        // at 20 the table holds the baseline and experiments 1 to 19; from 21 on it holds its 20 rows
        assertThat(tableRows(at20)).hasSize(1 + 19);
        assertThat(tableRows(at200)).hasSize(1 + LlmStrategy.DEFAULT_HISTORY_ROWS);
        // the margin: that one row, the line counting the folded experiments, and numbers with more digits;
        // a constant, which from experiment 21 on does not grow at all (PromptBuilderTest: 50, 200, 1000)
        String folded = at200.lines().filter(l -> l.startsWith("Not shown:")).findFirst().orElse("");
        int oneRow = tableRows(at200).stream().mapToInt(String::length).max().orElseThrow();
        assertThat(at200.length()).as("prompt of experiment 200 against %d characters at 20", at20.length())
                .isLessThanOrEqualTo(at20.length() + oneRow + folded.length() + 40);
    }

    private static List<String> tableRows(String prompt) {
        return prompt.lines().filter(l -> l.matches("\\| \\d+ \\|.*")).toList();
    }
}
