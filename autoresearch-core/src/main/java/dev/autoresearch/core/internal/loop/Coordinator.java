package dev.autoresearch.core.internal.loop;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.PendingExperiment;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchEvent;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.StopReason;
import dev.autoresearch.core.internal.decide.Decisions;
import dev.autoresearch.core.internal.decide.LoopState;
import dev.autoresearch.core.internal.decide.Measurement;
import dev.autoresearch.core.internal.decide.Observation;
import dev.autoresearch.core.internal.decide.ProposalOutcome;
import dev.autoresearch.core.internal.decide.Step;
import dev.autoresearch.core.internal.decide.Trial;
import dev.autoresearch.core.internal.git.ChangedLines;
import dev.autoresearch.core.journal.RunMeasured;
import dev.autoresearch.core.journal.RunStart;
import dev.autoresearch.core.search.Start;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;

/**
 * The one writer of a session, and the executor of its {@link Decisions}: it numbers proposals, hands
 * them to free lanes, carries out the steps the decisions return (runs on lanes, replays, keeps,
 * records) and feeds back what it saw, all on the thread that runs the loop. Lanes and the proposer
 * work on threads of their own and report back through a queue, so no lane ever waits for the
 * strategy and no decision depends on two threads at once. What to do with a result is never decided
 * here.
 */
