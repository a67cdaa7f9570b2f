package dev.autoresearch.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.CodeMutator;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.HypothesisGenerator;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchContext;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.StopCriteria;
import dev.autoresearch.core.TokenUsage;
import dev.autoresearch.core.journal.Journal;
import dev.autoresearch.core.journal.JournalContents;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The research loop driven by {@link LlmStrategy}, through the real langchain4j OpenAI client and a
 * scripted loopback server, on a small demo project in a temporary git repository. The strategy
 * proposes ahead: the next experiment is asked for while the current one runs, and two proposals
 * are made at once when the lane is free, so the server answers those tests by the experiment each
 * request prepares ({@link #experimentOf}). Tests that script one reply after another, as a
 * conversation, ask the strategy one proposal at a time ({@link #oneAtATime}).
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
    private final InProcessRunner.Script score = request -> {
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
    };
    private final InProcessRunner runner = new InProcessRunner(score);

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
        return run(experiments, strategy, strategy);
    }

    private ResearchReport run(int experiments, HypothesisGenerator generator, CodeMutator mutator) {
        ProgramSpec spec = ProgramSpec.parse(repo.root().resolve("program.md"))
                .stop(StopCriteria.DEFAULT.withMaxExperiments(experiments)).build();
        return ResearchLoop.builder().repository(repo.root()).tag("e2e").program(spec)
                .strategy(generator, mutator).runner(runner).metrics(SimpleMetrics.summaryLines())
                .build().run();
    }

    /** The strategy asked for a proposal only when the lane is free, so scripted replies are consumed in order. */
    private static HypothesisGenerator oneAtATime(LlmStrategy strategy) {
        return new HypothesisGenerator() {
            @Override
            public Hypothesis propose(ResearchContext context) {
                return strategy.propose(context);
            }

            @Override
            public void prepare(ResearchContext context) {
                strategy.prepare(context);
            }

            @Override
            public boolean proposesAhead() {
                return false;
            }

            @Override
            public String name() {
                return strategy.name();
            }
        };
    }

    private static final Pattern EXPERIMENT = Pattern.compile("This is experiment (\\d+)\\.");

    /** The user prompt of a request: the first message after the system prompt. */
    private static String promptOf(JsonNode request) {
        return FakeOpenAiServer.messages(request).get(1).content();
    }

    /** The experiment a request prepares, as its prompt says; -1 when it does not say. */
    private static int experimentOf(JsonNode request) {
        Matcher m = EXPERIMENT.matcher(promptOf(request));
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** True for a proposal's first request; false for a follow-up (a correction) in its conversation. */
    private static boolean firstAsk(JsonNode request) {
        return FakeOpenAiServer.messages(request).size() == 2;
    }

    /** A setting of train.py as the request's prompt shows the file. */
    private static String settingIn(JsonNode request, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + " = ([0-9.]+)$").matcher(promptOf(request));
        if (!m.find()) {
            throw new AssertionError("the prompt shows no " + name + ":\n" + promptOf(request));
        }
        return m.group(1);
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

        // a conversation scripted reply by reply: each proposal is asked for once the last result is in
        LlmStrategy strategy = strategy();
        ResearchReport report = run(5, oneAtATime(strategy), strategy);

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
    void aCorrectionThatChangesSomethingElseIsRecordedUnderItsOwnHypothesisEverywhere() throws Exception {
        server.enqueue(
                // the first two replies' SEARCH texts are not in the file; the last changes another setting
                Answer.reply(edit("Shorten the warmup to 60 steps", "WARMUP_STEPS = 1000", "WARMUP_STEPS = 60"), 1000, 100),
                Answer.reply(edit("Shorten the warmup to 50 steps", "WARMUP_STEPS = 999", "WARMUP_STEPS = 50"), 1050, 95),
                Answer.reply(edit("Raise the learning rate to 0.03", "LEARNING_RATE = 0.01", "LEARNING_RATE = 0.03"), 1100, 90));
        LlmStrategy strategy = strategy();
        ResearchReport report = run(1, oneAtATime(strategy), strategy);

        ExperimentRecord first = report.state().record(1).orElseThrow();
        String measured = "Raise the learning rate to 0.03";
        assertThat(repo.read(".autoresearch/e2e/patches/1.diff")).contains("+LEARNING_RATE = 0.03");
        assertThat(first.hypothesis().title()).isEqualTo(measured);
        assertThat(first.hypothesis().plan()).as("the reply whose edits applied").contains("LEARNING_RATE = 0.03");
        assertThat(Journal.read(repo.root().resolve(".autoresearch/e2e/journal.jsonl")).records())
                .filteredOn(r -> r.experiment() == 1).singleElement()
                .satisfies(r -> assertThat(r.hypothesis().title()).isEqualTo(measured));
        assertThat(repo.read(".autoresearch/e2e/results.tsv")).contains(measured).doesNotContain("warmup");
        assertThat(repo.git("log", "-1", "--format=%s", "autoresearch/e2e")).contains(measured);
        assertThat(repo.read(".autoresearch/e2e/plans/1.txt")).as("every reply of the exchange")
                .contains("Shorten the warmup to 60 steps").contains("Shorten the warmup to 50 steps").contains(measured);
    }

    @Test
    void aWinWhoseEditConflictsWithAnotherLanesKeepIsMadeAgainFromTheModelsReplyAndKept() {
        // #1 and #2 are proposed on the baseline and run side by side; #1 (the learning rate) is kept while #2
        // (the warmup, on the next line) still runs, so #2's cherry-pick conflicts: its reply is applied again.
        server.otherwise(request -> Answer.reply(experimentOf(request) == 1
                ? edit("Raise the learning rate to 0.05", "LEARNING_RATE = 0.01", "LEARNING_RATE = 0.05")
                : edit("Shorten the warmup to 10 steps", "WARMUP_STEPS = 100", "WARMUP_STEPS = 10")));
        dev.autoresearch.core.testing.StaleParentRace race = new dev.autoresearch.core.testing.StaleParentRace();
        ProgramSpec spec = ProgramSpec.parse(repo.root().resolve("program.md"))
                .stop(StopCriteria.DEFAULT.withMaxExperiments(2)).build();
        LlmStrategy strategy = strategy();
        ResearchReport report = ResearchLoop.builder().repository(repo.root()).tag("lanes").program(spec)
                .strategy(strategy).runner(race.runner(score)).metrics(SimpleMetrics.summaryLines()).workers(2)
                .listener(race.listener()).build().run();

        ExperimentRecord second = report.state().record(2).orElseThrow();
        assertThat(second.status()).as(second.reason()).isEqualTo(Status.KEEP);
        assertThat(second.reason()).contains("made again on #1");
        assertThat(second.hypothesis().title()).isEqualTo("Shorten the warmup to 10 steps");
        assertThat(repo.git("show", "autoresearch/lanes:train.py"))
                .contains("LEARNING_RATE = 0.05\nWARMUP_STEPS = 10\nSTEPS = 1000");
    }

    @Test
    void whenRetriesRunOutTheSessionStopsCleanlyAndTheResumeRunsTheJournalledProposalWithoutAskingAgain() {
        // Experiments 1 and 2 are proposed at once. 2 meets an outage; 1's reply comes after that, so it is
        // journalled as proposed but not run, since the session is stopping.
        AtomicBoolean outage = new AtomicBoolean(true);
        server.otherwise(request -> {
            int n = experimentOf(request);
            if (n == 1 && outage.get()) {
                return Answer.reply(edit("Raise the learning rate to 0.03", "LEARNING_RATE = 0.01",
                        "LEARNING_RATE = 0.03")).after(Duration.ofSeconds(4));
            }
            if (outage.get()) {
                return Answer.error(503, "{\"error\":{\"message\":\"overloaded\"}}");
            }
            if (n == 2) { // on whatever code the request shows: its first ask, or the correction on a newer champion
                String lr = settingIn(request, "LEARNING_RATE");
                return Answer.reply(edit("Raise the learning rate to 0.05", "LEARNING_RATE = " + lr, "LEARNING_RATE = 0.05"));
            }
            if (n == 3) {
                String warmup = settingIn(request, "WARMUP_STEPS");
                return Answer.reply(edit("Shorten the warmup to 10 steps", "WARMUP_STEPS = " + warmup, "WARMUP_STEPS = 10"));
            }
            return Answer.error(400, "{\"error\":{\"message\":\"unexpected request for experiment " + n + "\"}}");
        });
        LlmStrategy strategy = strategy().toBuilder().retry(RetryPolicy.builder().maxRetries(2).build()).build();

        assertThatThrownBy(() -> run(3, strategy))
                .isInstanceOf(AutoresearchException.class)
                .hasMessageContaining("the model request failed 3 times")
                .hasMessageContaining("HTTP 503");
        JournalContents journal = Journal.read(SessionFiles.of(repo.root(), "e2e").journal());
        assertThat(journal.records()).extracting(ExperimentRecord::experiment).containsExactly(0);
        assertThat(journal.pending()).extracting(p -> p.experiment() + " " + p.hypothesis().title())
                .containsExactly("1 Raise the learning rate to 0.03");
        int asked = server.requests().size();

        outage.set(false);
        ResearchReport report = run(3, strategy);

        List<JsonNode> resumed = server.requests().subList(asked, server.requests().size());
        assertThat(resumed).extracting(LlmLoopEndToEndTest::experimentOf).as("experiments asked for on resume")
                .doesNotContain(1).contains(2, 3);
        // 2 is proposed while the journalled 1 runs, on the baseline, and sees 1 under way ...
        JsonNode firstOf2 = resumed.stream().filter(r -> experimentOf(r) == 2 && firstAsk(r)).findFirst().orElseThrow();
        assertThat(promptOf(firstOf2)).contains("# Under way now (do not propose these again)\n\n"
                + "#1 Raise the learning rate to 0.03\n").contains("LEARNING_RATE = 0.01");
        // ... and once 1 is kept, its edit no longer applies: it is corrected on the new champion
        assertThat(resumed).filteredOn(r -> experimentOf(r) == 2 && !firstAsk(r))
                .anySatisfy(r -> assertThat(promptOf(r)).contains("LEARNING_RATE = 0.03"));
        assertThat(report.state().byNumber()).extracting(r -> r.hypothesis().title()).containsExactly("baseline",
                "Raise the learning rate to 0.03", "Raise the learning rate to 0.05", "Shorten the warmup to 10 steps");
        assertThat(report.state().history()).extracting(ExperimentRecord::status).containsOnly(Status.KEEP);
        assertThat(report.state().pending()).isEmpty();
        assertThat(repo.git("show", "autoresearch/e2e:train.py")).contains("LEARNING_RATE = 0.05\nWARMUP_STEPS = 10\n");
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

        assertThatThrownBy(() -> run(3, oneAtATime(strategy), strategy))
                .isInstanceOf(AutoresearchException.class)
                .hasMessageContaining("experiment 1 was not finished: the model failed when asked to correct edits"
                        + " that did not apply: the model request failed 3 times")
                .hasMessageContaining("HTTP 503")
                .hasMessageContaining("continues from this point when started again")
                .hasMessageContaining("the 1,100 tokens of this experiment's earlier replies");
        SessionFiles files = SessionFiles.of(repo.root(), "e2e");
        JournalContents journal = Journal.read(files.journal());
        assertThat(journal.records()).extracting(ExperimentRecord::experiment).containsExactly(0);
        assertThat(journal.pending()).isEmpty();
        assertThat(TestRepo.gitIn(files.worktree(), "status", "--porcelain")).isEmpty();

        server.enqueue(Answer.reply(edit("Raise the learning rate to 0.05", "LEARNING_RATE = 0.01",
                "LEARNING_RATE = 0.05"), 1200, 90));
        ResearchReport report = run(1, oneAtATime(strategy), strategy);
        List<ExperimentRecord> history = report.state().history();
        assertThat(history).extracting(ExperimentRecord::status).containsExactly(Status.KEEP, Status.KEEP);
        assertThat(history.get(1).experiment()).isEqualTo(1);
        assertThat(history.get(1).hypothesis().title()).isEqualTo("Raise the learning rate to 0.05");
        assertThat(history.get(1).usage()).isEqualTo(new TokenUsage(1200, 90));
        String resumedPrompt = server.messages(server.requests().size() - 1).get(1).content();
        assertThat(resumedPrompt).contains("This is experiment 1.").doesNotContain("The last experiment failed");
    }

    @Test
    void anInterruptWhileTheModelThinksStopsTheSessionAsInterruptedWithNothingRecorded() throws Exception {
        // 1's edit does not apply and its correction is slow; 2, proposed at the same time, is slow too
        server.otherwise(request -> {
            if (experimentOf(request) == 1 && firstAsk(request)) {
                return Answer.reply(edit("Raise the learning rate to 0.05", "LEARNING_RATE = 0.02", "LEARNING_RATE = 0.05"));
            }
            return Answer.reply(edit("Shorten the warmup", "WARMUP_STEPS = 100", "WARMUP_STEPS = 10"))
                    .after(Duration.ofSeconds(20));
        });
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
        while (!bothWaiting() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(bothWaiting()).as("the correction of 1 and the proposal of 2 were asked for").isTrue();
        loop.interrupt();
        loop.join(Duration.ofSeconds(15).toMillis());

        assertThat(loop.isAlive()).isFalse();
        assertThat(failure.get()).isNull();
        assertThat(report.get().interrupted()).isTrue();
        assertThat(report.get().state().history()).hasSize(1);
        JournalContents journal = Journal.read(SessionFiles.of(repo.root(), "e2e").journal());
        assertThat(journal.records()).extracting(ExperimentRecord::experiment).containsExactly(0);
        assertThat(journal.pending()).isEmpty();
    }

    /** True once the server holds the correction of experiment 1 and the first ask for 2. */
    private boolean bothWaiting() {
        List<JsonNode> requests = server.requests();
        return requests.stream().anyMatch(r -> experimentOf(r) == 1 && !firstAsk(r))
                && requests.stream().anyMatch(r -> experimentOf(r) == 2);
    }

    @Test
    void thePromptOfExperiment200IsNoLargerThanThatOfExperiment20() {
        Map<Integer, String> prompts = new ConcurrentHashMap<>();
        server.otherwise((JsonNode request) -> {
            int n = experimentOf(request);
            if (n < 0) {
                return Answer.error(400, "{\"error\":{\"message\":\"unexpected prompt\"}}");
            }
            if (firstAsk(request)) {
                prompts.putIfAbsent(n, promptOf(request));
            }
            // every third idea shortens the warmup by a step (kept), the others lengthen it by one (discarded)
            // and set the steps, which the metric does not depend on, to a number of their own, so that no
            // two make the same code
            int warmup = Integer.parseInt(settingIn(request, "WARMUP_STEPS"));
            String steps = settingIn(request, "STEPS");
            int next = n % 3 == 0 ? warmup - 1 : warmup + 1;
            String stepsNext = n % 3 == 0 ? steps : String.valueOf(1000 + n);
            return Answer.reply(edit(String.format(Locale.ROOT, "Idea %03d: set the warmup to %d steps", n, next),
                    "WARMUP_STEPS = " + warmup + "\nSTEPS = " + steps,
                    "WARMUP_STEPS = " + next + "\nSTEPS = " + stepsNext), 2000, 100);
        });

        ResearchReport report = run(200, strategy()); // the default table, proposing ahead

        assertThat(report.state().experimentsRun()).isEqualTo(200);
        assertThat(report.state().kept()).isEqualTo(66);
        assertThat(report.bestMetric().getAsDouble()).isLessThan(report.baselineMetric().getAsDouble());
        assertThat(repo.git("show", "autoresearch/e2e:train.py")).contains("WARMUP_STEPS = 34\n");
        assertThat(prompts).containsKeys(20, 200);
        assertThat(prompts.values()).as("prompts made while an experiment was under way")
                .filteredOn(p -> p.contains("# Under way now")).hasSizeGreaterThan(100);
        String at20 = prompts.get(20);
        String at200 = prompts.get(200);
        // at 20 the table holds the baseline and the experiments recorded when 20 was proposed (18 or so,
        // the next being under way); from about 22 on it holds its 20 rows
        assertThat(tableRows(at20)).hasSize(1 + experimentsSoFar(at20)).hasSizeBetween(1 + 16, 1 + 19);
        assertThat(tableRows(at200)).hasSize(1 + LlmStrategy.DEFAULT_HISTORY_ROWS);
        // the margin: the rows the table at 20 lacks, the line counting the folded experiments and numbers
        // with more digits; a constant, which from about experiment 22 on does not grow at all
        // (PromptBuilderTest). The experiments under way, how many depending on when each proposal was
        // made, are compared apart: a section of at most 16 lines in either.
        String folded = at200.lines().filter(l -> l.startsWith("Not shown:")).findFirst().orElse("");
        int oneRow = tableRows(at200).stream().mapToInt(String::length).max().orElseThrow();
        int missingRows = tableRows(at200).size() - tableRows(at20).size();
        assertThat(withoutSectionsComparedApart(at200).length()).as("prompt of experiment 200 against %d characters at 20",
                        withoutSectionsComparedApart(at20).length())
                .isLessThanOrEqualTo(withoutSectionsComparedApart(at20).length() + missingRows * oneRow + folded.length() + 40);
        assertThat(underWay(at200)).hasSizeLessThanOrEqualTo(16);
        // The ideas ledger's section, compared apart too: bounded in lines (at most 8 groups of 3 ideas; here
        // the ideas all change the warmup, so about one group) and in the length of each, whatever the
        // ledger's size. Which ideas it shows, and so their outcomes' digits, depends on the timing.
        assertThat(ideasTried(at20)).contains("# Ideas tried");
        assertThat(ideasTried(at200).lines().count()).isLessThanOrEqualTo(ideasTried(at20).lines().count() + 5);
        assertThat(ideasTried(at200).lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(300));
    }

    private static String ideasTried(String prompt) {
        Matcher m = Pattern.compile("(?s)# Ideas tried.*?\n\n(?=# )").matcher(prompt);
        return m.find() ? m.group() : "";
    }

    private static List<String> tableRows(String prompt) {
        return prompt.lines().filter(l -> l.matches("\\| \\d+ \\|.*")).toList();
    }

    private static String withoutSectionsComparedApart(String prompt) {
        return prompt.replaceAll("(?s)# Under way now.*?\n\n(?=# )", "").replaceAll("(?s)# Ideas tried.*?\n\n(?=# )", "");
    }

    private static List<String> underWay(String prompt) {
        return prompt.lines().filter(l -> l.matches("#\\d+ .*")).toList();
    }

    private static int experimentsSoFar(String prompt) {
        Matcher m = Pattern.compile("Experiments so far: (\\d+) after the baseline").matcher(prompt);
        assertThat(m.find()).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
