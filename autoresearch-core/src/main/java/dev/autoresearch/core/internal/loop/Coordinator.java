package dev.autoresearch.core.internal.loop;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Judge;
import dev.autoresearch.core.Metrics;
import dev.autoresearch.core.PendingExperiment;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchEvent;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.StopReason;
import dev.autoresearch.core.journal.RunMeasured;
import dev.autoresearch.core.journal.RunStart;
import dev.autoresearch.core.keep.Comparison;
import dev.autoresearch.core.keep.Evidence;
import dev.autoresearch.core.keep.HoldoutRegression;
import dev.autoresearch.core.keep.KeepRule;
import dev.autoresearch.core.keep.KeepRules;
import dev.autoresearch.core.keep.NoiseFloor;
import dev.autoresearch.core.keep.PooledRuns;
import dev.autoresearch.core.keep.Reproduction;
import dev.autoresearch.core.keep.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one writer of a session: it numbers proposals, hands them to free lanes, judges what the
 * lanes measured, moves the branch, and journals every step, all on the thread that runs the
 * loop. Lanes and the proposer work on threads of their own and report back through a queue, so
 * no lane ever waits for the strategy and no decision depends on two threads at once.
 *
 * <p>A stale parent: an experiment measured on champion P that ends after the branch moved on to
 * C is judged against P first; if it beats P, its change is replayed onto C (a clean cherry-pick,
 * else {@code discard}, superseded) and measured again, and kept only if it beats C.
 */