final class Coordinator {
    private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);

    private final SessionContext session;
    private final ResearchLoop.Config config;
    private final ProgramSpec spec;
    private final List<Lane> lanes;
    private final Proposer proposer;
    private final Measurer measurer;
    private final SessionGuard guard;
    private final Decisions decisions;
    private final java.util.function.Consumer<ResearchEvent> emit;
    private final BlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
    /** Proposals journalled and waiting for a lane, by number. */
    private final TreeMap<Integer, PendingExperiment> ready = new TreeMap<>();
    /** Proposals a killed loop left running, by the lane they go back to. */
    private final Map<Integer, PendingExperiment> pinned = new HashMap<>();
    /** The run a killed loop left on a lane, to hand to the runner before the experiment's next run. */
    private final Map<Integer, RunStart> left = new HashMap<>();
    /** Proposals in the making, by the number each will have. */
    private final Map<Integer, Future<?>> proposing = new HashMap<>();
    /** Proposals being made again on a newer champion before they start. */
    private final Set<Integer> remaking = new HashSet<>();
    /** The job each trial has on its lane (or with the proposer) now. */
    private final Map<Integer, Future<?>> jobs = new HashMap<>();
    /** The tree of every commit measured or under way: the same tree is the same code. */
    private final Map<String, Integer> trees;
    /** The runs a stopped session journalled for its experiments in flight, taken when each starts again. */
    private final Map<Integer, List<RunMeasured>> measuredBefore;

    private LoopState state;
    /** The experiment numbers below this one are all recorded. */
    private int unrecordedFrom = 1;
    private Optional<StopReason> stop = Optional.empty();
    private Optional<RuntimeException> fatal = Optional.empty();
    private boolean cancelled;

    Coordinator(SessionContext session, List<Lane> lanes, Proposer proposer, Measurer measurer, SessionGuard guard,
                Decisions decisions, ResearchState research, Map<String, Integer> trees,
                Map<Integer, RunStart> leftRunning, Map<Integer, List<RunMeasured>> measuredBefore,
                java.util.function.Consumer<ResearchEvent> emit) {
        this.session = session;
        this.config = session.config();
        this.spec = config.spec();
        this.lanes = lanes;
        this.proposer = proposer;
        this.measurer = measurer;
        this.guard = guard;
        this.decisions = decisions;
        this.state = LoopState.of(research);
        // Read by the proposer's threads as it stands (a copy per proposal would cost what the session holds).
        this.trees = new java.util.concurrent.ConcurrentHashMap<>(trees);
        this.emit = emit;
        this.measuredBefore = new HashMap<>(measuredBefore);
        for (PendingExperiment p : research.pending()) {
            RunStart run = leftRunning.get(p.experiment());
            if (run != null && run.lane() <= lanes.size()) {
                pinned.put(run.lane(), p);
                left.put(p.experiment(), run);
            } else {
                if (run != null) {
                    // Its lane is gone in this configuration: stop what is left of it before it runs again.
                    measurer.stopLeft(lanes.get(0), run);
                }
                ready.put(p.experiment(), p);
            }
        }
    }

    /** Runs experiments until a stopping policy holds, the strategy is done, or the thread is interrupted. */
    Result run() {
        while (true) {
            if (Thread.interrupted()) {
                cancel();
            }
            if (going()) {
                stop = config.stoppingPolicy().check(state.research(), spec);
            }
            if (going()) {
                startFreeLanes();
                propose();
            }
            if (state.trials().isEmpty() && proposing.isEmpty() && remaking.isEmpty()) {
                if (going()) {
                    // A trial decided at once (from the runs a stopped session journalled) may have used the budget.
                    stop = config.stoppingPolicy().check(state.research(), spec);
                }
                if (stop.isPresent() || cancelled || fatal.isPresent()) {
                    break;
                }
                if (ready.isEmpty() && pinned.isEmpty() && state.exhausted().isPresent()) {
                    stop = Optional.of(new StopReason(StopReason.Kind.STRATEGY_EXHAUSTED, state.exhausted().get()));
                    break;
                }
                if (activeLanes() == 0) {
                    stop = Optional.of(new StopReason(StopReason.Kind.CRASH_STREAK,
                            "every lane was taken out of rotation; read the last logs under runs/"));
                    break;
                }
            }
            try {
                events.take().run();
            } catch (InterruptedException e) {
                cancel();
            }
        }
        if (cancelled) {
            stop = Optional.of(new StopReason(StopReason.Kind.INTERRUPTED, "interrupted"));
        }
        StopReason reason = stop.orElseGet(() -> new StopReason(StopReason.Kind.OTHER,
                fatal.map(Throwable::getMessage).orElse("stopped")));
        return new Result(state.research(), reason, cancelled, fatal, state.duplicatesSkipped());
    }

    /** What the coordinator ends with. */
    record Result(ResearchState state, StopReason reason, boolean interrupted, Optional<RuntimeException> fatal,
                  int duplicatesSkipped) {
    }

    private boolean going() {
        return stop.isEmpty() && !cancelled && fatal.isEmpty();
    }

    private long activeLanes() {
        return lanes.stream().filter(l -> !state.retired(l.number())).count();
    }

    private boolean busy(Lane lane) {
        return state.trials().values().stream().anyMatch(t -> t.lane() == lane.number());
    }

    private Lane laneOf(int experiment) {
        return lanes.get(state.trial(experiment).orElseThrow().lane() - 1);
    }

    private void startFreeLanes() {
        for (Lane lane : lanes) {
            if (state.retired(lane.number()) || busy(lane)) {
                continue;
            }
            PendingExperiment next = pinned.remove(lane.number());
            if (next == null) {
                if (ready.isEmpty() || config.stoppingPolicy().check(state.research(), spec).isPresent()) {
                    continue;
                }
                Optional<PendingExperiment> current = onChampion(ready.pollFirstEntry().getValue(), lane);
                if (current.isEmpty()) {
                    continue; // being made again on the champion; this lane takes the next one meanwhile
                }
                next = current.get();
            }
            start(next, lane);
        }
    }

    /**
     * A proposal made on a node the search moved on from before it started: its commit cherry-picked
     * onto the node when that applies cleanly; else its plan made again there by the mutator (empty:
     * it comes back through the queue); else, without a plan to make again, it runs where it was
     * made, and the stale-parent rule decides after its runs.
     */
    private Optional<PendingExperiment> onChampion(PendingExperiment p, Lane lane) {
        Optional<ExperimentRecord> onto = decisions.replayOnto(state.research(), p);
        if (onto.isEmpty()) {
            return Optional.of(p);
        }
        ExperimentRecord champion = onto.get();
        lane.worktree().checkout(champion.commit());
        Optional<String> picked = lane.worktree().cherryPick(p.commit());
        if (picked.isPresent()) {
            PendingExperiment moved = p.movedOnto(champion.commit(), picked.get());
            session.journal().appendProposal(moved);
            trees.put(lane.worktree().treeOf(picked.get()), p.experiment());
            session.writePatch(p.experiment(), lane.worktree().diff(champion.commit(), picked.get()));
            LOG.debug("experiment {} moved onto the champion #{}", p.experiment(), champion.experiment());
            return Optional.of(moved);
        }
        if (!p.hypothesis().plan().isEmpty()) {
            remaking.add(p.experiment());
            proposer.remake(p, state.research(), champion, champion.commit(),
                    outcome -> events.add(() -> proposed(outcome, false)));
            return Optional.empty();
        }
        return Optional.of(p);
    }

    private void start(PendingExperiment p, Lane lane) {
        Trial trial = Trial.start(p, lane.number(), config.clock().instant());
        LOG.debug("experiment {} starts on lane {}", p.experiment(), lane.number());
        emit.accept(new ResearchEvent.ExperimentStarted(p.experiment(), p.hypothesis(), trial.startedAt(),
                lane.number()));
        List<RunMeasured> restored = measuredBefore.getOrDefault(p.experiment(), List.of()).stream()
                .filter(r -> r.commit().equals(p.commit()) || r.commit().equals(p.parent())).toList();
        measuredBefore.remove(p.experiment());
        if (!restored.isEmpty()) {
            // It goes on from its journalled runs, perhaps decided at once: what a killed loop left running stops first.
            Optional.ofNullable(left.remove(p.experiment())).ifPresent(run -> measurer.stopLeft(lane, run));
        }
        apply(new Observation.Started(trial, restored));
    }

    /**
     * Keeps enough proposals ready or in the making that every free lane has its next experiment; a
     * strategy that thinks ahead is also asked, while each lane runs, for that lane's next one (as a
     * single lane's loop always was), and for one more while lanes are free. A strategy that answers
     * at once is asked one proposal at a time, so each sees every result before it.
     */
    private void propose() {
        boolean ahead = config.generator().proposesAhead();
        long free = lanes.stream().filter(l -> !state.retired(l.number()) && !busy(l)
                && !pinned.containsKey(l.number())).count();
        long wanted = free + (ahead ? Math.max(1, activeLanes() - free) : 0);
        int concurrent = ahead ? (int) activeLanes() + 1 : 1;
        proposer.allow(Math.min(concurrent, (int) wanted));
        while (state.exhausted().isEmpty() && ready.size() + proposing.size() < wanted && proposing.size() < concurrent
                && config.stoppingPolicy().check(state.research().assumingStarted(), spec).isEmpty()) {
            int n = freeNumber();
            Optional<Start> from = decisions.start(state, n);
            if (from.isEmpty()) {
                break; // every node is set aside: the strategy has nothing left to propose for now
            }
            state = state.proposing(n);
            proposing.put(n, proposer.submit(n, state.research(), from.get(), trees,
                    outcome -> events.add(() -> proposed(outcome, true))));
        }
    }

    /** The smallest number not recorded, pending or being proposed: a proposal that came to nothing leaves no gap. */
    private int freeNumber() {
        Set<Integer> taken = new HashSet<>(proposing.keySet());
        state.research().pending().forEach(p -> taken.add(p.experiment()));
        // Records are never taken back, so the numbers below the first unrecorded one stay taken: not asked again.
        while (state.research().record(unrecordedFrom).isPresent()) {
            unrecordedFrom++;
        }
        int n = unrecordedFrom;
        while (taken.contains(n) || state.research().record(n).isPresent()) {
            n++;
        }
        return n;
    }

    private void proposed(ProposalOutcome outcome, boolean fresh) {
        if (fresh) {
            proposing.remove(outcome.experiment());
        } else {
            remaking.remove(outcome.experiment());
        }
        apply(new Observation.Proposed(outcome, fresh, sameCode(outcome), config.clock().instant()));
    }

    /** The experiment whose code a proposal makes, when that code was measured or is under way already. */
    private OptionalInt sameCode(ProposalOutcome outcome) {
        if (outcome instanceof ProposalOutcome.Ready r && trees.containsKey(r.tree())) {
            return OptionalInt.of(trees.get(r.tree()));
        }
        return OptionalInt.empty();
    }

    /** Hands an observation to the decisions and carries out the steps they return. */
    private void apply(Observation observation) {
        Decisions.Next next = decisions.next(state, observation);
        state = next.state();
        next.steps().forEach(this::carry);
    }

    private void carry(Step step) {
        if (step instanceof Step.Measure m) {
            onLane(m.experiment(), (lane, run) -> {
                Measurement measured = measurer.measure(lane, m.experiment(), m.commit(), m.runs(), m.firstLog(), run);
                return () -> new Observation.Measured(m.experiment(), measured, guard.inspect());
            });
        } else if (step instanceof Step.MeasureMore m) {
            onLane(m.experiment(), (lane, run) -> measureMore(lane, run, m));
        } else if (step instanceof Step.RunChecks c) {
            onLane(c.experiment(), (lane, run) -> {
                run.ifPresent(r -> measurer.stopLeft(lane, r));
                Measurement checks = measurer.checks(lane, c.experiment(), c.commit());
                return () -> new Observation.Checked(c.experiment(), checks, guard.inspect());
            });
        } else if (step instanceof Step.RunHoldout h) {
            java.nio.file.Path checkout = session.workspace().root();
            onLane(h.experiment(), (lane, run) -> {
                run.ifPresent(r -> measurer.stopLeft(lane, r));
                Measurement holdout = measurer.holdout(lane, h.experiment(), h.commit(), 1, checkout);
                return () -> new Observation.HeldOut(h.experiment(), holdout, guard.inspect());
            });
        } else if (step instanceof Step.Replay r) {
            replay(r);
        } else if (step instanceof Step.Remake r) {
            Trial trial = state.trial(r.experiment()).orElseThrow();
            jobs.put(r.experiment(), proposer.remake(trial.proposal(), state.research(), r.champion(), r.onto(),
                    outcome -> events.add(() -> apply(new Observation.Remade(r.experiment(), outcome, sameCode(outcome))))));
        } else if (step instanceof Step.Journal j) {
            session.journal().appendProposal(j.proposal());
            trees.put(j.tree(), j.proposal().experiment());
            if (j.toRun()) {
                ready.put(j.proposal().experiment(), j.proposal());
            }
        } else if (step instanceof Step.Keep k) {
            keep(k);
        } else if (step instanceof Step.Record r) {
            record(r.trial(), r.trial().commit(), r.outcome());
        } else if (step instanceof Step.RecordWithoutRun r) {
            write(r.record());
        } else if (step instanceof Step.Abandon a) {
            jobs.remove(a.experiment());
        } else if (step instanceof Step.Reproduced r) {
            reproduced(r);
        } else if (step instanceof Step.RetireLane r) {
            retire(r);
        } else if (step instanceof Step.Fail f) {
            // The host is given the first failure as the session's error; saying it here too would say it twice.
            LOG.debug("the session cannot go on: {}", f.cause().getMessage());
            fatal = fatal.or(() -> Optional.of(f.cause()));
            if (f.stopRuns()) {
                cancelRunning();
            }
        } else if (step instanceof Step.Say s) {
            if (s.warn()) {
                LOG.warn("{}", s.message());
            } else {
                LOG.info("{}", s.message());
            }
        }
    }

    /** What a lane does for a step, given the run a killed loop left there; it returns the observation to report. */
    private interface LaneWork {
        Supplier<Observation> run(Lane lane, Optional<RunStart> left);
    }

    /**
     * Runs {@code work} on the trial's lane; the observation it returns is made on the loop's thread (the
     * guard looks there), queued as an event. A lane that fails (git, the disk) reports that instead.
     */
    private void onLane(int experiment, LaneWork work) {
        Lane lane = laneOf(experiment);
        Optional<RunStart> run = Optional.ofNullable(left.remove(experiment));
        jobs.put(experiment, lane.thread().submit(() -> {
            try {
                Supplier<Observation> seen = work.run(lane, run);
                events.add(() -> apply(seen.get()));
            } catch (RuntimeException e) {
                events.add(() -> laneFailed(experiment, lane, e));
            }
        }));
    }

    /** The champion re-run first, then the candidate, so that a slow drift of the machine hits both sides alike. */
    private Supplier<Observation> measureMore(Lane lane, Optional<RunStart> run, Step.MeasureMore m) {
        run.ifPresent(r -> measurer.stopLeft(lane, r));
        Measurement champion = m.championRuns() == 0 ? new Measurement(List.of(), Optional.empty(), false)
                : measurer.measure(lane, m.experiment(), m.parent(), m.championRuns(), m.firstLog(), Optional.empty());
        Measurement candidate = champion.failure().isPresent() || champion.interrupted()
                ? new Measurement(List.of(), Optional.empty(), champion.interrupted())
                : measurer.measure(lane, m.experiment(), m.commit(), m.candidateRuns(), m.firstLog() + m.championRuns(),
                Optional.empty());
        return () -> new Observation.MeasuredMore(m.experiment(), champion, candidate, guard.inspect());
    }

    /** Cherry-picks a trial's change onto the commit the decisions named, on its lane's worktree. */
    private void replay(Step.Replay r) {
        Lane lane = laneOf(r.experiment());
        lane.worktree().checkout(r.onto());
        Optional<String> replayed = lane.worktree().cherryPick(r.commit());
        if (replayed.isPresent()) {
            trees.put(lane.worktree().treeOf(replayed.get()), r.experiment());
            session.writePatch(r.experiment(), lane.worktree().diff(r.onto(), replayed.get()));
        }
        apply(new Observation.Replayed(r.experiment(), replayed, replayed.isPresent() ? OptionalInt.empty()
                : alternativeTo(lane, r)));
    }

    /** The first of a conflicting replay's alternatives whose change covers every line its own change does. */
    private OptionalInt alternativeTo(Lane lane, Step.Replay r) {
        if (r.alternatives().isEmpty()) {
            return OptionalInt.empty();
        }
        ChangedLines own = ChangedLines.of(lane.worktree().diff(r.from(), r.commit()));
        for (Step.Alternative a : r.alternatives()) {
            if (own.within(ChangedLines.of(lane.worktree().diff(a.from(), a.commit())), a.from().equals(r.from()))) {
                return OptionalInt.of(a.experiment());
            }
        }
        return OptionalInt.empty();
    }

    private void keep(Step.Keep k) {
        Trial trial = k.trial();
        Lane lane = lanes.get(trial.lane() - 1);
        String message = CommitMessages.of(trial.proposal().hypothesis(), trial.experiment(),
                Optional.of(CommitMessages.trailers(k.outcome().status(), spec.metric(), k.outcome().metric())));
        String kept = lane.worktree().withMessage(trial.commit(), trial.parent(), message);
        if (k.crowned()) {
            session.workspace().moveBranch(state.research().best().orElseThrow().commit(), kept);
            guard.branchMoved(kept);
        }
        record(trial, kept, k.outcome(), k.crowned());
    }

    private void record(Trial trial, String commit, Step.Outcome outcome) {
        record(trial, commit, outcome, false);
    }

    private void record(Trial trial, String commit, Step.Outcome outcome, boolean crowned) {
        if (config.search().keepsNodes() && outcome.metric().isPresent()) {
            session.workspace().pointRef("node-" + trial.experiment(), commit);
        }
        jobs.remove(trial.experiment());
        Instant now = config.clock().instant();
        PendingExperiment p = trial.proposal();
        write(ExperimentRecord.builder().experiment(trial.experiment()).commit(commit).parent(trial.parent())
                .status(outcome.status()).metric(outcome.metric()).metrics(outcome.values()).hypothesis(p.hypothesis())
                .strategy(p.strategy()).startedAt(trial.startedAt()).duration(Duration.between(trial.startedAt(), now))
                .log(trial.log()).reason(outcome.reason()).usage(p.hypothesis().usage()).lane(trial.lane())
                .confidence(outcome.confidence()).island(p.island()).champion(crowned).build());
    }

    /** Journals a record; the decisions take it into the state, then what follows from it (a lane, a re-measure) is done. */
    private void write(ExperimentRecord record) {
        session.journal().append(record);
        if (record.status() == Status.KEEP && record.island() > 0) {
            session.workspace().pointRef("island-" + record.island(), record.commit());
        }
        session.results().append(record);
        Decisions.Next next = decisions.next(state, new Observation.Recorded(record));
        state = next.state();
        emit.accept(new ResearchEvent.ExperimentFinished(record, state.research()));
        next.steps().forEach(this::carry);
    }

    private void reproduced(Step.Reproduced r) {
        Instant now = config.clock().instant();
        session.journal().appendReproduction(r.kept().experiment(), r.reproduces(), r.reason(), now);
        if (r.warn()) {
            LOG.warn("kept experiment {} (\"{}\") no longer reproduces after {} comparisons: {}", r.kept().experiment(),
                    r.kept().hypothesis().title(), r.comparisons(), r.reason());
            emit.accept(new ResearchEvent.KeptChangeNotReproduced(r.kept(), r.reason(), now));
        }
    }

    private void retire(Step.RetireLane r) {
        Lane lane = lanes.get(r.lane() - 1);
        lane.retire();
        String reason = "lane " + lane.number() + (lane.devices().isEmpty() ? "" : " (devices " + lane.devices() + ")")
                + " failed " + r.inARow() + " runs in a row while other lanes succeeded; it is taken out of rotation";
        LOG.warn("{}", reason);
        emit.accept(new ResearchEvent.LaneRetired(lane.number(), reason, config.clock().instant()));
    }

    private void laneFailed(int experiment, Lane lane, RuntimeException e) {
        LOG.warn("lane {} failed on experiment {}: {}", lane.number(), experiment, e.getMessage());
        // Ours say what failed; anything else came from a host's runner or metric extractor.
        RuntimeException cause = e instanceof AutoresearchException ? e : new AutoresearchException("lane "
                + lane.number() + " failed on experiment " + experiment + " in its runner ("
                + lane.runner().getClass().getName() + ") or the metric extractor: " + e, e);
        jobs.remove(experiment);
        apply(new Observation.LaneFailed(experiment, cause));
    }

    /** The host's interrupt: every lane's run is stopped; their experiments stay proposed for a resume. */
    private void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        cancelRunning();
    }

    private void cancelRunning() {
        proposing.values().forEach(f -> f.cancel(true));
        List<Integer> cancelledJobs = new ArrayList<>();
        for (Map.Entry<Integer, Future<?>> job : jobs.entrySet()) {
            if (job.getValue().cancel(true)) {
                cancelledJobs.add(job.getKey());
            }
        }
        // A cancelled future no longer reports; the lanes' threads are interrupted and their runners stop.
        for (int experiment : cancelledJobs) {
            state.trial(experiment).ifPresent(t -> awaitLane(lanes.get(t.lane() - 1)));
            jobs.remove(experiment);
            apply(new Observation.Cancelled(experiment));
        }
        // A trial whose verdict waits for another's runs nothing: it stays proposed for a resume too.
        state.trials().values().stream().filter(t -> t.heldBy().isPresent()).map(Trial::experiment).toList()
                .forEach(experiment -> apply(new Observation.Cancelled(experiment)));
        proposing.clear();
    }

    /** Waits until a cancelled lane's job has really ended (its runner stopped the process tree). */
    private static void awaitLane(Lane lane) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    lane.thread().submit(() -> { }).get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    break;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
