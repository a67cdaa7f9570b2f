package dev.autoresearch.core.lanes;

import dev.autoresearch.core.Change;
import dev.autoresearch.core.CodeMutator;
import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.HypothesisGenerator;
import dev.autoresearch.core.MutationResult;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchContext;
import dev.autoresearch.core.ResearchEvent;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.ResearchSession;
import dev.autoresearch.core.RunRequest;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.StopCriteria;
import dev.autoresearch.core.StopReason;
import dev.autoresearch.core.journal.Journal;
import dev.autoresearch.core.testing.InProcessRunner;
import dev.autoresearch.core.testing.InProcessRunner.Outcome;
import dev.autoresearch.core.testing.ScriptedStrategy;
import dev.autoresearch.core.testing.SimpleMetrics;
import dev.autoresearch.core.testing.StaleParentRace;
import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Several lanes at once: overlap, numbering, the stale-parent rule, budgets, cancel, a failing lane, duplicates. */
class ParallelLanesTest {
    @TempDir
    Path dir;

    TestRepo repo;

    /** The score is a + b from a.txt and b.txt, except that a=4 with b=4 is bad (100): changes can interact. */
    static String score(Path worktree) throws Exception {
        int a = Integer.parseInt(Files.readString(worktree.resolve("a.txt")).strip());
        int b = Integer.parseInt(Files.readString(worktree.resolve("b.txt")).strip());
        return "score: " + (a == 4 && b == 4 ? 100 : a + b) + "\n";
    }

    @BeforeEach
    void setUp() {
        repo = TestRepo.init(dir.resolve("project"));
        repo.write("a.txt", "5\n").write("b.txt", "5\n").write("program.md", "---\nmetric: score\n---\n");
        repo.commitAll("initial");
    }

    ProgramSpec spec(int maxExperiments) {
        return ProgramSpec.builder().source(repo.root().resolve("program.md")).metric("score")
                .direction(Direction.MINIMIZE).run("./train").editable("a.txt", "b.txt")
                .stop(StopCriteria.DEFAULT.withMaxExperiments(maxExperiments)).build();
    }

    ResearchLoop.Builder loop(int lanes, int max, ScriptedStrategy strategy, InProcessRunner runner) {
        return ResearchLoop.builder().repository(repo.root()).tag("p").program(spec(max)).strategy(strategy)
                .runner(runner).metrics(SimpleMetrics.summaryLines()).workers(lanes);
    }

    Path session() {
        return repo.root().resolve(".autoresearch/p");
    }