final class Coordinator {
    private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);
    /** Crashes and timeouts in a row on one lane, while others succeed, that take it out of rotation. */
    static final int LANE_FAILURES_TO_RETIRE = 3;

    private final SessionContext session;
    private final ResearchLoop.Config config;
    private final ProgramSpec spec;
    private final List<Lane> lanes;
    private final Proposer proposer;
    private final Measurer measurer;
    private final SessionGuard guard;
    private final KeepRule keepRule;
    private final Consumer<ResearchEvent> emit;
    private final BlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
    private final TreeMap<Integer, PendingExperiment> ready = new TreeMap<>();
    private final Map<Integer, Trial> pinned = new HashMap<>();
    private final Map<Integer, Trial> running = new HashMap<>();
    private final Set<Integer> remaking = new HashSet<>();
    private final Map<String, Integer> trees;

    private ResearchState state;
    private Optional<StopReason> stop = Optional.empty();
    private Optional<RuntimeException> fatal = Optional.empty();
    /** Proposals in the making, by the number each will have. */
    private final Map<Integer, Future<?>> proposing = new HashMap<>();
    private Optional<String> exhausted = Optional.empty();
    private boolean cancelled;
    private int duplicatesSkipped;
    /** Kept experiments the last re-measure found not reproducing, so that each is warned of once. */
    private final Set<Integer> notReproducing = new HashSet<>();
    /** The runs a stopped session journalled for its experiments in flight, taken when each starts again. */
    private final Map<Integer, List<RunMeasured>> measuredBefore;

    Coordinator(SessionContext session, List<Lane> lanes, Proposer proposer, Measurer measurer, SessionGuard guard,
                ResearchState state, Map<String, Integer> trees, Map<Integer, RunStart> leftRunning,
                Map<Integer, List<RunMeasured>> measuredBefore, Consumer<ResearchEvent> emit) {
        this.session = session;
        this.config = session.config();
        this.spec = config.spec();
        this.lanes = lanes;
        this.proposer = proposer;
        this.measurer = measurer;
        this.guard = guard;
        this.keepRule = config.keepRule().orElseGet(() -> KeepRules.of(spec));
        this.state = state;
        this.trees = new HashMap<>(trees);
        this.emit = emit;
        this.measuredBefore = new HashMap<>(measuredBefore);
        for (PendingExperiment p : state.pending()) {
            RunStart left = leftRunning.get(p.experiment());
            if (left != null && left.lane() <= lanes.size()) {
                pinned.put(left.lane(), new Trial(p, lanes.get(left.lane() - 1), Instant.EPOCH, Optional.of(left)));
            } else {
                if (left != null) {
                    // Its lane is gone in this configuration: stop what is left of it before it runs again.
                    measurer.stopLeft(lanes.get(0), left);
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
            if (stop.isEmpty() && !cancelled && fatal.isEmpty()) {
                stop = config.stoppingPolicy().check(startedOnly(), spec);
            }
            if (stop.isEmpty() && !cancelled && fatal.isEmpty()) {
                startFreeLanes();
                propose();
            }
            if (running.isEmpty() && proposing.isEmpty() && remaking.isEmpty()) {
                if (stop.isPresent() || cancelled || fatal.isPresent()) {
                    break;
                }
                if (ready.isEmpty() && pinned.isEmpty() && exhausted.isPresent()) {
                    stop = Optional.of(new StopReason(StopReason.Kind.STRATEGY_EXHAUSTED, exhausted.get()));
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
        return new Result(state, reason, cancelled, fatal, duplicatesSkipped);
    }

    /** What the coordinator ends with. */
    record Result(ResearchState state, StopReason reason, boolean interrupted, Optional<RuntimeException> fatal,
                  int duplicatesSkipped) {
    }

    /** The state as stopping policies see it before a start: proposals not yet started do not count as started. */
    private ResearchState startedOnly() {
        ResearchState s = state;
        for (Integer n : ready.keySet()) {
            s = s.withoutPending(n);
        }
        for (Trial t : pinned.values()) {
            s = s.withoutPending(t.experiment());
        }
        for (Integer n : remaking) {
            s = s.withoutPending(n);
        }
        return s;
    }

    private long activeLanes() {
        return lanes.stream().filter(l -> !l.retired()).count();
    }

    private boolean busy(Lane lane) {
        return running.values().stream().anyMatch(t -> t.lane == lane);
    }

    private void startFreeLanes() {
        for (Lane lane : lanes) {
            if (lane.retired() || busy(lane)) {
                continue;
            }
            Trial trial = pinned.remove(lane.number());
            if (trial == null) {
                if (ready.isEmpty() || config.stoppingPolicy().check(startedOnly(), spec).isPresent()) {
                    continue;
                }
                PendingExperiment next = ready.pollFirstEntry().getValue();
                Optional<PendingExperiment> current = onChampion(next, lane);
                if (current.isEmpty()) {
                    continue; // being made again on the champion; this lane takes the next one meanwhile
                }
                trial = new Trial(current.get(), lane, config.clock().instant(), Optional.empty());
            } else {
                trial = new Trial(trial.proposal, lane, config.clock().instant(), trial.left);
            }
            start(trial);
        }
    }

    /**
     * A proposal made on a champion that was replaced before it started: its commit cherry-picked onto
     * the champion when that applies cleanly; else its plan made again there by the mutator (empty:
     * it comes back through the queue); else, without a plan to make again, it runs where it was
     * made, and the stale-parent rule decides.
     */
    private Optional<PendingExperiment> onChampion(PendingExperiment p, Lane lane) {
        ExperimentRecord champion = state.best().orElseThrow();
        if (champion.commit().equals(p.parent())) {
            return Optional.of(p);
        }
        lane.worktree().checkout(champion.commit());
        Optional<String> picked = lane.worktree().cherryPick(p.commit());
        if (picked.isPresent()) {
            PendingExperiment moved = new PendingExperiment(p.experiment(), p.hypothesis(), p.strategy(),
                    champion.commit(), picked.get(), p.proposedAt(), p.lane());
            session.journal().appendProposal(moved);
            trees.put(lane.worktree().treeOf(picked.get()), p.experiment());
            session.writePatch(p.experiment(), lane.worktree().diff(champion.commit(), picked.get()));
            LOG.debug("experiment {} moved onto the champion #{}", p.experiment(), champion.experiment());
            return Optional.of(moved);
        }
        if (!p.hypothesis().plan().isEmpty()) {
            remaking.add(p.experiment());
            proposer.remake(p, state, champion, outcome -> events.add(() -> remade(outcome)));
            return Optional.empty();
        }
        return Optional.of(p);
    }

    private void remade(ProposalOutcome outcome) {
        remaking.remove(outcome.experiment());
        if (outcome instanceof ProposalOutcome.Interrupted) {
            return; // still proposed in the journal: a resumed session runs it
        }
        proposed(outcome, false);
    }

    private void start(Trial trial) {
        running.put(trial.experiment(), trial);
        state = state.withPending(trial.proposal.onLane(trial.lane.number()));
        LOG.debug("experiment {} starts on lane {}", trial.experiment(), trial.lane.number());
        emit.accept(new ResearchEvent.ExperimentStarted(trial.experiment(), trial.proposal.hypothesis(), trial.startedAt,
                trial.lane.number()));
        List<RunMeasured> restored = measuredBefore.getOrDefault(trial.experiment(), List.of()).stream()
                .filter(r -> r.commit().equals(trial.commit) || r.commit().equals(trial.parent)).toList();
        measuredBefore.remove(trial.experiment());
        if (restored.isEmpty()) {
            measure(trial, spec.repeats());
            return;
        }
        Optional<RunStart> left = trial.left;
        trial.left = Optional.empty();
        onLane(trial, () -> {
            left.ifPresent(run -> measurer.stopLeft(trial.lane, run));
            return () -> goOn(trial, restored);
        });
    }

    /**
     * An experiment that a stopped session had measured in part: its journalled runs (its own, and
     * the champion's re-runs made for it) are taken as they were, and its series goes on from there:
     * the rest of its first runs, or the keep rule's next look.
     */
    private void goOn(Trial trial, List<RunMeasured> restored) {
        trial.comparison = Comparison.against(championRuns(trial.parent), noise());
        int candidateRuns = 0;
        for (RunMeasured run : restored) {
            trial.logsWritten = Math.max(trial.logsWritten, run.run());
            Metrics values = Metrics.of(run.values());
            OptionalDouble v = values.get(spec.metric());
            if (run.commit().equals(trial.commit)) {
                trial.runs.add(values);
                v.ifPresent(x -> trial.comparison = trial.comparison.withCandidate(x));
                candidateRuns++;
            } else if (v.isPresent()) {
                trial.championReruns.add(v.getAsDouble());
                trial.comparison = trial.comparison.withChampion(v.getAsDouble());
            }
        }
        LOG.info("experiment {}: going on from the {} runs the stopped session made", trial.experiment(),
                restored.size());
        if (candidateRuns < spec.repeats()) {
            measure(trial, spec.repeats() - candidateRuns);
        } else {
            judge(trial);
        }
    }

    /**
     * Runs {@code work} on the trial's lane; what it returns is the coordinator's next step, queued
     * as an event. A lane that fails (git, the disk) reports that instead.
     */
    private void onLane(Trial trial, Supplier<Runnable> work) {
        trial.job = trial.lane.thread().submit(() -> {
            try {
                events.add(work.get());
            } catch (RuntimeException e) {
                events.add(() -> laneFailed(trial, e));
            }
        });
    }

    private void measure(Trial trial, int runs) {
        int first = trial.logsWritten + 1;
        Optional<RunStart> left = trial.left;
        trial.left = Optional.empty();
        onLane(trial, () -> {
            Measurement m = measurer.measure(trial.lane, trial.experiment(), trial.commit, runs, first, left);
            return () -> measured(trial, m);
        });
        trial.logsWritten += runs;
    }

    /**
     * Keeps enough proposals ready or in the making that every free lane has its next experiment; a
     * strategy that thinks ahead is also asked, while each lane runs, for that lane's next one (as a
     * single lane's loop always was), and for one more while lanes are free. A strategy that answers
     * at once is asked one proposal at a time, so each sees every result before it.
     */
    private void propose() {
        boolean ahead = config.generator().proposesAhead();
        long free = lanes.stream().filter(l -> !l.retired() && !busy(l) && !pinned.containsKey(l.number())).count();
        long wanted = free + (ahead ? Math.max(1, activeLanes() - free) : 0);
        int concurrent = ahead ? (int) activeLanes() + 1 : 1;
        proposer.allow(Math.min(concurrent, (int) wanted));
        while (exhausted.isEmpty() && ready.size() + proposing.size() < wanted && proposing.size() < concurrent
                && config.stoppingPolicy().check(withProposing(), spec).isEmpty()) {
            int n = freeNumber();
            ExperimentRecord champion = state.best().orElseThrow();
            proposing.put(n, proposer.submit(n, state, champion, trees,
                    outcome -> events.add(() -> proposed(outcome, true))));
        }
    }

    /** The state as stopping policies see it before a proposal: the ones in the making count as started. */
    private ResearchState withProposing() {
        ResearchState s = state;
        for (Integer n : proposing.keySet()) {
            s = s.withPending(new PendingExperiment(n, dev.autoresearch.core.Hypothesis.baseline(), "", "", "",
                    Instant.EPOCH, java.util.OptionalInt.empty()));
        }
        return s;
    }

    /** The smallest number not recorded, pending or being proposed: a proposal that came to nothing leaves no gap. */
    private int freeNumber() {
        Set<Integer> taken = new HashSet<>(proposing.keySet());
        state.pending().forEach(p -> taken.add(p.experiment()));
        int n = 1;
        while (taken.contains(n) || state.record(n).isPresent()) {
            n++;
        }
        return n;
    }

    private void proposed(ProposalOutcome outcome, boolean fresh) {
        if (fresh) {
            proposing.remove(outcome.experiment());
        }
        // Made again on the new champion, a proposal often arrives at the code of its own first making
        // (both set the same line): that code was never measured, so it is no repeat.
        boolean repeats = outcome instanceof ProposalOutcome.Ready made && trees.containsKey(made.tree())
                && trees.get(made.tree()) != outcome.experiment();
        if (outcome instanceof ProposalOutcome.Ready r && repeats && !fresh) {
            // Made again on the new champion, it is code that was measured already: nothing to run.
            Instant now = config.clock().instant();
            PendingExperiment p = r.proposal();
            record(new ExperimentRecord(p.experiment(), p.commit(), p.parent(), Status.DISCARD, OptionalDouble.empty(),
                    Map.of(), p.hypothesis(), p.strategy(), p.proposedAt(), Duration.between(p.proposedAt(), now), "",
                    "made again on the new champion, its code is that of experiment " + trees.get(r.tree())
                            + ", measured already; nothing was run", p.hypothesis().usage(), 0), Optional.empty());
            return;
        }
        if (outcome instanceof ProposalOutcome.Ready r && repeats) {
            // Another proposal made at the same time came back first with the same code: ask again.
            duplicatesSkipped += r.duplicates() + 1;
            LOG.info("experiment {}: \"{}\" makes the same code as experiment {}, proposed at the same time; asking again",
                    r.experiment(), r.proposal().hypothesis().title(), trees.get(r.tree()));
            return;
        }
        if (outcome instanceof ProposalOutcome.Ready r) {
            duplicatesSkipped += r.duplicates();
            PendingExperiment p = r.proposal();
            session.journal().appendProposal(p);
            state = state.withPending(p);
            trees.put(r.tree(), p.experiment());
            ready.put(p.experiment(), p);
        } else if (outcome instanceof ProposalOutcome.Refused r) {
            duplicatesSkipped += r.duplicates();
            Instant now = config.clock().instant();
            String reason = fresh ? r.reason() : "made again on the champion #" + state.best().orElseThrow().experiment()
                    + ", which was kept after it was proposed: " + r.reason();
            record(new ExperimentRecord(r.experiment(), r.parent(), r.parent(), Status.INVALID, OptionalDouble.empty(),
                    Map.of(), r.hypothesis(), r.strategy(), r.proposedAt(), Duration.between(r.proposedAt(), now), "",
                    reason, r.hypothesis().usage(), 0), Optional.empty());
        } else if (outcome instanceof ProposalOutcome.Exhausted e) {
            exhausted = Optional.of(e.reason());
        } else if (outcome instanceof ProposalOutcome.Failed f) {
            // The host is given the first failure as the session's error; saying it here too would say it twice.
            LOG.debug("the strategy cannot go on: {}", f.cause().getMessage());
            fatal = fatal.or(() -> Optional.of(f.cause()));
        }
    }

    private void measured(Trial trial, Measurement m) {
        Tampering tampering = guard.inspect();
        if (tampering.found() && convicted(trial, tampering)) {
            finish(trial, Status.INVALID, OptionalDouble.empty(), new Judge(spec).recorded(m.runs()),
                    "the run changed " + String.join(", ", tampering.changed()) + " outside its worktree; put back. An "
                            + "experiment must write only inside its worktree (sandbox: true confines it)",
                    OptionalDouble.empty());
            return;
        }
        if ((tampering.found() || trial.measureAgain) && !m.interrupted()) {
            measureAgain(trial);
            return;
        }
        if (m.interrupted()) {
            abandon(trial);
            return;
        }
        trial.runs.addAll(m.runs());
        if (trial.comparison == null) {
            trial.comparison = Comparison.against(championRuns(trial.parent), noise());
        }
        for (Metrics run : m.runs()) {
            OptionalDouble v = run.get(spec.metric());
            if (v.isPresent()) {
                trial.comparison = trial.comparison.withCandidate(v.getAsDouble());
            }
        }
        if (m.failure().isPresent()) {
            finish(trial, m.failure().get().status(), OptionalDouble.empty(), values(trial),
                    m.failure().get().reason(), OptionalDouble.empty());
            return;
        }
        judge(trial);
    }

    /** The keep rule's verdict on the runs so far: keep (then the constraints, replay and checks), discard, or more runs. */
    private void judge(Trial trial) {
        Judge.Decision measured = new Judge(spec).judge(OptionalDouble.empty(), trial.runs);
        Verdict verdict = keepRule.decide(trial.comparison);
        if (verdict instanceof Verdict.MoreRuns more) {
            moreRuns(trial, more.championRuns(), more.candidateRuns());
            return;
        }
        Evidence evidence = verdict instanceof Verdict.Keep k ? k.evidence() : ((Verdict.Discard) verdict).evidence();
        OptionalDouble confidence = evidence.confidenceReached();
        String evidenceLine = "evidence: " + evidence.summary();
        if (verdict instanceof Verdict.Discard d) {
            finish(trial, Status.DISCARD, measured.metric(), values(trial),
                    trial.replayNote.map(note -> note + "; on the champion: ").orElse("") + d.reason() + "; " + evidenceLine,
                    confidence);
            return;
        }
        if (measured.status() != Status.KEEP) {
            finish(trial, measured.status(), measured.metric(), values(trial), measured.reason(), confidence);
            return;
        }
        Judge.Decision decision = new Judge.Decision(Status.KEEP, measured.metric(), values(trial), evidenceLine);
        ExperimentRecord champion = state.best().orElseThrow();
        if (!champion.commit().equals(trial.parent)) {
            replay(trial, champion, decision);
            return;
        }
        if (spec.checks().isPresent()) {
            onLane(trial, () -> {
                Measurement checks = measurer.checks(trial.lane, trial.experiment(), trial.commit);
                return () -> checked(trial, checks, decision, confidence);
            });
            return;
        }
        holdoutThenKeep(trial, decision, confidence);
    }

    /**
     * The holdout, when this would be a new champion it is due for, run on the trial's lane from the
     * user's checkout; then the keep. Without a holdout due, the keep at once.
     */
    private void holdoutThenKeep(Trial trial, Judge.Decision decision, OptionalDouble confidence) {
        if (spec.keep().holdout().isEmpty() || (state.kept() + 1) % spec.keep().holdoutEvery() != 0) {
            keep(trial, decision, confidence);
            return;
        }
        Path checkout = session.workspace().root();
        onLane(trial, () -> {
            Measurement holdout = measurer.holdout(trial.lane, trial.experiment(), trial.commit, 1, checkout);
            return () -> heldOut(trial, holdout, decision, confidence);
        });
    }

    /**
     * What the holdout said of a would-be champion: its values go in the record beside the metric; a
     * holdout worse than the parent's beyond noise (or one that failed) flags the keep, or with
     * {@code holdout-guard} discards the change. Nothing of it reaches the strategy but the status.
     */
    private void heldOut(Trial trial, Measurement holdout, Judge.Decision decision, OptionalDouble confidence) {
        if (endedBy("holdout", trial, holdout, decision, confidence)) {
            return;
        }
        ExperimentRecord champion = state.best().orElseThrow();
        if (!champion.commit().equals(trial.parent)) {
            replay(trial, champion, decision); // another lane's keep landed while the holdout ran
            return;
        }
        String metric = spec.keep().holdout().orElseThrow().metric();
        List<Double> values = holdout.runs().stream().map(m -> m.get(metric).orElseThrow()).toList();
        Map<String, List<Double>> recorded = new LinkedHashMap<>(decision.values());
        if (!values.isEmpty()) {
            recorded.put(holdoutKey(), values);
        }
        Optional<String> flag = holdout.failure().map(f -> f.reason())
                .or(() -> holdoutRegression(champion, values));
        if (flag.isPresent() && spec.keep().holdoutGuard()) {
            finish(trial, Status.DISCARD, decision.metric(), recorded, "holdout-guard: " + flag.get()
                    + "; " + decision.reason(), confidence);
            return;
        }
        if (flag.isPresent()) {
            LOG.warn("experiment {} is kept, but its holdout is flagged: {}", trial.experiment(), flag.get());
        }
        keep(trial, new Judge.Decision(Status.KEEP, decision.metric(), recorded,
                decision.reason() + flag.map(f -> "; holdout flagged: " + f).orElse("")), confidence);
    }

    private String holdoutKey() {
        return spec.keep().holdout().orElseThrow().recordKey();
    }

    /**
     * Why the holdout of a would-be champion got worse than that of the champion or its nearest ancestor with a
     * holdout, beyond the holdout's own noise (the baseline's holdout runs); empty when not worse or
     * when no ancestor has one (a holdout added to a session already under way).
     */
    private Optional<String> holdoutRegression(ExperimentRecord champion, List<Double> values) {
        Optional<ExperimentRecord> ancestor = Optional.of(champion);
        while (ancestor.isPresent() && !ancestor.get().metrics().containsKey(holdoutKey())
                && !ancestor.get().isBaseline()) {
            ancestor = state.parentOf(ancestor.get());
        }
        if (ancestor.isEmpty() || !ancestor.get().metrics().containsKey(holdoutKey()) || values.isEmpty()) {
            return Optional.empty();
        }
        List<Double> noise = state.baseline().map(b -> b.metrics().getOrDefault(holdoutKey(), List.of())).orElse(List.of());
        HoldoutRegression regression = HoldoutRegression.check(
                spec.direction(), spec.keep().confidence(), new NoiseFloor(noise), values,
                ancestor.get().metrics().get(holdoutKey()));
        return regression.worse()
                ? Optional.of(regression.reason() + " (against #" + ancestor.get().experiment() + ")")
                : Optional.empty();
    }

    /**
     * More runs for an undecided comparison, on the trial's lane: the champion re-run first, then
     * the candidate, so that a slow drift of the machine hits both sides alike.
     */
    private void moreRuns(Trial trial, int championRuns, int candidateRuns) {
        int first = trial.logsWritten + 1;
        trial.logsWritten += championRuns + candidateRuns;
        onLane(trial, () -> {
            Measurement champion = championRuns == 0 ? new Measurement(List.of(), Optional.empty(), false)
                    : measurer.measure(trial.lane, trial.experiment(), trial.parent, championRuns, first, Optional.empty());
            Measurement candidate = champion.failure().isPresent() || champion.interrupted()
                    ? new Measurement(List.of(), Optional.empty(), champion.interrupted())
                    : measurer.measure(trial.lane, trial.experiment(), trial.commit, candidateRuns,
                    first + championRuns, Optional.empty());
            return () -> measuredMore(trial, champion, candidate);
        });
    }

    private void measuredMore(Trial trial, Measurement champion, Measurement candidate) {
        if (champion.interrupted() || candidate.interrupted()) {
            abandon(trial);
            return;
        }
        if (champion.failure().isPresent()) {
            // The champion no longer runs as it did: nothing can be decided about the candidate.
            finish(trial, Status.CRASH, OptionalDouble.empty(), values(trial), "the champion's re-run failed: "
                    + champion.failure().get().reason(), OptionalDouble.empty());
            return;
        }
        for (Metrics run : champion.runs()) {
            double v = run.get(spec.metric()).orElseThrow();
            trial.championReruns.add(v);
            trial.comparison = trial.comparison.withChampion(v);
        }
        measured(trial, candidate);
    }

    /** The recorded values of a trial: its metrics over its runs, and the champion's re-runs under {@code <metric>@champion}. */
    private Map<String, List<Double>> values(Trial trial) {
        Map<String, List<Double>> values = new LinkedHashMap<>(new Judge(spec).recorded(trial.runs));
        if (!trial.championReruns.isEmpty()) {
            values.put(championKey(), List.copyOf(trial.championReruns));
        }
        return values;
    }

    private String championKey() {
        return PooledRuns.championKey(spec.metric());
    }

    /**
     * Every run of the champion at {@code commit}: its own, and the re-runs later comparisons made of
     * it, pooled, so that each comparison knows it better.
     */
    private List<Double> championRuns(String commit) {
        List<Double> runs = new ArrayList<>(PooledRuns.of(state, spec.metric(), commit));
        if (runs.isEmpty()) {
            state.best().orElseThrow().metric().ifPresent(runs::add);
        }
        return runs;
    }

    /** The noise floor: the baseline's runs of the primary metric. */
    private NoiseFloor noise() {
        return new NoiseFloor(state.baseline().orElseThrow().metrics().getOrDefault(spec.metric(), List.of()));
    }

    /**
     * A change that beat its parent after the branch moved on: replayed onto the champion and measured
     * again. A clean cherry-pick replays it; when that conflicts (another lane's keep touched the same
     * or a neighbouring line), the change is made again on the champion from its plan by the mutator,
     * as a proposal that had not started would be. Only a change that cannot be made there at all is
     * superseded.
     */
    private void replay(Trial trial, ExperimentRecord champion, Judge.Decision onParent) {
        trial.lane.worktree().checkout(champion.commit());
        Optional<String> replayed = trial.lane.worktree().cherryPick(trial.commit);
        String note = String.format(java.util.Locale.ROOT, "beat its parent (%s) with %.6g, but #%d was kept meanwhile",
                trial.parent.substring(0, Math.min(7, trial.parent.length())), onParent.metric().orElse(Double.NaN),
                champion.experiment());
        if (replayed.isPresent()) {
            LOG.info("experiment {}: {}; replayed onto it as {}", trial.experiment(), note, replayed.get().substring(0, 7));
            trial.replayNote = Optional.of(note + "; replayed onto #" + champion.experiment());
            trees.put(trial.lane.worktree().treeOf(replayed.get()), trial.experiment());
            session.writePatch(trial.experiment(), trial.lane.worktree().diff(champion.commit(), replayed.get()));
            measureOnChampion(trial, champion, replayed.get());
            return;
        }
        String superseded = note + "; superseded: its change conflicts with #" + champion.experiment()
                + "'s and cannot be made on it: ";
        if (trial.proposal.hypothesis().plan().isEmpty()) {
            finish(trial, Status.DISCARD, onParent.metric(), onParent.values(),
                    superseded + "its strategy gave no plan to make it again from", OptionalDouble.empty());
            return;
        }
        LOG.info("experiment {}: {}; its change conflicts with #{}'s, so it is made again there", trial.experiment(),
                note, champion.experiment());
        trial.job = proposer.remake(trial.proposal, state, champion,
                outcome -> events.add(() -> remadeOnChampion(trial, champion, onParent, note, superseded, outcome)));
    }

    /** What making a conflicting change again on the champion gave: measured there, or superseded with the reason. */
    private void remadeOnChampion(Trial trial, ExperimentRecord champion, Judge.Decision onParent, String note,
                                  String superseded, ProposalOutcome outcome) {
        if (running.get(trial.experiment()) != trial) {
            return; // cancelled meanwhile
        }
        if (outcome instanceof ProposalOutcome.Ready r) {
            Integer measuredAs = trees.get(r.tree());
            if (measuredAs != null && measuredAs != trial.experiment()) {
                finish(trial, Status.DISCARD, onParent.metric(), onParent.values(), superseded + "made again there, its "
                        + "code is that of experiment " + measuredAs + ", measured already", OptionalDouble.empty());
                return;
            }
            PendingExperiment remade = r.proposal().onLane(trial.lane.number());
            session.journal().appendProposal(remade);
            state = state.withPending(remade);
            trial.proposal = remade;
            trial.replayNote = Optional.of(note + "; made again on #" + champion.experiment()
                    + " (its change conflicted with that keep's)");
            trees.put(r.tree(), trial.experiment());
            measureOnChampion(trial, champion, remade.commit());
        } else if (outcome instanceof ProposalOutcome.Refused r) {
            finish(trial, Status.DISCARD, onParent.metric(), onParent.values(), superseded + r.reason(),
                    OptionalDouble.empty());
        } else if (outcome instanceof ProposalOutcome.Failed f) {
            // The strategy cannot go on (a model unreachable): the experiment stays proposed for a resume.
            abandon(trial);
            LOG.debug("the strategy cannot go on: {}", f.cause().getMessage());
            fatal = fatal.or(() -> Optional.of(f.cause()));
            cancelRunning();
        } else {
            abandon(trial);
        }
    }

    /** Measures a trial's change again as {@code commit} on the champion, from its first run. */
    private void measureOnChampion(Trial trial, ExperimentRecord champion, String commit) {
        trial.commit = commit;
        trial.parent = champion.commit();
        trial.runs.clear();
        trial.championReruns.clear();
        trial.comparison = null;
        measure(trial, spec.repeats());
    }

    /**
     * What ends a trial after a command run past its measurement (the checks, the holdout): a change
     * outside the worktree makes it {@code invalid}, an interrupt leaves it for the resume.
     *
     * @return true when the trial ended here
     */
    private boolean endedBy(String what, Trial trial, Measurement m, Judge.Decision decision, OptionalDouble confidence) {
        Tampering tampering = guard.inspect();
        if (tampering.found() && convicted(trial, tampering)) {
            finish(trial, Status.INVALID, decision.metric(), decision.values(), "the " + what + " changed "
                    + String.join(", ", tampering.changed()) + " outside the worktree; put back", confidence);
            return true;
        }
        if (m.interrupted()) {
            abandon(trial);
            return true;
        }
        if (tampering.found() || trial.measureAgain) {
            measureAgain(trial);
            return true;
        }
        return false;
    }

    /**
     * Whether a change found outside the worktrees is this trial's: its run was the only one in flight
     * since the guard last looked, or it was suspected once already. Otherwise every run in flight is
     * suspect, the run that happened to end first no more than the others: each is measured again.
     */
    private boolean convicted(Trial trial, Tampering tampering) {
        if (tampering.attributableTo(trial.lane.number()) || trial.suspected) {
            return true;
        }
        trial.suspected = true;
        for (Trial other : running.values()) {
            if (other != trial && tampering.suspects().contains(other.lane.number())) {
                other.suspected = true;
                other.measureAgain = true;
            }
        }
        LOG.warn("{} changed outside the worktrees while runs were in flight on lanes {}; it cannot be told whose run "
                + "it was, so each of them is measured again", String.join(", ", tampering.changed()), tampering.suspects());
        return false;
    }

    /** Measures a suspected trial again from its first run: what it measured may be another run's doing. */
    private void measureAgain(Trial trial) {
        trial.measureAgain = false;
        trial.runs.clear();
        trial.championReruns.clear();
        trial.comparison = null;
        measure(trial, spec.repeats());
    }

    private void checked(Trial trial, Measurement checks, Judge.Decision decision, OptionalDouble confidence) {
        if (endedBy("checks", trial, checks, decision, confidence)) {
            return;
        }
        if (checks.failure().isPresent()) {
            finish(trial, checks.failure().get().status(), decision.metric(), decision.values(),
                    checks.failure().get().reason(), confidence);
            return;
        }
        ExperimentRecord champion = state.best().orElseThrow();
        if (!champion.commit().equals(trial.parent)) {
            replay(trial, champion, decision); // another lane's keep landed while the checks ran
            return;
        }
        holdoutThenKeep(trial, decision, confidence);
    }

    private void keep(Trial trial, Judge.Decision decision, OptionalDouble confidence) {
        String message = CommitMessages.of(trial.proposal.hypothesis(), trial.experiment(),
                Optional.of(CommitMessages.trailers(Status.KEEP, spec.metric(), decision.metric())));
        String kept = trial.lane.worktree().withMessage(trial.commit, trial.parent, message);
        session.workspace().moveBranch(trial.parent, kept);
        guard.branchMoved(kept);
        trial.commit = kept;
        finish(trial, Status.KEEP, decision.metric(), decision.values(),
                trial.replayNote.map(n -> n + "; kept on it; " + decision.reason()).orElse(decision.reason()), confidence);
    }

    private void finish(Trial trial, Status status, OptionalDouble metric, Map<String, List<Double>> values, String reason,
                        OptionalDouble confidence) {
        running.remove(trial.experiment());
        Instant now = config.clock().instant();
        PendingExperiment p = trial.proposal;
        ExperimentRecord record = new ExperimentRecord(trial.experiment(), trial.commit, trial.parent, status, metric,
                values, p.hypothesis(), p.strategy(), trial.startedAt, Duration.between(trial.startedAt, now),
                trial.log(), reason, p.hypothesis().usage(), trial.lane.number(), confidence);
        record(record, Optional.of(trial.lane));
    }

    /** An experiment the host interrupted: no record; it stays proposed, and a resumed session runs it again. */
    private void abandon(Trial trial) {
        running.remove(trial.experiment());
        LOG.info("experiment {} on lane {} was interrupted; it runs again when the session resumes",
                trial.experiment(), trial.lane.number());
    }

    private void record(ExperimentRecord record, Optional<Lane> lane) {
        session.journal().append(record);
        session.results().append(record);
        state = state.with(record);
        exhausted = Optional.empty(); // a new record may open new ground for the strategy
        emit.accept(new ResearchEvent.ExperimentFinished(record, state));
        lane.ifPresent(l -> countForLane(l, record));
        remeasure(record.parent());
    }

    /**
     * The champion re-measure: each time the kept change at {@code commit} has been compared
     * {@code remeasure-every} times, its runs pooled with the re-runs those comparisons made of it
     * are checked against its parent's; one that no longer reproduces is named in a warning and in
     * the journal, for {@code status}. Without re-runs (greedy, a deterministic metric) there is
     * nothing new to pool.
     */
    private void remeasure(String commit) {
        Optional<ExperimentRecord> kept = state.keepOf(commit).filter(r -> !r.isBaseline());
        if (kept.isEmpty()) {
            return;
        }
        long comparisons = state.madeOn(commit).stream().filter(r -> r.metric().isPresent()).count();
        List<Double> pooled = championRuns(commit);
        if (comparisons == 0 || comparisons % spec.keep().remeasureEvery() != 0
                || pooled.size() <= kept.get().metrics().getOrDefault(spec.metric(), List.of()).size()) {
            return;
        }
        ExperimentRecord parent = state.parentOf(kept.get()).orElseThrow();
        Reproduction reproduction = Reproduction.check(
                spec.direction(), spec.keep().confidence(), noise(), pooled, championRuns(parent.commit()));
        Instant now = config.clock().instant();
        session.journal().appendReproduction(kept.get().experiment(), reproduction.reproduces(), reproduction.reason(), now);
        // Said once, and again only after a re-measure found it reproducing meanwhile.
        boolean news = reproduction.reproduces() ? notReproducing.remove(kept.get().experiment())
                : notReproducing.add(kept.get().experiment());
        if (!reproduction.reproduces() && news) {
            LOG.warn("kept experiment {} (\"{}\") no longer reproduces after {} comparisons: {}", kept.get().experiment(),
                    kept.get().hypothesis().title(), comparisons, reproduction.reason());
            emit.accept(new ResearchEvent.KeptChangeNotReproduced(kept.get(), reproduction.reason(), now));
        }
    }

    private void countForLane(Lane lane, ExperimentRecord record) {
        boolean failed = record.status() == Status.CRASH || record.status() == Status.TIMEOUT;
        int inARow = lane.countOutcome(failed);
        if (inARow < LANE_FAILURES_TO_RETIRE || activeLanes() < 2) {
            return;
        }
        Instant since = record.startedAt();
        for (int i = state.history().size() - 1, seen = 0; i >= 1 && seen < inARow; i--) {
            ExperimentRecord r = state.history().get(i);
            if (r.lane() == lane.number()) {
                since = r.startedAt();
                seen++;
            }
        }
        Instant from = since;
        boolean othersSucceed = state.history().stream().anyMatch(r -> r.lane() != lane.number()
                && !r.isBaseline() && !r.status().isFailure() && !r.startedAt().isBefore(from));
        if (othersSucceed) {
            lane.retire();
            String reason = "lane " + lane.number() + (lane.devices().isEmpty() ? "" : " (devices " + lane.devices() + ")")
                    + " failed " + inARow + " runs in a row while other lanes succeeded; it is taken out of rotation";
            LOG.warn("{}", reason);
            emit.accept(new ResearchEvent.LaneRetired(lane.number(), reason, config.clock().instant()));
        }
    }

    private void laneFailed(Trial trial, RuntimeException e) {
        running.remove(trial.experiment());
        LOG.warn("lane {} failed on experiment {}: {}", trial.lane.number(), trial.experiment(), e.getMessage());
        if (fatal.isEmpty()) {
            // Ours say what failed; anything else came from a host's runner or metric extractor.
            fatal = Optional.of(e instanceof AutoresearchException ? e : new AutoresearchException("lane "
                    + trial.lane.number() + " failed on experiment " + trial.experiment() + " in its runner ("
                    + trial.lane.runner().getClass().getName() + ") or the metric extractor: " + e, e));
        }
        cancelRunning();
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
        for (Trial t : new ArrayList<>(running.values())) {
            if (t.job != null) {
                t.job.cancel(true);
            }
        }
        // A cancelled future no longer reports; the lanes' threads are interrupted and their runners stop.
        for (Trial t : new ArrayList<>(running.values())) {
            if (t.job != null && t.job.isCancelled()) {
                awaitLane(t);
            }
        }
        proposing.clear();
    }

    /** Waits until a cancelled lane's job has really ended (its runner stopped the process tree). */
    private void awaitLane(Trial t) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    t.lane.thread().submit(() -> { }).get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (java.util.concurrent.ExecutionException e) {
                    break;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        running.remove(t.experiment());
    }
}
