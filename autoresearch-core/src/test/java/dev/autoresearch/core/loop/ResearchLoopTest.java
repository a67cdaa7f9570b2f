package dev.autoresearch.core.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoresearch.core.BaselineFailedException;
import dev.autoresearch.core.Constraint;
import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.MinImprovement;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchEvent;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.SessionInUseException;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.StopCriteria;
import dev.autoresearch.core.internal.session.SessionLock;
import dev.autoresearch.core.journal.Journal;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResearchLoopTest {
    @TempDir
    Path dir;

    TestRepo repo;

    /** Prints the number in score.txt as the metric, and mem.txt's as a secondary one if present. */
    final InProcessRunner scoreRunner = new InProcessRunner(request -> {
        Path wt = request.workingDirectory();
        String score = Files.readString(wt.resolve("score.txt")).strip();
        if (score.equals("crash")) {
            return Outcome.fail(2, "Traceback: boom\nValueError: crash\n");
        }
        if (score.equals("hang")) {
            return Outcome.timeout("still training...\n");
        }
        if (score.equals("silent")) {
            return Outcome.ok("finished, but printed no metric\n");
        }
        String mem = Files.exists(wt.resolve("mem.txt")) ? Files.readString(wt.resolve("mem.txt")).strip() : "10";
        return Outcome.ok("training...\n---\nscore: " + score + "\nmem: " + mem + "\n");
    });

    @BeforeEach
    void setUp() {
        repo = TestRepo.init(dir.resolve("project"));
        repo.write("score.txt", "10\n").write("mem.txt", "10\n").write("eval.sh", "echo evaluating\n")
                .write("program.md", "---\nmetric: score\n---\nMake the score small.\n");
        repo.commitAll("initial");
    }

    ProgramSpec.Builder spec() {
        return ProgramSpec.builder().source(repo.root().resolve("program.md"))
                .metric("score").direction(Direction.MINIMIZE).run("./train")
                .editable("score.txt", "mem.txt").readonly("eval.sh");
    }

    ResearchLoop.Builder loop(ProgramSpec spec, ScriptedStrategy strategy) {
        return ResearchLoop.builder().repository(repo.root()).tag("t1").program(spec)
                .strategy(strategy).runner(scoreRunner).metrics(SimpleMetrics.summaryLines());
    }

    Path session() {
        return repo.root().resolve(".autoresearch/t1");
    }

    /** The header and the records of the journal, without the lines on proposals and runs under way. */
    List<JsonNode> journalLines() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String l : Files.readAllLines(session().resolve("journal.jsonl"))) {
            JsonNode node = json.readTree(l);
            if (List.of("header", "experiment").contains(node.path("type").asText())) {
                lines.add(node);
            }
        }
        return lines;
    }

    @Test
    void keepsImprovementsAndDiscardsTheRest_branchJournalTsvAndPatchesAgree() throws Exception {
        ScriptedStrategy strategy = ScriptedStrategy.writing("score.txt", "8\n", "9\n", "8.0\n", "5\n");
        ResearchReport report = loop(spec().stop(StopCriteria.DEFAULT.withMaxExperiments(4)).build(), strategy)
                .build().run();

        assertThat(report.state().history()).extracting(ExperimentRecord::status)
                .containsExactly(Status.KEEP, Status.KEEP, Status.DISCARD, Status.DISCARD, Status.KEEP);
        assertThat(report.baselineMetric().getAsDouble()).isEqualTo(10.0);
        assertThat(report.bestMetric().getAsDouble()).isEqualTo(5.0);
        assertThat(report.stopReason().message()).contains("max-experiments");

        // The branch holds exactly the kept commits on top of the user's HEAD.
        String log = repo.git("log", "--format=%s", "autoresearch/t1");
        assertThat(log.lines()).containsExactly("set score.txt to 5", "set score.txt to 8", "initial");
        assertThat(repo.git("show", "autoresearch/t1:score.txt")).isEqualTo("5");
        String message = repo.git("log", "-1", "--format=%B", "autoresearch/t1");
        assertThat(message).contains("Autoresearch-Experiment: 4", "Autoresearch-Status: keep",
                "Autoresearch-Metric: score=5.000000");
        // Ties are not improvements: experiment 3 equalled the best (8) and was discarded.
        assertThat(report.state().history().get(3).reason()).contains("ties are not improvements");

        // The journal: a header, then one object per experiment with every field.
        List<JsonNode> lines = journalLines();
        assertThat(lines).hasSize(6);
        assertThat(lines.get(0).get("type").asText()).isEqualTo("header");
        assertThat(lines.get(0).get("metric").asText()).isEqualTo("score");
        assertThat(lines.get(0).get("direction").asText()).isEqualTo("minimize");
        JsonNode second = lines.get(2);
        for (String field : List.of("experiment", "commit", "parent", "status", "metric", "metrics", "hypothesis",
                "strategy", "startedAt", "durationMs", "log")) {
            assertThat(second.has(field)).as(field).isTrue();
        }
        assertThat(second.get("metrics").get("score").get(0).asDouble()).isEqualTo(8.0);
        assertThat(second.get("hypothesis").get("title").asText()).isEqualTo("set score.txt to 8");
        assertThat(second.get("parent").asText()).isEqualTo(lines.get(1).get("commit").asText());

        // results.tsv in Karpathy's layout, baseline first.
        List<String> tsv = Files.readAllLines(session().resolve("results.tsv"));
        // The keep rule's confidence has a column of its own (significant is the default rule).
        assertThat(tsv.get(0)).isEqualTo("commit\tscore\tconfidence\tstatus\tdescription");
        assertThat(tsv).hasSize(6);
        // A deterministic metric is decided without a test: no confidence.
        assertThat(tsv.get(1)).endsWith("\t10.000000\t\tkeep\tbaseline");
        assertThat(tsv.get(3)).startsWith(report.state().history().get(2).commit().substring(0, 7))
                .endsWith("\t9.000000\t\tdiscard\tset score.txt to 9");

        // Every tried diff is kept, discarded ones too.
        for (int n = 1; n <= 4; n++) {
            assertThat(session().resolve("patches/" + n + ".diff")).exists();
        }
        assertThat(Files.readString(session().resolve("patches/2.diff"))).contains("-8", "+9");
        assertThat(session().resolve("runs/0.log")).content().contains("score: 10");
        // The user's checkout did not move.
        assertThat(repo.git("rev-parse", "--abbrev-ref", "HEAD")).isEqualTo("main");
        assertThat(repo.read("score.txt")).isEqualTo("10\n");
        assertThat(repo.git("status", "--porcelain")).isEmpty();
    }

    @Test
    void leavesTheUsersUncommittedChangesAlone() throws Exception {
        repo.write("score.txt", "3\n").write("notes.txt", "my notes\n");
        String statusBefore = repo.git("status", "--porcelain");
        ScriptedStrategy strategy = ScriptedStrategy.writing("score.txt", "7\n", "12\n");
        ResearchReport report = loop(spec().stop(StopCriteria.DEFAULT.withMaxExperiments(2)).build(), strategy)
                .build().run();

        // Experiments start from the last commit (10), not from the uncommitted 3.
        assertThat(report.baselineMetric().getAsDouble()).isEqualTo(10.0);
        assertThat(report.bestMetric().getAsDouble()).isEqualTo(7.0);
        assertThat(repo.read("score.txt")).isEqualTo("3\n");
        assertThat(repo.read("notes.txt")).isEqualTo("my notes\n");
        assertThat(repo.git("status", "--porcelain")).isEqualTo(statusBefore);
        assertThat(repo.read(".git/info/exclude")).contains("/.autoresearch/");
    }

    @Test
    void aChangeOutsideEditableOrToAReadonlyFileIsInvalidAndNeverCommitted() throws Exception {
        ScriptedStrategy strategy = ScriptedStrategy.of(
                ScriptedStrategy.step("edit the evaluation", Map.of("eval.sh", "echo 0\n")),
                ScriptedStrategy.step("add a helper", Map.of("helper.py", "x = 1\n")),
                ScriptedStrategy.step("escape", Map.of("../outside.txt", "x\n")),
                ScriptedStrategy.step("edit the program", Map.of("program.md", "---\nmetric: other\n---\n")),
                ScriptedStrategy.step("nothing", Map.of("score.txt", "10\n")),
                ScriptedStrategy.step("mutator gives up", Map.of()));
        ResearchReport report = loop(spec().stop(StopCriteria.DEFAULT.withMaxExperiments(6)).build(), strategy)
                .build().run();

        List<ExperimentRecord> h = report.state().history();
        assertThat(h.subList(1, 7)).extracting(ExperimentRecord::status).containsOnly(Status.INVALID);
        assertThat(h.get(1).reason()).contains("eval.sh (readonly)");
        assertThat(h.get(2).reason()).contains("helper.py (not editable)");
        assertThat(h.get(3).reason()).contains("not a plain path inside the repository");
        assertThat(h.get(4).reason()).contains("program.md (readonly)");
        assertThat(h.get(5).reason()).contains("leaves every file as it was");
        assertThat(h.get(6).reason()).contains("scripted failure");
        assertThat(repo.git("rev-list", "--count", "autoresearch/t1")).isEqualTo("1");
        assertThat(dir.resolve("outside.txt")).doesNotExist();
        assertThat(report.worktree().resolve("eval.sh")).content().isEqualTo("echo evaluating\n");
        assertThat(report.worktree().resolve("helper.py")).doesNotExist();
        // The refused edit is still kept for review.
        assertThat(session().resolve("patches/1.diff")).content().contains("+echo 0");
    }

    @Test
    void aRunThatChangesAReadonlyFileIsInvalidAndTheFileIsRestored() throws Exception {
        InProcessRunner tampering = new InProcessRunner(request -> {
            Path wt = request.workingDirectory();
            if (request.experiment() == 1) {
                Files.writeString(wt.resolve("eval.sh"), "echo hacked\n");
                Files.writeString(wt.resolve("program.md"), "rewritten\n");
            }
            return Outcome.ok("score: " + Files.readString(wt.resolve("score.txt")).strip() + "\n");
        });
        ScriptedStrategy strategy = ScriptedStrategy.writing("score.txt", "1\n", "2\n");
        ResearchReport report = loop(spec().stop(StopCriteria.DEFAULT.withMaxExperiments(2)).build(), strategy)
                .runner(tampering).build().run();

        ExperimentRecord first = report.state().history().get(1);
        assertThat(first.status()).isEqualTo(Status.INVALID);
        assertThat(first.reason()).contains("eval.sh", "program.md", "restored");
        assertThat(report.worktree().resolve("eval.sh")).content().isEqualTo("echo evaluating\n");
        assertThat(report.worktree().resolve("program.md")).content().contains("metric: score");
        // The next experiment runs on intact files and is judged normally.
        assertThat(report.state().history().get(2).status()).isEqualTo(Status.KEEP);
    }

    @Test
    void aRunThatAddsAFileWhereReadonlyPathsPointIsInvalid() throws Exception {
        repo.write("data/train.csv", "1,2\n").write(".gitignore", "*.cache\n").commitAll("data");
        InProcessRunner adding = new InProcessRunner(request -> {
            Path wt = request.workingDirectory();
            if (request.experiment() == 1) {
                Files.writeString(wt.resolve("data/extra.csv"), "3,4\n");
            }
            if (request.experiment() == 2) {
                Files.writeString(wt.resolve("answers.txt"), "42\n");
            }
            // A file git ignores is the run's own business, even where readonly paths point.
            Files.writeString(wt.resolve("data/run.cache"), "cached\n");
            return Outcome.ok("score: " + Files.readString(wt.resolve("score.txt")).strip() + "\n");
        });
        ResearchReport report = loop(spec().readonly("eval.sh", "data", "answers.txt")
                .stop(StopCriteria.DEFAULT.withMaxExperiments(3)).build(),
                ScriptedStrategy.writing("score.txt", "9\n", "8\n", "7\n")).runner(adding).build().run();

        assertThat(report.state().history()).extracting(ExperimentRecord::status)
                .containsExactly(Status.KEEP, Status.INVALID, Status.INVALID, Status.KEEP);
        assertThat(report.state().history().get(1).reason()).contains("data/extra.csv", "restored");
        assertThat(report.state().history().get(2).reason()).contains("answers.txt", "restored");
    }

    @Test
    void crashesTimeoutsAndMissingMetricsAreRecordedWithTheLogTail() {
        ScriptedStrategy strategy = ScriptedStrategy.writing("score.txt", "crash\n", "hang\n", "silent\n", "4\n");
        ResearchReport report = loop(spec().stop(StopCriteria.DEFAULT.withMaxExperiments(4)).build(), strategy)
                .build().run();
        List<ExperimentRecord> h = report.state().history();
        assertThat(h.get(1).status()).isEqualTo(Status.CRASH);
        assertThat(h.get(1).reason()).contains("exit code 2", "ValueError: crash", "runs/1.log");
        assertThat(h.get(2).status()).isEqualTo(Status.TIMEOUT);
        assertThat(h.get(2).reason()).contains("timed out", "still training");
        assertThat(h.get(3).status()).isEqualTo(Status.CRASH);
        assertThat(h.get(3).reason()).contains("metric 'score' not found", "printed no metric");
        assertThat(h.get(4).status()).isEqualTo(Status.KEEP);
        assertThat(report.bestMetric().getAsDouble()).isEqualTo(4.0);
    }

    @Test
    void aCrashStreakStopsTheSessionAndSaysWhy() {
        ScriptedStrategy strategy = ScriptedStrategy.writing("score.txt", "crash\n", "crash \n", " crash\n", "1\n");
        ResearchReport report = loop(spec().stop(StopCriteria.DEFAULT.withCrashStreak(3)).build(), strategy)
                .build().run();
        assertThat(report.state().experimentsRun()).isEqualTo(3);
        assertThat(report.stopReason().message()).contains("3 experiments in a row crashed");
    }

    @Test
    void repeatsCompareMediansAndRecordEveryValue() {
        int[] calls = {0};
        InProcessRunner noisy = new InProcessRunner(request -> {
            calls[0]++;
            double base = Double.parseDouble(Files.readString(request.workingDirectory().resolve("score.txt")).strip());
            double noise = new double[] {0.0, 3.0, -0.5}[(request.environment().get("AUTORESEARCH_REPEAT").charAt(0) - '1')];
            return Outcome.ok("score: " + (base + noise) + "\n");
        });
        ScriptedStrategy strategy = ScriptedStrategy.writing("score.txt", "9.8\n", "9.0\n");
        // The greedy rule: fixed repeats compared by median (the significant rule has a test of its own).
        ResearchReport report = loop(spec().repeats(3).minImprovement(MinImprovement.parse("5%"))
                .keep(dev.autoresearch.core.keep.KeepSettings.DEFAULT.withRule(dev.autoresearch.core.keep.KeepSettings.Rule.GREEDY))
                .stop(StopCriteria.DEFAULT.withMaxExperiments(2)).build(), strategy).runner(noisy).build().run();

        assertThat(calls[0]).isEqualTo(9);
        ExperimentRecord baseline = report.state().history().get(0);
        assertThat(baseline.metrics().get("score")).containsExactly(10.0, 13.0, 9.5);
        assertThat(baseline.metric().getAsDouble()).isEqualTo(10.0);
        // 9.8 is better but by less than 5% of 10: discarded.
        assertThat(report.state().history().get(1).status()).isEqualTo(Status.DISCARD);
        assertThat(report.state().history().get(1).reason()).contains("less than min-improvement 5.0%");
        assertThat(report.state().history().get(2).status()).isEqualTo(Status.KEEP);
        assertThat(report.state().history().get(2).metric().getAsDouble()).isEqualTo(9.0);
    }

    @Test
    void constraintsOnSecondaryMetricsBlockAKeep() {
        ScriptedStrategy strategy = ScriptedStrategy.of(
                ScriptedStrategy.step("faster but hungry", Map.of("score.txt", "5\n", "mem.txt", "99\n")),
                ScriptedStrategy.step("faster and lean", Map.of("score.txt", "6\n", "mem.txt", "20\n")));
        ResearchReport report = loop(spec().constraint(Constraint.parse("mem", "<= 50"))
                .stop(StopCriteria.DEFAULT.withMaxExperiments(2)).build(), strategy).build().run();
        assertThat(report.state().history().get(1).status()).isEqualTo(Status.DISCARD);
        assertThat(report.state().history().get(1).reason()).contains("mem <= 50", "violated", "99");
        assertThat(report.state().history().get(2).status()).isEqualTo(Status.KEEP);
        assertThat(report.state().history().get(2).metrics().get("mem")).containsExactly(20.0);
    }

    @Test
    void failingChecksBlockAKeep() throws Exception {
        InProcessRunner runner = new InProcessRunner(request -> {
            String score = Files.readString(request.workingDirectory().resolve("score.txt")).strip();
            if (request.purpose() == dev.autoresearch.core.RunRequest.Purpose.CHECKS) {
                return score.equals("2") ? Outcome.fail(1, "1 test failed: testAccuracy\n") : Outcome.ok("all tests passed\n");
            }
            return Outcome.ok("score: " + score + "\n");
        });
        ScriptedStrategy strategy = ScriptedStrategy.writing("score.txt", "2\n", "11\n", "3\n");
        ResearchReport report = loop(spec().checks("./run-tests").stop(StopCriteria.DEFAULT.withMaxExperiments(3)).build(),
                strategy).runner(runner).build().run();
        List<ExperimentRecord> h = report.state().history();
        assertThat(h.get(1).status()).isEqualTo(Status.CHECKS_FAILED);
        assertThat(h.get(1).reason()).contains("testAccuracy", "runs/1.checks.log");
        assertThat(h.get(2).status()).isEqualTo(Status.DISCARD);
        assertThat(h.get(3).status()).isEqualTo(Status.KEEP);
        // Checks ran for the baseline and for the two would-be keeps, not for the discard.
        assertThat(runner.requests().stream().filter(r -> r.purpose() == dev.autoresearch.core.RunRequest.Purpose.CHECKS))
                .extracting(r -> r.experiment()).containsExactly(0, 1, 3);
    }

    @Test
    void aFailingBaselineStopsWithTheTailOfItsLog() {
        repo.write("score.txt", "crash\n").commitAll("break it");
        ResearchLoop loop = loop(spec().build(), ScriptedStrategy.writing("score.txt", "1\n")).build();
        assertThatThrownBy(loop::run).isInstanceOf(BaselineFailedException.class)
                .hasMessageContaining("baseline").hasMessageContaining("exit code 2")
                .hasMessageContaining("ValueError: crash").hasMessageContaining("runs/0.log");
        // Nothing was recorded, so a fixed program starts afresh under the same tag.
        repo.write("score.txt", "10\n").commitAll("fix it");
        assertThat(Journal.read(session().resolve("journal.jsonl")).records()).isEmpty();
    }

    @Test
    void aBaselineWithoutTheMetricNamesItAndHowToPrintIt() {
        repo.write("score.txt", "silent\n").commitAll("quiet");
        ResearchLoop loop = loop(spec().build(), ScriptedStrategy.writing("score.txt", "1\n")).build();
        assertThatThrownBy(loop::run).isInstanceOf(BaselineFailedException.class)
                .hasMessageContaining("metric 'score' was not found").hasMessageContaining("METRIC score=");
    }

    @Test
    void aSecondLoopOnATagInUseRefuses() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        InProcessRunner blocking = new InProcessRunner(request -> {
            running.countDown();
            release.await(30, TimeUnit.SECONDS);
            return Outcome.ok("score: 10\n");
        });
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread first = new Thread(() -> {
            try {
                loop(spec().stop(StopCriteria.DEFAULT.withMaxExperiments(0)).build(),
                        ScriptedStrategy.writing("score.txt", "1\n")).runner(blocking).build().run();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        first.start();
        assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
        ResearchLoop second = loop(spec().build(), ScriptedStrategy.writing("score.txt", "1\n")).build();
        assertThatThrownBy(second::run).isInstanceOf(SessionInUseException.class)
                .hasMessageContaining("session 't1' is in use by process").hasMessageContaining("pick another tag");
        release.countDown();
        first.join(30_000);
        assertThat(failure.get()).isNull();
        // Once the first is done, the tag can be resumed.
        ResearchReport resumed = loop(spec().stop(StopCriteria.DEFAULT.withMaxExperiments(1)).build(),
                ScriptedStrategy.writing("score.txt", "1\n")).build().run();
        assertThat(resumed.state().experimentsRun()).isEqualTo(1);
    }

    /** Waits until the journal holds {@code n} records: a proposal made ahead overlaps the run before it. */
    void awaitRecords(int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Files.exists(session().resolve("journal.jsonl"))
                    && Journal.read(session().resolve("journal.jsonl")).records().size() >= n) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the journal never held " + n + " records");
    }

    @Test
    void anInterruptStopsTheRunInHandWhichRunsAgainOnResume() throws Exception {
        CountDownLatch inExperiment = new CountDownLatch(1);
        InProcessRunner slow = new InProcessRunner(request -> {
            if (request.experiment() == 2) {
                inExperiment.countDown();
                Thread.sleep(60_000);
            }
            return Outcome.ok("score: " + Files.readString(request.workingDirectory().resolve("score.txt")).strip() + "\n");
        });
        List<ResearchEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicReference<ResearchReport> report = new AtomicReference<>();
        AtomicReference<Boolean> flagAfter = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            report.set(loop(spec().build(), ScriptedStrategy.writing("score.txt", "9\n", "8\n", "7\n"))
                    .runner(slow).listener(events::add).build().run());
            flagAfter.set(Thread.currentThread().isInterrupted());
        });
        worker.start();
        assertThat(inExperiment.await(30, TimeUnit.SECONDS)).isTrue();
        worker.interrupt();
        worker.join(30_000);
        assertThat(worker.isAlive()).isFalse();

        ResearchReport r = report.get();
        assertThat(r.interrupted()).isTrue();
        assertThat(r.stopReason().message()).isEqualTo("interrupted");
        assertThat(flagAfter.get()).as("the interrupt is kept for the host").isTrue();
        // Not a crash: the interrupted experiment stays proposed, with its commit, and is not recorded.
        assertThat(r.state().history()).extracting(ExperimentRecord::status).containsExactly(Status.KEEP, Status.KEEP);
        assertThat(Journal.read(session().resolve("journal.jsonl")).records()).hasSize(2);
        assertThat(Journal.read(session().resolve("journal.jsonl")).pending()).extracting(p -> p.experiment()).contains(2);
        assertThat(SessionLock.livePid(session().resolve("lock"))).isEmpty();
        assertThat(repo.git("show", "autoresearch/t1:score.txt")).isEqualTo("9");
        assertThat(events.get(events.size() - 1)).isInstanceOf(ResearchEvent.SessionFinished.class);

        // The same session again runs experiment 2 first, under its number, and its proposal is not asked for again.
        ResearchReport resumed = loop(spec().stop(StopCriteria.DEFAULT.withMaxExperiments(3)).build(),
                ScriptedStrategy.writing("score.txt", "9\n", "8\n", "7\n")).runner(scoreRunner).build().run();
        assertThat(resumed.state().history()).extracting(ExperimentRecord::experiment).containsExactly(0, 1, 2, 3);
        assertThat(resumed.state().history()).extracting(ExperimentRecord::status).containsOnly(Status.KEEP);
        assertThat(resumed.bestMetric().getAsDouble()).isEqualTo(7.0);
    }

    @Test
    void resumingContinuesTheNumberingAndStopsAtTheTotalMaxExperiments() throws Exception {
        ScriptedStrategy strategy = ScriptedStrategy.writing("score.txt", "9\n", "12\n", "8\n", "7\n");
        loop(spec().stop(StopCriteria.DEFAULT.withMaxExperiments(2)).build(), strategy).build().run();
        ResearchReport second = loop(spec().stop(StopCriteria.DEFAULT.withMaxExperiments(4)).build(), strategy)
                .build().run();
        assertThat(second.state().history()).extracting(ExperimentRecord::experiment).containsExactly(0, 1, 2, 3, 4);
        assertThat(second.state().history()).extracting(r -> r.hypothesis().title()).containsExactly(
                "baseline", "set score.txt to 9", "set score.txt to 12", "set score.txt to 8", "set score.txt to 7");
        assertThat(Files.readAllLines(session().resolve("results.tsv"))).hasSize(6);
        assertThat(second.bestMetric().getAsDouble()).isEqualTo(7.0);
    }
    @Test
    void aStrategyThatRefusesTheConfigurationStopsTheSessionBeforeAnyRun() {
        ScriptedStrategy scripted = ScriptedStrategy.writing("score.txt", "1\n");
        dev.autoresearch.core.HypothesisGenerator refusing = new dev.autoresearch.core.HypothesisGenerator() {
            @Override
            public void prepare(dev.autoresearch.core.ResearchContext context) {
                throw new dev.autoresearch.core.AutoresearchException("train.py: parameter LR not found");
            }

            @Override
            public dev.autoresearch.core.Hypothesis propose(dev.autoresearch.core.ResearchContext context) {
                return scripted.propose(context);
            }
        };
        ResearchLoop loop = ResearchLoop.builder().repository(repo.root()).tag("t1").program(spec().build())
                .strategy(refusing, scripted).runner(scoreRunner).metrics(SimpleMetrics.summaryLines()).build();
        assertThatThrownBy(loop::run).hasMessageContaining("parameter LR not found");
        assertThat(scoreRunner.requests()).isEmpty();
        assertThat(SessionLock.livePid(session().resolve("lock"))).isEmpty();
    }
    @Test
    void aStrategyWithNothingLeftToProposeEndsTheSessionNormally() {
        ScriptedStrategy scripted = ScriptedStrategy.writing("score.txt", "9\n");
        dev.autoresearch.core.HypothesisGenerator finite = context -> {
            if (context.experiment() > 1) {
                throw new dev.autoresearch.core.StrategyExhaustedException("the search space is exhausted");
            }
            return scripted.propose(context);
        };
        ResearchReport report = ResearchLoop.builder().repository(repo.root()).tag("t1").program(spec().build())
                .strategy(finite, scripted).runner(scoreRunner).metrics(SimpleMetrics.summaryLines()).build().run();
        assertThat(report.stopReason().message()).isEqualTo("the search space is exhausted");
        assertThat(report.interrupted()).isFalse();
        assertThat(report.state().experimentsRun()).isEqualTo(1);
        assertThat(dev.autoresearch.core.journal.Journal.read(session().resolve("journal.jsonl")).pending()).isEmpty();
    }
    @Test
    void aRunThatCommitsOrSwitchesBranchesInTheWorktreeIsInvalidAndMovesNoOtherBranch() throws Exception {
        repo.git("branch", "other");
        String other = repo.git("rev-parse", "other");
        InProcessRunner gitty = new InProcessRunner(request -> {
            Path wt = request.workingDirectory();
            if (request.experiment() == 1) {
                TestRepo.gitIn(wt, "checkout", "--quiet", "other");
            }
            if (request.experiment() == 2) {
                Files.writeString(wt.resolve("mem.txt"), "1\n");
                TestRepo.gitIn(wt, "commit", "--quiet", "-am", "sneaky");
            }
            return Outcome.ok("score: " + Files.readString(wt.resolve("score.txt")).strip() + "\n");
        });
        ResearchReport report = loop(spec().stop(StopCriteria.DEFAULT.withMaxExperiments(3)).build(),
                ScriptedStrategy.writing("score.txt", "9\n", "8\n", "7\n")).runner(gitty).build().run();

        assertThat(report.state().history()).extracting(ExperimentRecord::status)
                .containsExactly(Status.KEEP, Status.INVALID, Status.INVALID, Status.KEEP);
        assertThat(report.state().history().get(1).reason()).contains("git state");
        assertThat(repo.git("rev-parse", "other")).isEqualTo(other);
        assertThat(repo.git("log", "--format=%s", "autoresearch/t1").lines())
                .containsExactly("set score.txt to 7", "initial");
        assertThat(TestRepo.gitIn(report.worktree(), "symbolic-ref", "HEAD")).isEqualTo("refs/heads/autoresearch/t1");
    }
    @Test
    void anInterruptWhileTheStrategyThinksStopsWithoutARecordForTheUnstartedExperiment() throws Exception {
        // A model is asked ahead, up to two proposals at once with one lane: the script has steps for both.
        ScriptedStrategy scripted = ScriptedStrategy.writing("score.txt", "9\n", "8\n", "7\n", "6\n");
        CountDownLatch thinking = new CountDownLatch(1);
        dev.autoresearch.core.HypothesisGenerator slowModel = context -> {
            if (context.experiment() == 2) {
                thinking.countDown();
                try {
                    Thread.sleep(60_000); // a model request in flight
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("request cancelled", e);
                }
            }
            return scripted.propose(context);
        };
        AtomicReference<ResearchReport> report = new AtomicReference<>();
        Thread worker = new Thread(() -> report.set(ResearchLoop.builder().repository(repo.root()).tag("t1")
                .program(spec().build()).strategy(slowModel, scripted).runner(scoreRunner)
                .metrics(SimpleMetrics.summaryLines()).build().run()));
        worker.start();
        assertThat(thinking.await(30, TimeUnit.SECONDS)).isTrue();
        awaitRecords(2);
        worker.interrupt();
        worker.join(30_000);

        assertThat(report.get().interrupted()).isTrue();
        assertThat(report.get().state().history()).extracting(ExperimentRecord::experiment).containsExactly(0, 1);
        assertThat(Journal.read(session().resolve("journal.jsonl")).records()).hasSize(2);
        // Experiment 2 was never proposed; one proposed beside it (3) is journalled, to run on resume.
        assertThat(Journal.read(session().resolve("journal.jsonl")).pending()).extracting(p -> p.experiment())
                .doesNotContain(2);
    }
    @Test
    void aChangeThatWouldLeaveTheWorktreeThroughALinkOrCannotBeWrittenIsInvalid() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.createSymbolicLink(repo.root().resolve("out"), outside);
        repo.commitAll("a link to somewhere else");
        ScriptedStrategy strategy = ScriptedStrategy.of(
                ScriptedStrategy.step("write through the link", Map.of("out/evil.txt", "x\n")),
                ScriptedStrategy.step("write under a file", Map.of("score.txt/inner.txt", "x\n")),
                ScriptedStrategy.step("a real change", Map.of("score.txt", "3\n")));
        ResearchReport report = loop(spec().editable("**").readonly("eval.sh")
                .stop(StopCriteria.DEFAULT.withMaxExperiments(3)).build(), strategy).build().run();

        List<ExperimentRecord> h = report.state().history();
        assertThat(h.get(1).status()).isEqualTo(Status.INVALID);
        assertThat(h.get(1).reason()).contains("symbolic link");
        assertThat(outside.resolve("evil.txt")).doesNotExist();
        assertThat(h.get(2).status()).isEqualTo(Status.INVALID);
        assertThat(h.get(2).reason()).contains("could not be written");
        assertThat(h.get(3).status()).isEqualTo(Status.KEEP);
    }
}