    @Test
    void lanesRunAtTheSameTimeEachInItsOwnWorktreeAndNumbersFollowTheProposals() throws Exception {
        Map<Integer, Instant[]> spans = new ConcurrentHashMap<>();
        Map<Integer, Path> where = new ConcurrentHashMap<>();
        CountDownLatch firstThree = new CountDownLatch(3);
        InProcessRunner runner = new InProcessRunner(request -> {
            Instant start = Instant.now();
            if (request.experiment() >= 1 && request.experiment() <= 3) {
                // Each of the first three waits for the other two to start: only lanes side by side get past this.
                firstThree.countDown();
                assertThat(firstThree.await(60, TimeUnit.SECONDS)).as("three runs at once").isTrue();
            }
            spans.put(request.experiment(), new Instant[] {start, Instant.now()});
            where.put(request.experiment(), request.workingDirectory());
            return Outcome.ok(score(request.workingDirectory()));
        });
        ScriptedStrategy strategy = ScriptedStrategy.of(
                ScriptedStrategy.step("a 6", Map.of("a.txt", "6\n")), ScriptedStrategy.step("b 6", Map.of("b.txt", "6\n")),
                ScriptedStrategy.step("a 7", Map.of("a.txt", "7\n")), ScriptedStrategy.step("b 7", Map.of("b.txt", "7\n")),
                ScriptedStrategy.step("a 8", Map.of("a.txt", "8\n")), ScriptedStrategy.step("b 8", Map.of("b.txt", "8\n")))
                .ahead();
        ResearchReport report = loop(3, 6, strategy, runner).build().run();

        List<ExperimentRecord> history = report.state().history();
        assertThat(history).extracting(ExperimentRecord::experiment).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6);
        assertThat(history.subList(1, history.size())).extracting(ExperimentRecord::status).containsOnly(Status.DISCARD);
        assertThat(history.subList(1, history.size())).extracting(ExperimentRecord::lane).containsOnly(1, 2, 3);
        assertThat(new java.util.HashSet<>(where.values())).as("each lane has its own worktree").hasSize(3);
        // 1, 2 and 3 ran at once: each started before the others ended.
        for (int i = 1; i <= 3; i++) {
            for (int j = 1; j <= 3; j++) {
                assertThat(spans.get(i)[0]).isBefore(spans.get(j)[1]);
            }
        }
        assertThat(Journal.read(session().resolve("journal.jsonl")).records()).hasSize(7);
        assertThat(Journal.read(session().resolve("journal.jsonl")).pending()).isEmpty();
        assertThat(report.stopReason().kind()).isEqualTo(StopReason.Kind.MAX_EXPERIMENTS);
    }

    /**
     * Experiment 1 is kept while experiment 2, made on the baseline, still runs: 2 is judged against
     * the baseline, then replayed onto 1 and measured again.
     */
    ResearchReport staleParent(Map<String, String> second) throws Exception {
        StaleParentRace race = new StaleParentRace();
        ScriptedStrategy strategy = ScriptedStrategy.of(ScriptedStrategy.step("a 4", Map.of("a.txt", "4\n")),
                ScriptedStrategy.step("second", second));
        return loop(2, 2, strategy, race.runner(request -> Outcome.ok(score(request.workingDirectory()))))
                .listener(race.listener()).build().run();
    }

    @Test
    void aChangeThatBeatItsOldChampionIsReplayedOntoTheNewOneAndKeptWhenItWinsThere() throws Exception {
        ResearchReport report = staleParent(Map.of("b.txt", "3\n"));
        ExperimentRecord first = report.state().record(1).orElseThrow();
        ExperimentRecord second = report.state().record(2).orElseThrow();
        assertThat(first.status()).isEqualTo(Status.KEEP);
        assertThat(second.status()).isEqualTo(Status.KEEP);
        assertThat(second.parent()).isEqualTo(first.commit());
        assertThat(second.metric().getAsDouble()).isEqualTo(7.0);
        assertThat(second.reason()).contains("replayed onto #1");
        assertThat(repo.git("show", "autoresearch/p:a.txt")).isEqualTo("4");
        assertThat(repo.git("show", "autoresearch/p:b.txt")).isEqualTo("3");
        assertThat(repo.git("rev-parse", "autoresearch/p")).isEqualTo(second.commit());
    }

    @Test
    void aChangeThatBeatItsOldChampionButLosesOnTheNewOneIsDiscarded() throws Exception {
        ResearchReport report = staleParent(Map.of("b.txt", "4\n"));
        ExperimentRecord second = report.state().record(2).orElseThrow();
        assertThat(second.status()).isEqualTo(Status.DISCARD);
        assertThat(second.metric().getAsDouble()).as("measured again on the new champion").isEqualTo(100.0);
        assertThat(second.reason()).contains("replayed onto #1");
        assertThat(repo.git("rev-parse", "autoresearch/p")).isEqualTo(report.state().record(1).orElseThrow().commit());
    }

    @Test
    void aChangeThatBeatItsOldChampionButConflictsWithTheNewOneIsMadeAgainThereFromItsPlan() throws Exception {
        ResearchReport report = staleParent(Map.of("a.txt", "3\n"));
        ExperimentRecord second = report.state().record(2).orElseThrow();
        assertThat(second.status()).as(second.reason()).isEqualTo(Status.KEEP);
        assertThat(second.reason()).contains("made again on #1");
        assertThat(second.metric().getAsDouble()).as("a=3 with the champion's b=5").isEqualTo(8.0);
        assertThat(repo.git("show", "autoresearch/p:a.txt")).isEqualTo("3");
    }

    @Test
    void maxExperimentsCountsWhatHasStartedSoFourLanesNeverOvershoot() {
        AtomicInteger runs = new AtomicInteger();
        InProcessRunner runner = new InProcessRunner(request -> {
            runs.incrementAndGet();
            Thread.sleep(100);
            return Outcome.ok(score(request.workingDirectory()));
        });
        ScriptedStrategy strategy = ScriptedStrategy.writing("a.txt", "6\n", "7\n", "8\n", "9\n", "10\n", "11\n", "12\n",
                "13\n", "14\n").ahead();
        ResearchReport report = loop(4, 5, strategy, runner).build().run();
        assertThat(report.state().experimentsRun()).isEqualTo(5);
        assertThat(runs.get()).as("three baseline runs, then one per experiment").isEqualTo(3 + 5);
        assertThat(Journal.read(session().resolve("journal.jsonl")).pending()).isEmpty();
    }

    @Test
    void cancelStopsEveryLaneAndTheResumeRunsTheirExperimentsAgainUnderTheSameNumbers() throws Exception {
        CountDownLatch allRunning = new CountDownLatch(3);
        InProcessRunner hanging = new InProcessRunner(request -> {
            if (request.experiment() > 0) {
                allRunning.countDown();
                Thread.sleep(60_000);
            }
            return Outcome.ok(score(request.workingDirectory()));
        });
        ScriptedStrategy strategy = ScriptedStrategy.writing("a.txt", "4\n", "3\n", "2\n");
        ResearchSession session = loop(3, 3, strategy, hanging).build().start();
        assertThat(allRunning.await(30, TimeUnit.SECONDS)).isTrue();
        session.cancel();
        ResearchReport stopped = session.await(Duration.ofSeconds(30)).orElseThrow();
        assertThat(stopped.interrupted()).isTrue();
        assertThat(stopped.stopReason().kind()).isEqualTo(StopReason.Kind.INTERRUPTED);
        assertThat(stopped.state().history()).hasSize(1);
        assertThat(Journal.read(session().resolve("journal.jsonl")).pending()).extracting(p -> p.experiment())
                .containsExactly(1, 2, 3);

        AtomicInteger proposals = new AtomicInteger();
        HypothesisGenerator counting = context -> {
            proposals.incrementAndGet();
            return strategy.propose(context);
        };
        InProcessRunner quick = new InProcessRunner(request -> Outcome.ok(score(request.workingDirectory())));
        ResearchReport resumed = ResearchLoop.builder().repository(repo.root()).tag("p").program(spec(3))
                .strategy(counting, strategy).runner(quick).metrics(SimpleMetrics.summaryLines()).workers(3).build().run();
        assertThat(proposals.get()).as("the proposals were journalled, not asked for again").isZero();
        assertThat(resumed.state().history()).extracting(ExperimentRecord::experiment).containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(quick.requests()).extracting(RunRequest::experiment).contains(1, 2, 3);
    }

    @Test
    void aLaneWhoseRunsAlwaysFailWhileOthersSucceedIsTakenOutOfRotation() {
        InProcessRunner brokenLaneTwo = new InProcessRunner(request -> request.lane() == 2
                ? Outcome.fail(1, "CUDA error: device-side assert triggered\n")
                : Outcome.ok(score(request.workingDirectory())));
        String[] values = new String[30];
        for (int i = 0; i < values.length; i++) {
            values[i] = (20 + i) + "\n";
        }
        List<ResearchEvent> events = new CopyOnWriteArrayList<>();
        // Proposals made ahead, and runs longer than a proposal even on a loaded machine: every lane gets work.
        ResearchReport report = loop(3, 20, ScriptedStrategy.writing("a.txt", values).ahead(),
                new InProcessRunner(request -> {
                    Thread.sleep(200);
                    return brokenLaneTwo.run(request).exitCode() == 0
                            ? Outcome.ok(score(request.workingDirectory()))
                            : Outcome.fail(1, "CUDA error: device-side assert triggered\n");
                })).listener(events::add).build().run();

        assertThat(events).filteredOn(e -> e instanceof ResearchEvent.LaneRetired).singleElement()
                .satisfies(e -> assertThat(((ResearchEvent.LaneRetired) e).lane()).isEqualTo(2));
        assertThat(report.stopReason().kind()).isEqualTo(StopReason.Kind.MAX_EXPERIMENTS);
        assertThat(report.state().experimentsRun()).isEqualTo(20);
        assertThat(report.state().history()).filteredOn(r -> r.lane() == 2).hasSizeLessThanOrEqualTo(4);
    }

    @Test
    void aProposalWhoseCodeWasMeasuredAlreadyIsNotRunAndTheStrategyIsToldWhichItRepeats() {
        List<List<String>> feedback = new CopyOnWriteArrayList<>();
        List<dev.autoresearch.core.Refusal> refusals = new CopyOnWriteArrayList<>();
        // After its first idea it goes back to the baseline's a=5 until told that this repeats experiment 0.
        HypothesisGenerator repetitive = new HypothesisGenerator() {
            @Override
            public Hypothesis propose(ResearchContext context) {
                feedback.add(context.feedback());
                refusals.addAll(context.refusals());
                int n = context.experiment();
                String a = context.feedback().isEmpty() ? (n == 1 ? "3" : "5") : Integer.toString(4 - n);
                return new Hypothesis("a " + a, "", "", dev.autoresearch.core.TokenUsage.ZERO);
            }

            @Override
            public boolean proposesAhead() {
                return false; // each proposal sees the last keep
            }
        };
        CodeMutator writeA = (h, c) -> new MutationResult.Applied(Change.of("a.txt", h.title().substring(2) + "\n"));
        InProcessRunner runner = new InProcessRunner(request -> Outcome.ok(score(request.workingDirectory())));
        ResearchReport report = ResearchLoop.builder().repository(repo.root()).tag("p").program(spec(3))
                .strategy(repetitive, writeA).runner(runner).metrics(SimpleMetrics.summaryLines()).build().run();

        assertThat(report.duplicatesSkipped()).isEqualTo(2);
        assertThat(feedback).anySatisfy(f -> assertThat(f).singleElement().satisfies(line ->
                assertThat(line).contains("exactly the same code as experiment 0")));
        assertThat(refusals).as("refusals as data: what was refused and which experiment it repeats")
                .isNotEmpty().allSatisfy(r -> {
                    assertThat(r.hypothesis().title()).isEqualTo("a 5");
                    assertThat(r.duplicateOf()).hasValue(0);
                });
        assertThat(report.state().history().subList(1, 4)).extracting(r -> r.hypothesis().title())
                .containsExactly("a 3", "a 2", "a 1");
        // No code was measured twice.
        assertThat(runner.requests()).extracting(RunRequest::experiment).filteredOn(n -> n > 0).doesNotHaveDuplicates();
    }
}
