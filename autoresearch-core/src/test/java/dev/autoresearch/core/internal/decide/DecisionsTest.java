package dev.autoresearch.core.internal.decide;

import dev.autoresearch.core.Constraint;
import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.Metrics;
import dev.autoresearch.core.PendingExperiment;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.TokenUsage;
import dev.autoresearch.core.journal.RunMeasured;
import dev.autoresearch.core.keep.Holdout;
import dev.autoresearch.core.keep.KeepRules;
import dev.autoresearch.core.keep.KeepSettings;
import dev.autoresearch.core.search.SearchPolicies;
import dev.autoresearch.core.search.SearchPolicy;
import dev.autoresearch.core.search.Start;
import dev.autoresearch.core.search.StartRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The loop's decisions on scripted observations: no git, no journal, no threads. Each test plays what
 * a lane, the guard or the proposer would report and reads the steps the decisions ask for.
 */
class DecisionsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final ProgramSpec GREEDY = ProgramSpec.builder().metric("loss").direction(Direction.MINIMIZE)
            .run("./train").keep(KeepSettings.DEFAULT.withRule(KeepSettings.Rule.GREEDY)).build();
    private static final ProgramSpec SIGNIFICANT = GREEDY.toBuilder().keep(KeepSettings.DEFAULT).build();

    private final Tampering clean = new Tampering(List.of(), Set.of());

    @Test
    void aBetterRunOnTheChampionIsKeptWithItsEvidence() {
        Decisions d = decisions(GREEDY, 1);
        LoopState s = started(d, baseline(10.0), proposal(1, "c0", "c1"), 1);

        Decisions.Next next = d.next(s, measured(1, 9.0));

        Step.Keep keep = only(next.steps(), Step.Keep.class);
        assertThat(keep.trial().commit()).isEqualTo("c1");
        assertThat(keep.outcome().metric()).hasValue(9.0);
        assertThat(keep.outcome().reason()).startsWith("evidence: -10.0%");
        assertThat(next.state().trials()).isEmpty();
    }

    @Test
    void aWorseRunIsDiscardedAndAMissingMetricIsACrash() {
        Decisions d = decisions(GREEDY, 1);
        LoopState s = started(d, baseline(10.0), proposal(1, "c0", "c1"), 1);

        Step.Record worse = only(d.next(s, measured(1, 11.0)).steps(), Step.Record.class);
        Step.Record missing = only(d.next(s, new Observation.Measured(1, new Measurement(
                List.of(Metrics.of("other", 1)), Optional.empty(), false), clean)).steps(), Step.Record.class);

        assertThat(worse.outcome().status()).isEqualTo(Status.DISCARD);
        assertThat(worse.outcome().reason()).contains("worse than the best");
        assertThat(missing.outcome().status()).isEqualTo(Status.CRASH);
        assertThat(missing.outcome().reason()).contains("metric 'loss' not found");
    }

    @Test
    void aConstraintViolatedDiscardsAWin() {
        ProgramSpec spec = GREEDY.toBuilder().constraint(Constraint.parse("memory_gb", "<= 8")).build();
        Decisions d = decisions(spec, 1);
        LoopState s = started(d, baseline(10.0), proposal(1, "c0", "c1"), 1);

        Step.Record r = only(d.next(s, new Observation.Measured(1, new Measurement(
                List.of(Metrics.of(Map.of("loss", 9.0, "memory_gb", 12.0))), Optional.empty(), false), clean))
                .steps(), Step.Record.class);

        assertThat(r.outcome().status()).isEqualTo(Status.DISCARD);
        assertThat(r.outcome().reason()).contains("constraint memory_gb <= 8").contains("violated");
    }

    @Test
    void anUndecidedComparisonAsksForTheChampionAndTheCandidateAgainThenDecides() {
        Decisions d = decisions(SIGNIFICANT, 1);
        LoopState s = started(d, baseline(100.0, 101.0, 99.0), proposal(1, "c0", "c1"), 1);

        Decisions.Next first = d.next(s, measured(1, 90.0));
        Step.MeasureMore more = only(first.steps(), Step.MeasureMore.class);
        assertThat(more.parent()).isEqualTo("c0");
        assertThat(more.commit()).isEqualTo("c1");
        assertThat(more.firstLog()).isEqualTo(2); // after the run of its first series

        Decisions.Next second = d.next(first.state(), new Observation.MeasuredMore(1,
                runs(Collections.nCopies(more.championRuns(), 100.2)), runs(Collections.nCopies(more.candidateRuns(), 90.2)),
                clean));
        Step.Keep keep = only(second.steps(), Step.Keep.class);
        assertThat(keep.outcome().values().get("loss@champion")).hasSize(more.championRuns());
        assertThat(keep.outcome().confidence()).isPresent();
    }

    @Test
    void aWinOnAParentAnotherLaneReplacedIsReplayedOntoTheChampionAndMeasuredThere() {
        Decisions d = decisions(GREEDY, 2);
        ResearchState research = baseline(10.0).with(kept(2, "c2", "c0", 8.0));
        LoopState s = started(d, research, proposal(1, "c0", "c1"), 1);

        Decisions.Next won = d.next(s, measured(1, 9.0));
        Step.Replay replay = only(won.steps(), Step.Replay.class);
        assertThat(replay.commit()).isEqualTo("c1");
        assertThat(replay.onto()).isEqualTo("c2");

        Decisions.Next replayed = d.next(won.state(), new Observation.Replayed(1, Optional.of("r1")));
        Step.Measure measure = only(replayed.steps(), Step.Measure.class);
        assertThat(measure.commit()).isEqualTo("r1");
        assertThat(measure.firstLog()).isEqualTo(2);
        assertThat(replayed.state().trial(1).orElseThrow().parent()).isEqualTo("c2");

        Step.Keep keep = only(d.next(replayed.state(), measured(1, 7.0)).steps(), Step.Keep.class);
        assertThat(keep.trial().parent()).isEqualTo("c2");
        assertThat(keep.outcome().reason()).startsWith("beat its parent (c0) with 9.00000, but #2 was kept meanwhile; "
                + "replayed onto #2; kept on it; evidence:");
    }

    @Test
    void aConflictingReplayIsMadeAgainFromItsPlanOrSupersededWithoutOne() {
        Decisions d = decisions(GREEDY, 2);
        ResearchState research = baseline(10.0).with(kept(2, "c2", "c0", 8.0));
        PendingExperiment planned = planned(1, "c0", "c1");
        LoopState withPlan = d.next(started(d, research, planned, 1), measured(1, 9.0)).state();
        LoopState withoutPlan = d.next(started(d, research, proposal(1, "c0", "c1"), 1), measured(1, 9.0)).state();

        Decisions.Next conflict = d.next(withPlan, new Observation.Replayed(1, Optional.empty()));
        Step.Remake remake = only(conflict.steps(), Step.Remake.class);
        assertThat(remake.champion().experiment()).isEqualTo(2);
        assertThat(remake.onto()).isEqualTo("c2");
        Step.Record superseded = only(d.next(withoutPlan, new Observation.Replayed(1, Optional.empty())).steps(),
                Step.Record.class);
        assertThat(superseded.outcome().status()).isEqualTo(Status.DISCARD);
        assertThat(superseded.outcome().reason()).contains("superseded: its change conflicts with #2's")
                .endsWith("its strategy gave no plan to make it again from");

        PendingExperiment again = planned.movedOnto("c2", "m1");
        Decisions.Next remade = d.next(conflict.state(), new Observation.Remade(1,
                new ProposalOutcome.Ready(again, "tree-m1", 0), OptionalInt.empty()));
        Step.Journal journal = only(remade.steps(), Step.Journal.class);
        assertThat(journal.toRun()).isFalse();
        assertThat(only(remade.steps(), Step.Measure.class).commit()).isEqualTo("m1");
        Step.Record sameCode = only(d.next(conflict.state(), new Observation.Remade(1,
                new ProposalOutcome.Ready(again, "tree-m1", 0), OptionalInt.of(2))).steps(), Step.Record.class);
        assertThat(sameCode.outcome().reason()).endsWith("made again there, its code is that of experiment 2, "
                + "measured already");
    }

    @Test
    void aStaleWinIsWeighedAgainstTheBetterWinsOfItsParentThatItWouldBeMadeOnAndNotMadeAgainWhenOneCoversIt() {
        Decisions d = decisions(GREEDY, 4);
        LoopState s = LoopState.of(baseline(10.0));
        for (int n = 1; n <= 4; n++) {
            s = started(d, s, n == 3 ? planned(n, "c0", "c3") : proposal(n, "c0", "c" + n), n);
        }
        Decisions.Next first = d.next(s, measured(2, 8.0));
        only(first.steps(), Step.Keep.class);
        s = d.next(first.state(), new Observation.Recorded(kept(2, "k2", "c0", 8.0))).state();

        // #1 did worse on c0 than #2, which is in the champion: the executor is asked whether #2's change covers #1's.
        Decisions.Next worse = d.next(s, measured(1, 9.0));
        Step.Replay replay = only(worse.steps(), Step.Replay.class);
        assertThat(replay.from()).isEqualTo("c0");
        assertThat(replay.onto()).isEqualTo("k2");
        assertThat(replay.alternatives()).containsExactly(new Step.Alternative(2, "c0", "c2"));
        Decisions.Next notAgain = d.next(worse.state(), new Observation.Replayed(1, Optional.empty(), OptionalInt.of(2)));
        Step.Record record = only(notAgain.steps(), Step.Record.class);
        assertThat(record.outcome().status()).isEqualTo(Status.DISCARD);
        assertThat(record.outcome().metric()).hasValue(9.0);
        assertThat(record.trial().parent()).isEqualTo("c0");
        assertThat(record.outcome().reason()).isEqualTo("beat its parent (c0) with 9.00000, but #2 was kept "
                + "meanwhile; not made again: #2 changed the same lines on the same parent and did better there "
                + "(8.00000); its change is in the champion");
        s = d.next(notAgain.state(), new Observation.Recorded(record(1, "c1", "c0", Status.DISCARD,
                Map.of("loss", List.of(9.0)), 1))).state();

        // #3 did better on c0 than #2: nothing to weigh it against; on a conflict it is made again, as before.
        Decisions.Next better = d.next(s, measured(3, 7.0));
        assertThat(only(better.steps(), Step.Replay.class).alternatives()).isEmpty();
        only(d.next(better.state(), new Observation.Replayed(3, Optional.empty())).steps(), Step.Remake.class);

        // #3 is under way on the champion as r3; #4 did worse on c0 than #3 and #2 and would be made on top of both.
        s = d.next(better.state(), new Observation.Replayed(3, Optional.of("r3"))).state();
        Step.Replay onTop = only(d.next(s, measured(4, 8.5)).steps(), Step.Replay.class);
        assertThat(onTop.onto()).isEqualTo("r3");
        assertThat(onTop.alternatives()).containsExactly(new Step.Alternative(3, "c0", "c3"), new Step.Alternative(2, "c0", "c2"));
    }

    @Test
    void winsOfOneRoundAreMadeOnTopOfEachOtherAndLandInOneRound() {
        Decisions d = decisions(GREEDY, 3);
        ResearchState research = baseline(10.0).with(kept(2, "c2", "c0", 8.0));
        LoopState s = started(d, started(d, research, proposal(1, "c0", "c1"), 1), proposal(3, "c0", "c3"), 3);
        s = replayedAs(d, s, 1, 9.0, "c2", "r1");

        // The second win of the round is made on top of the first, under way on the champion: both are measured at once.
        Decisions.Next second = d.next(s, measured(3, 9.5));
        assertThat(only(second.steps(), Step.Replay.class).onto()).isEqualTo("r1");
        Decisions.Next replayed = d.next(second.state(), new Observation.Replayed(3, Optional.of("r3")));
        assertThat(only(replayed.steps(), Step.Measure.class).commit()).isEqualTo("r3");

        // Measured first, it waits for the verdict on the change it was made on top of.
        Decisions.Next waits = d.next(replayed.state(), measured(3, 6.0));
        assertThat(waits.steps()).noneMatch(step -> step instanceof Step.Keep || step instanceof Step.Record);
        assertThat(waits.state().trial(3)).isPresent();

        Decisions.Next first = d.next(waits.state(), measured(1, 7.0));
        Step.Keep keep1 = only(first.steps(), Step.Keep.class);
        Decisions.Next landed = d.next(first.state(), new Observation.Recorded(kept(1, "k1", "c2", 7.0)));
        Step.Keep keep3 = only(landed.steps(), Step.Keep.class);
        assertThat(keep1.trial().parent()).isEqualTo("c2");
        assertThat(keep3.trial().commit()).isEqualTo("r3");
        assertThat(keep3.trial().parent()).isEqualTo("k1");
        assertThat(keep3.outcome().reason()).contains("replayed onto #2 on top of #1's change")
                .contains("#1 was kept first; kept on it");
    }

    @Test
    void aWinWaitsWhileTheWinBeforeItIsMadeAgainThenGoesOnTopOfIt() {
        Decisions d = decisions(GREEDY, 3);
        ResearchState research = baseline(10.0).with(kept(2, "c2", "c0", 8.0));
        PendingExperiment planned = planned(1, "c0", "c1");
        LoopState s = started(d, started(d, research, planned, 1), proposal(3, "c0", "c3"), 3);
        Decisions.Next conflict = d.next(d.next(s, measured(1, 9.0)).state(), new Observation.Replayed(1, Optional.empty()));
        only(conflict.steps(), Step.Remake.class);

        Decisions.Next waits = d.next(conflict.state(), measured(3, 9.5));
        assertThat(waits.steps()).noneMatch(step -> step instanceof Step.Replay);

        Decisions.Next remade = d.next(waits.state(), new Observation.Remade(1,
                new ProposalOutcome.Ready(planned.movedOnto("c2", "m1"), "tree-m1", 0), OptionalInt.empty()));
        assertThat(only(remade.steps(), Step.Measure.class).commit()).isEqualTo("m1");
        assertThat(only(remade.steps(), Step.Replay.class).onto()).isEqualTo("m1");
    }

    @Test
    void aWinMadeOnTopOfOneThatLosesIsJudgedAgainstItThenReplayedOntoTheChampion() {
        Decisions d = decisions(GREEDY, 3);
        LoopState s = secondWinMeasuredOnTopOfTheFirst(d);

        Decisions.Next lost = d.next(s, measured(1, 8.5));
        assertThat(only(lost.steps(), Step.Record.class).outcome().status()).isEqualTo(Status.DISCARD);
        Decisions.Next next = d.next(lost.state(), new Observation.Recorded(record(1, "r1", "c2", Status.DISCARD,
                Map.of("loss", List.of(8.5)), 1)));

        // 7.5 beat the 8.5 it was measured on: its own change is made on the champion alone.
        Step.Replay alone = only(next.steps(), Step.Replay.class);
        assertThat(alone.commit()).isEqualTo("r3");
        assertThat(alone.onto()).isEqualTo("c2");
    }

    @Test
    void aFreshWinWaitsForAWinOfTheLastRoundOnTheSameChampionThenIsMadeOnItsKeep() {
        Decisions d = decisions(GREEDY, 3);
        ResearchState research = baseline(10.0).with(kept(2, "c2", "c0", 8.0));
        LoopState s = started(d, research, proposal(1, "c0", "c1"), 1);
        s = replayedAs(d, s, 1, 9.0, "c2", "r1");
        s = started(d, s, proposal(4, "c2", "c4"), 2);

        Decisions.Next waits = d.next(s, measured(4, 7.5));
        assertThat(waits.steps()).noneMatch(step -> step instanceof Step.Keep || step instanceof Step.Record);

        Decisions.Next first = d.next(waits.state(), measured(1, 7.0));
        only(first.steps(), Step.Keep.class);
        Decisions.Next next = d.next(first.state(), new Observation.Recorded(kept(1, "k1", "c2", 7.0)));
        Step.Replay joins = only(next.steps(), Step.Replay.class);
        assertThat(joins.commit()).isEqualTo("c4");
        assertThat(joins.onto()).isEqualTo("k1");
    }

    @Test
    void aWinWaitingForARoundOfWinsIsMadeAgainOnTheLastOfTheirKeeps() {
        Decisions d = decisions(GREEDY, 3);
        ResearchState research = baseline(10.0).with(kept(2, "c2", "c0", 8.0));
        LoopState s = started(d, started(d, research, proposal(1, "c0", "c1"), 1), proposal(3, "c0", "c3"), 3);
        s = started(d, s, proposal(4, "c2", "c4"), 2);
        s = replayedAs(d, s, 1, 9.0, "c2", "r1");
        s = replayedAs(d, s, 3, 9.5, "r1", "r3");
        s = d.next(d.next(s, measured(3, 6.0)).state(), measured(4, 7.5)).state();
        s = d.next(s, measured(1, 7.0)).state();

        // #1's keep lets #3 (made on top of it) be kept, and #4 (a win on #2) go on: on top of #3's keep, not beside it.
        Decisions.Next landed = d.next(s, new Observation.Recorded(kept(1, "k1", "c2", 7.0)));
        assertThat(only(landed.steps(), Step.Keep.class).trial().experiment()).isEqualTo(3);
        assertThat(landed.steps()).noneMatch(step -> step instanceof Step.Replay);

        Decisions.Next next = d.next(landed.state(), new Observation.Recorded(kept(3, "k3", "k1", 6.0)));
        Step.Replay onTop = only(next.steps(), Step.Replay.class);
        assertThat(onTop.commit()).isEqualTo("c4");
        assertThat(onTop.onto()).isEqualTo("k3");
    }

    @Test
    void whatWaitsForAnInterruptedWinStaysProposedForTheResume() {
        Decisions d = decisions(GREEDY, 3);
        LoopState s = secondWinMeasuredOnTopOfTheFirst(d);

        Decisions.Next cancelled = d.next(s, new Observation.Cancelled(1));

        assertThat(cancelled.state().trials()).isEmpty();
        assertThat(only(cancelled.steps(), Step.Abandon.class).experiment()).isEqualTo(3);
    }

    @Test
    void theChecksRunBeforeAKeepAndAFailedCheckEndsIt() {
        ProgramSpec spec = GREEDY.toBuilder().checks("./check").build();
        Decisions d = decisions(spec, 1);
        Decisions.Next passed = d.next(started(d, baseline(10.0), proposal(1, "c0", "c1"), 1), measured(1, 9.0));
        assertThat(only(passed.steps(), Step.RunChecks.class).commit()).isEqualTo("c1");

        Step.Record failed = only(d.next(passed.state(), new Observation.Checked(1,
                Measurement.failed(List.of(), Status.CHECKS_FAILED, "test Foo failed"), clean)).steps(), Step.Record.class);
        Step.Keep keep = only(d.next(passed.state(), new Observation.Checked(1,
                new Measurement(List.of(), Optional.empty(), false), clean)).steps(), Step.Keep.class);

        assertThat(failed.outcome().status()).isEqualTo(Status.CHECKS_FAILED);
        assertThat(failed.outcome().metric()).hasValue(9.0);
        assertThat(keep.outcome().metric()).hasValue(9.0);
    }

    @Test
    void aHoldoutWorseThanItsAncestorsFlagsTheKeepOrWithTheGuardDiscardsIt() {
        Holdout holdout = Holdout.of("./holdout", "val");
        ProgramSpec spec = GREEDY.toBuilder().keep(GREEDY.keep().withHoldout(holdout).withHoldoutEvery(1)).build();
        ProgramSpec guarded = spec.toBuilder().keep(spec.keep().withHoldoutGuard(true)).build();
        ResearchState research = ResearchState.empty().with(record(0, "c0", "c0", Status.KEEP,
                Map.of("loss", List.of(10.0), "val@holdout", List.of(5.0, 5.01, 4.99)), 0));
        for (ProgramSpec s : List.of(spec, guarded)) {
            Decisions d = decisions(s, 1);
            Decisions.Next passed = d.next(started(d, research, proposal(1, "c0", "c1"), 1), measured(1, 9.0));
            assertThat(only(passed.steps(), Step.RunHoldout.class).commit()).isEqualTo("c1");

            Decisions.Next heldOut = d.next(passed.state(), new Observation.HeldOut(1, runs("val", 7.0), clean));

            if (s == guarded) {
                Step.Record r = only(heldOut.steps(), Step.Record.class);
                assertThat(r.outcome().status()).isEqualTo(Status.DISCARD);
                assertThat(r.outcome().reason()).startsWith("holdout-guard: ").contains("(against #0)");
            } else {
                Step.Keep k = only(heldOut.steps(), Step.Keep.class);
                assertThat(k.outcome().values().get("val@holdout")).containsExactly(7.0);
                assertThat(k.outcome().reason()).contains("; holdout flagged: ");
                assertThat(only(heldOut.steps(), Step.Say.class).warn()).isTrue();
            }
        }
    }

    @Test
    void aChangeOutsideTheWorktreesConvictsTheOnlyRunInFlightElseEverySuspectIsMeasuredAgain() {
        Decisions d = decisions(GREEDY, 2);
        LoopState one = started(d, baseline(10.0), proposal(1, "c0", "c1"), 1);
        Step.Record convicted = only(d.next(one, new Observation.Measured(1, runs("loss", 9.0),
                new Tampering(List.of("program.md"), Set.of(1)))).steps(), Step.Record.class);
        assertThat(convicted.outcome().status()).isEqualTo(Status.INVALID);
        assertThat(convicted.outcome().reason()).startsWith("the run changed program.md outside its worktree; put back");

        LoopState two = started(d, one, proposal(2, "c0", "c2"), 2);
        Decisions.Next suspected = d.next(two, new Observation.Measured(1, runs("loss", 9.0),
                new Tampering(List.of("program.md"), Set.of(1, 2))));
        assertThat(only(suspected.steps(), Step.Measure.class).commit()).isEqualTo("c1");
        assertThat(only(suspected.steps(), Step.Say.class).message()).contains("cannot be told whose run it was");
        // The other suspect's measurement is thrown away too when it comes back.
        Step.Measure again = only(d.next(suspected.state(), measured(2, 9.5)).steps(), Step.Measure.class);
        assertThat(again.commit()).isEqualTo("c2");
        // Caught a second time, a suspect is convicted.
        Step.Record second = only(d.next(suspected.state(), new Observation.Measured(1, runs("loss", 9.0),
                new Tampering(List.of("program.md"), Set.of(1, 2)))).steps(), Step.Record.class);
        assertThat(second.outcome().status()).isEqualTo(Status.INVALID);
    }

    @Test
    void anInterruptedRunIsAbandonedWithoutARecordAndACrashIsRecorded() {
        Decisions d = decisions(GREEDY, 1);
        LoopState s = started(d, baseline(10.0), proposal(1, "c0", "c1"), 1);

        Decisions.Next interrupted = d.next(s, new Observation.Measured(1, Measurement.interrupted(List.of()), clean));
        Decisions.Next crashed = d.next(s, new Observation.Measured(1,
                Measurement.failed(List.of(), Status.CRASH, "exit 1"), clean));

        assertThat(interrupted.steps()).noneMatch(step -> step instanceof Step.Record || step instanceof Step.Keep);
        assertThat(only(interrupted.steps(), Step.Abandon.class).experiment()).isEqualTo(1);
        assertThat(interrupted.state().trials()).isEmpty();
        assertThat(interrupted.state().research().pending()).extracting(PendingExperiment::experiment).containsExactly(1);
        assertThat(only(crashed.steps(), Step.Record.class).outcome().status()).isEqualTo(Status.CRASH);
    }

    @Test
    void aSessionGoesOnFromTheRunsAStoppedSessionJournalled() {
        Decisions d = decisions(SIGNIFICANT.toBuilder().repeats(3).build(), 1);
        ResearchState research = baseline(100.0, 101.0, 99.0).withPending(proposal(1, "c0", "c1"));
        Trial trial = Trial.start(proposal(1, "c0", "c1"), 1, T0);

        Decisions.Next next = d.next(LoopState.of(research), new Observation.Started(trial, List.of(
                new RunMeasured(1, 1, "c1", 1, Map.of("loss", 90.0)), new RunMeasured(1, 1, "c1", 2, Map.of("loss", 91.0)))));

        Step.Measure rest = only(next.steps(), Step.Measure.class);
        assertThat(rest.runs()).isEqualTo(1);
        assertThat(rest.firstLog()).isEqualTo(3);
        assertThat(next.state().trial(1).orElseThrow().runs()).hasSize(2);
    }

    @Test
    void workInFlightIsPartOfTheResearchState() {
        Decisions d = decisions(GREEDY, 2);
        ResearchState research = baseline(10.0).withPending(proposal(1, "c0", "c1")).withPending(proposal(2, "c0", "c2"));
        LoopState asked = LoopState.of(research).proposing(3);
        assertThat(asked.research().experimentsStarted()).isZero();
        assertThat(asked.research().assumingStarted().experimentsStarted()).isEqualTo(3);

        LoopState running = started(d, asked, proposal(1, "c0", "c1"), 1);
        assertThat(running.research().experimentsStarted()).isEqualTo(1);
        assertThat(running.research().running()).extracting(PendingExperiment::experiment).containsExactly(1);
        assertThat(running.research().proposing()).containsExactly(3);
    }

    @Test
    void proposalsBecomeWorkForALaneOrRecordsWithoutARun() {
        Decisions d = decisions(GREEDY, 1);
        LoopState s = LoopState.of(baseline(10.0)).proposing(1).proposing(2);
        PendingExperiment p = proposal(1, "c0", "c1");

        Decisions.Next ready = d.next(s, new Observation.Proposed(new ProposalOutcome.Ready(p, "t1", 2), true,
                OptionalInt.empty(), T0));
        assertThat(only(ready.steps(), Step.Journal.class).toRun()).isTrue();
        assertThat(ready.state().research().pending()).extracting(PendingExperiment::experiment).containsExactly(1);
        assertThat(ready.state().research().proposing()).containsExactly(2);
        assertThat(ready.state().duplicatesSkipped()).isEqualTo(2);

        Decisions.Next twin = d.next(s, new Observation.Proposed(new ProposalOutcome.Ready(p, "t1", 0), true,
                OptionalInt.of(2), T0));
        assertThat(twin.steps()).noneMatch(step -> step instanceof Step.Journal);
        assertThat(twin.state().duplicatesSkipped()).isEqualTo(1);

        Decisions.Next refused = d.next(s, new Observation.Proposed(new ProposalOutcome.Refused(1,
                new Hypothesis("same again", ""), "llm", "c0", T0, "edits do not apply", 0, false, 0), true, OptionalInt.empty(),
                T0.plusSeconds(3)));
        ExperimentRecord invalid = only(refused.steps(), Step.RecordWithoutRun.class).record();
        assertThat(invalid.status()).isEqualTo(Status.INVALID);
        assertThat(invalid.reason()).isEqualTo("edits do not apply");
        assertThat(invalid.duration()).isEqualTo(Duration.ofSeconds(3));

        Decisions.Next exhausted = d.next(s, new Observation.Proposed(new ProposalOutcome.Exhausted(1, "c0", "grid done"), true,
                OptionalInt.empty(), T0));
        assertThat(exhausted.state().exhausted()).hasValue("grid done");
        LoopState afterRecord = d.next(exhausted.state(), new Observation.Recorded(record(1, "c1", "c0", Status.DISCARD,
                Map.of("loss", List.of(11.0)), 1))).state();
        assertThat(afterRecord.exhausted()).isEmpty();

        Step.Fail fail = only(d.next(s, new Observation.Proposed(new ProposalOutcome.Failed(1,
                new IllegalStateException("model down")), true, OptionalInt.empty(), T0)).steps(), Step.Fail.class);
        assertThat(fail.stopRuns()).isFalse();
    }

    @Test
    void aLaneThatFailsThreeTimesWhileAnotherSucceedsIsRetiredButNeverTheLast() {
        Decisions d = decisions(GREEDY, 2);
        LoopState s = LoopState.of(baseline(10.0));
        List<Step> steps = new ArrayList<>();
        // Lane 2 crashes twice, lane 1 succeeds meanwhile, lane 2 crashes a third time.
        for (ExperimentRecord r : List.of(record(1, "c1", "c0", Status.CRASH, Map.of(), 2),
                record(2, "c2", "c0", Status.CRASH, Map.of(), 2),
                record(3, "c3", "c0", Status.DISCARD, Map.of("loss", List.of(11.0)), 1),
                record(4, "c4", "c0", Status.CRASH, Map.of(), 2))) {
            Decisions.Next next = d.next(s, new Observation.Recorded(r));
            s = next.state();
            steps.addAll(next.steps());
        }
        assertThat(only(steps, Step.RetireLane.class)).isEqualTo(new Step.RetireLane(2, 3));
        assertThat(s.retired(2)).isTrue();

        LoopState alone = LoopState.of(baseline(10.0));
        for (int n = 1; n <= 3; n++) {
            Decisions.Next next = decisions(GREEDY, 1).next(alone, new Observation.Recorded(record(n, "c" + n, "c0",
                    Status.CRASH, Map.of(), 1)));
            alone = next.state();
            assertThat(next.steps()).noneMatch(step -> step instanceof Step.RetireLane);
        }
    }

    @Test
    void aKeptChangeIsReMeasuredFromTheReRunsItsComparisonsPooledAndAWarningIsGivenOnce() {
        ProgramSpec spec = SIGNIFICANT.toBuilder().keep(KeepSettings.DEFAULT.withRemeasureEvery(2)).build();
        Decisions d = decisions(spec, 1);
        LoopState s = LoopState.of(ResearchState.empty()
                .with(record(0, "c0", "c0", Status.KEEP, Map.of("loss", List.of(100.0, 101.0, 99.0)), 0))
                .with(record(1, "c1", "c0", Status.KEEP, Map.of("loss", List.of(90.0, 90.5, 89.5)), 1)));
        List<Step> steps = new ArrayList<>();
        for (int n = 2; n <= 5; n++) {
            // Each comparison against #1 re-ran it, and found it back where the baseline was.
            Decisions.Next next = d.next(s, new Observation.Recorded(record(n, "c" + n, "c1", Status.DISCARD,
                    Map.of("loss", List.of(100.0), "loss@champion", List.of(100.2, 99.8)), 1)));
            s = next.state();
            steps.addAll(next.steps());
        }
        List<Step.Reproduced> checks = steps.stream().filter(Step.Reproduced.class::isInstance)
                .map(Step.Reproduced.class::cast).toList();
        assertThat(checks).hasSize(2);
        assertThat(checks).allMatch(c -> !c.reproduces() && c.kept().experiment() == 1);
        assertThat(checks).extracting(Step.Reproduced::warn).containsExactly(true, false);
    }

    @Test
    void theSearchPolicyDecidesWhereProposalsStartAndWhatAStaleParentIsReplayedOnto() {
        SearchPolicy stayPut = new SearchPolicy() {
            @Override
            public Optional<Start> start(ResearchState state, StartRequest request) {
                return Optional.of(Start.at(state.baseline().orElseThrow()));
            }

            @Override
            public Optional<ExperimentRecord> replayOnto(ResearchState state, PendingExperiment experiment) {
                return Optional.empty();
            }
        };
        ResearchState research = baseline(10.0).with(kept(2, "c2", "c0", 8.0));
        Decisions greedy = decisions(GREEDY, 2);
        Decisions own = new Decisions(GREEDY, KeepRules.of(GREEDY), stayPut, 2);

        assertThat(greedy.start(LoopState.of(research), 3).orElseThrow().node().experiment()).isEqualTo(2);
        assertThat(own.start(LoopState.of(research), 3).orElseThrow().node().experiment()).isZero();
        assertThat(only(greedy.next(started(greedy, research, proposal(1, "c0", "c1"), 1), measured(1, 9.0)).steps(),
                Step.Replay.class).onto()).isEqualTo("c2");
        assertThat(only(own.next(started(own, research, proposal(1, "c0", "c1"), 1), measured(1, 9.0)).steps(),
                Step.Keep.class).trial().parent()).isEqualTo("c0");
    }

    // ---- scripting

    /**
     * #2 was kept from c0 while #1 and #3 ran there; #1 is being measured on #2 as r1, and #3, made on
     * top of it as r3, measured 7.5 and waits for #1's verdict.
     */
    private LoopState secondWinMeasuredOnTopOfTheFirst(Decisions d) {
        ResearchState research = baseline(10.0).with(kept(2, "c2", "c0", 8.0));
        LoopState s = started(d, started(d, research, proposal(1, "c0", "c1"), 1), proposal(3, "c0", "c3"), 3);
        s = replayedAs(d, s, 1, 9.0, "c2", "r1");
        s = replayedAs(d, s, 3, 9.5, "r1", "r3");
        return d.next(s, measured(3, 7.5)).state();
    }

    /** Trial {@code n} beats its replaced parent with {@code loss}, is replayed onto {@code onto} as {@code commit} and measured there. */
    private LoopState replayedAs(Decisions d, LoopState s, int n, double loss, String onto, String commit) {
        Decisions.Next won = d.next(s, measured(n, loss));
        assertThat(only(won.steps(), Step.Replay.class).onto()).isEqualTo(onto);
        Decisions.Next replayed = d.next(won.state(), new Observation.Replayed(n, Optional.of(commit)));
        assertThat(only(replayed.steps(), Step.Measure.class).commit()).isEqualTo(commit);
        return replayed.state();
    }

    private static Decisions decisions(ProgramSpec spec, int lanes) {
        return new Decisions(spec, KeepRules.of(spec), SearchPolicies.greedy(), lanes);
    }

    private static LoopState started(Decisions d, ResearchState research, PendingExperiment p, int lane) {
        return started(d, LoopState.of(research), p, lane);
    }

    private static LoopState started(Decisions d, LoopState s, PendingExperiment p, int lane) {
        LoopState withProposal = s.withResearch(s.research().withPending(p));
        Decisions.Next next = d.next(withProposal, new Observation.Started(Trial.start(p, lane, T0), List.of()));
        assertThat(only(next.steps(), Step.Measure.class).commit()).isEqualTo(p.commit());
        return next.state();
    }

    private Observation.Measured measured(int experiment, double... loss) {
        return new Observation.Measured(experiment, runs("loss", loss), clean);
    }

    private static Measurement runs(String metric, double... values) {
        return new Measurement(Arrays.stream(values).mapToObj(v -> Metrics.of(metric, v)).toList(), Optional.empty(),
                false);
    }

    private static Measurement runs(List<Double> loss) {
        return runs("loss", loss.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static ResearchState baseline(double... loss) {
        return ResearchState.empty().with(record(0, "c0", "c0", Status.KEEP,
                Map.of("loss", Arrays.stream(loss).boxed().toList()), 0));
    }

    private static ExperimentRecord kept(int n, String commit, String parent, double loss) {
        return record(n, commit, parent, Status.KEEP, Map.of("loss", List.of(loss)), 1);
    }

    private static PendingExperiment proposal(int n, String parent, String commit) {
        return PendingExperiment.builder().experiment(n).hypothesis(new Hypothesis("idea " + n, "")).strategy("test")
                .parent(parent).commit(commit).proposedAt(T0).build();
    }

    /** A proposal whose strategy gave a plan, so that its change can be made again on a newer champion. */
    private static PendingExperiment planned(int n, String parent, String commit) {
        return proposal(n, parent, commit).toBuilder()
                .hypothesis(new Hypothesis("DEPTH 4 -> 6", "", "DEPTH=6", TokenUsage.ZERO)).build();
    }

    private static ExperimentRecord record(int n, String commit, String parent, Status status,
                                           Map<String, List<Double>> metrics, int lane) {
        List<Double> loss = metrics.getOrDefault("loss", List.of());
        OptionalDouble metric = loss.isEmpty() ? OptionalDouble.empty()
                : OptionalDouble.of(loss.stream().sorted().toList().get(loss.size() / 2));
        return ExperimentRecord.builder().experiment(n).commit(commit).parent(parent).status(status).metric(metric)
                .metrics(metrics).hypothesis(n == 0 ? Hypothesis.baseline() : new Hypothesis("idea " + n, ""))
                .strategy("test").startedAt(T0.plusSeconds(n)).duration(Duration.ofSeconds(1)).lane(lane).build();
    }

    private static <T extends Step> T only(List<Step> steps, Class<T> type) {
        List<T> found = steps.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as("steps of type %s in %s", type.getSimpleName(), steps).hasSize(1);
        return found.get(0);
    }
}
