package dev.autoresearch.core.loop;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.BaselineFailedException;
import dev.autoresearch.core.Change;
import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.HypothesisGenerator;
import dev.autoresearch.core.MutationResult;
import dev.autoresearch.core.PendingExperiment;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchEvent;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.StopCriteria;
import dev.autoresearch.core.StopReason;
import dev.autoresearch.core.testing.InProcessRunner;
import dev.autoresearch.core.testing.InProcessRunner.Outcome;
import dev.autoresearch.core.testing.SimpleMetrics;
import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a Java host that embeds the loop relies on: cancel, the final event, failures named, the generator's contract. */
class EmbeddingContractTest {
    @TempDir
    Path dir;

    TestRepo repo;
    final List<ResearchEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        repo = TestRepo.init(dir.resolve("project"));
        repo.write("a.txt", "10\n").write("program.md", "---\nmetric: score\n---\n").commitAll("initial");
    }

    ResearchLoop.Builder loop(int experiments, HypothesisGenerator generator, InProcessRunner runner) {
        ProgramSpec spec = ProgramSpec.builder().source(repo.root().resolve("program.md")).metric("score")
                .direction(Direction.MINIMIZE).run("./train").editable("a.txt")
                .stop(StopCriteria.DEFAULT.withMaxExperiments(experiments)).build();
        return ResearchLoop.builder().repository(repo.root()).tag("e").program(spec)
                .strategy(generator, (h, c) -> new MutationResult.Applied(Change.of("a.txt", h.plan() + "\n")))
                .runner(runner).metrics(SimpleMetrics.summaryLines()).listener(events::add);
    }

    static HypothesisGenerator counting() {
        return c -> Hypothesis.of("a " + (10 - c.experiment()), "", Integer.toString(10 - c.experiment()));
    }

    static InProcessRunner scoring() {
        return new InProcessRunner(r -> Outcome.ok("score: " + Files.readString(r.workingDirectory().resolve("a.txt"))));
    }

    @Test
    void cancelRightAfterStartGivesAReportWithItsStopReason() throws Exception {
        dev.autoresearch.core.ResearchSession session = loop(3, counting(), scoring()).build().start();
        session.cancel();
        ResearchReport report = session.await(Duration.ofSeconds(30)).orElseThrow();
        assertThat(report.interrupted()).isTrue();
        assertThat(report.stopReason().kind()).isEqualTo(StopReason.Kind.INTERRUPTED);
    }

    @Test
    void aFailedSessionEndsWithOneFinalEventNamingTheFailure() {
        InProcessRunner broken = new InProcessRunner(r -> Outcome.fail(1, "Traceback: no data\n"));
        assertThatThrownBy(() -> loop(3, counting(), broken).build().run()).isInstanceOf(BaselineFailedException.class);
        assertThat(events).last().isInstanceOfSatisfying(ResearchEvent.SessionFailed.class, failed -> {
            assertThat(failed.tag()).isEqualTo("e");
            assertThat(failed.error()).isInstanceOf(BaselineFailedException.class);
        });
        assertThat(events).filteredOn(e -> e instanceof ResearchEvent.SessionFailed
                || e instanceof ResearchEvent.SessionFinished).hasSize(1);
    }

    @Test
    void aSessionThatSucceedsEndsWithSessionFinished() {
        loop(2, counting(), scoring()).build().run();
        assertThat(events).last().isInstanceOf(ResearchEvent.SessionFinished.class);
        assertThat(events).noneMatch(e -> e instanceof ResearchEvent.SessionFailed);
    }

    @Test
    void aStoppingPolicyThatThrowsIsNamedInTheFailure() {
        assertThatThrownBy(() -> loop(3, counting(), scoring()).stopWhen((state, spec) -> {
            if (state.experimentsRun() >= 1) {
                throw new IllegalStateException("budget service unreachable");
            }
            return java.util.Optional.empty();
        }).build().run()).isInstanceOf(AutoresearchException.class)
                .hasMessageContaining("the stopping policy given to stopWhen(...)")
                .hasMessageContaining("budget service unreachable")
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThat(events).last().isInstanceOf(ResearchEvent.SessionFailed.class);
    }

    @Test
    void aGeneratorThatThrowsIsNamedInTheFailure() {
        HypothesisGenerator broken = c -> {
            throw new IllegalArgumentException("no idea");
        };
        assertThatThrownBy(() -> loop(3, broken, scoring()).build().run()).isInstanceOf(AutoresearchException.class)
                .hasMessageContaining("the strategy's generator").hasMessageContaining("failed proposing experiment 1")
                .hasMessageContaining("no idea");
    }

    @Test
    void aGeneratorThatDoesNotSayItProposesAheadIsAskedOneAtATimeAndSeesEveryProposalBefore() {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<String> unseen = new CopyOnWriteArrayList<>();
        HypothesisGenerator plain = c -> {
            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
            try {
                Set<Integer> known = new HashSet<>();
                c.state().history().forEach(r -> known.add(r.experiment()));
                c.state().pending().stream().map(PendingExperiment::experiment).forEach(known::add);
                for (int n = 0; n < c.experiment(); n++) {
                    if (!known.contains(n)) {
                        unseen.add("asked for " + c.experiment() + " without " + n);
                    }
                }
                Thread.sleep(20);
                return Hypothesis.of("a " + (10 - c.experiment()), "", Integer.toString(10 - c.experiment()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                inside.decrementAndGet();
            }
        };
        InProcessRunner slow = new InProcessRunner(r -> {
            Thread.sleep(100);
            return Outcome.ok("score: " + Files.readString(r.workingDirectory().resolve("a.txt")));
        });
        ResearchReport report = loop(6, plain, slow).workers(3).build().run();
        assertThat(report.state().experimentsRun()).isEqualTo(6);
        assertThat(most.get()).as("calls never overlap").isEqualTo(1);
        assertThat(unseen).isEmpty();
        assertThat(report.state().history()).extracting(ExperimentRecord::experiment).contains(1, 2, 3, 4, 5, 6);
    }

    @Test
    void aHostsOwnKeepRuleDecidesTheKeeps() {
        // Keeps only a change at least 25% better than its champion: 10 -> 9 is not, 10 -> 7 is.
        dev.autoresearch.core.keep.KeepRule greedy = dev.autoresearch.core.keep.KeepRules.greedy(Direction.MINIMIZE,
                dev.autoresearch.core.MinImprovement.NONE);
        dev.autoresearch.core.keep.KeepRule strict = new dev.autoresearch.core.keep.KeepRule() {
            @Override
            public String name() {
                return "strict";
            }

            @Override
            public dev.autoresearch.core.keep.Verdict decide(dev.autoresearch.core.keep.Comparison c) {
                dev.autoresearch.core.keep.Verdict v = greedy.decide(c);
                double champion = c.championRuns().get(0);
                double candidate = c.candidateRuns().get(0);
                return v instanceof dev.autoresearch.core.keep.Verdict.Keep && candidate > 0.75 * champion
                        ? new dev.autoresearch.core.keep.Verdict.Discard(v.evidence(), "not 25% better (strict rule)") : v;
            }
        };
        HypothesisGenerator twoMoves = c -> Hypothesis.of("a " + (c.experiment() == 1 ? 9 : 7), "",
                c.experiment() == 1 ? "9" : "7");
        ResearchReport report = loop(2, twoMoves, scoring()).keepRule(strict).build().run();
        assertThat(report.state().record(1).orElseThrow().status()).isEqualTo(dev.autoresearch.core.Status.DISCARD);
        assertThat(report.state().record(1).orElseThrow().reason()).contains("not 25% better (strict rule)");
        assertThat(report.state().record(2).orElseThrow().status()).isEqualTo(dev.autoresearch.core.Status.KEEP);
    }
}
