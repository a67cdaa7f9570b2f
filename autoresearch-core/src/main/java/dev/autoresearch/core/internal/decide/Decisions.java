package dev.autoresearch.core.internal.decide;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Judge;
import dev.autoresearch.core.Metrics;
import dev.autoresearch.core.PendingExperiment;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.journal.RunMeasured;
import dev.autoresearch.core.keep.Comparison;
import dev.autoresearch.core.keep.Evidence;
import dev.autoresearch.core.keep.KeepRule;
import dev.autoresearch.core.keep.NoiseFloor;
import dev.autoresearch.core.keep.PooledRuns;
import dev.autoresearch.core.keep.Verdict;
import dev.autoresearch.core.search.SearchPolicy;
import dev.autoresearch.core.search.SearchSettings;
import dev.autoresearch.core.search.Start;
import dev.autoresearch.core.search.StartRequest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The loop's decisions, in one place: given the state and one observation, the next state and the
 * steps to carry out. Pure: no git, no journal, no threads, no clock; the executor carries the steps
 * out and reports back what it saw.
 *
 * <p>The rules, each once: the keep rule decides on the runs (more runs, keep or discard); a keep
 * passes the constraints, then the checks, then the holdout when one is due; a change outside the
 * worktrees convicts the run that alone could have made it, else every suspect is measured again; a
 * stale parent (a trial that beat a parent another lane's keep replaced meanwhile) is replayed onto
 * the champion and measured there, or made again there from its plan when the replay conflicts (not
 * when a win of the same parent that did better there and changed the same lines is in the champion
 * already: it is an alternative to that one, not an addition), or superseded, and the wins of one
 * round are stacked so that they land together ({@link Stacking}); a
 * holdout worse than its nearest ancestor's beyond noise flags or discards the keep; each kept change
 * is re-measured from the re-runs later comparisons pooled; a lane that fails while the others
 * succeed is taken out of rotation.
 */
public final class Decisions {
    /** Crashes and timeouts in a row on one lane, while others succeed, that take it out of rotation. */
    public static final int LANE_FAILURES_TO_RETIRE = 3;

    private final ProgramSpec spec;
    private final KeepRule keepRule;
    private final Judge judge;
    private final SearchPolicy search;
    private final int lanes;

    /**
     * @param spec     the program
     * @param keepRule the rule that decides each comparison
     * @param search   where proposals start from, and what a stale parent is replayed onto
     * @param lanes    how many lanes the session runs
     */
    public Decisions(ProgramSpec spec, KeepRule keepRule, SearchPolicy search, int lanes) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.keepRule = Objects.requireNonNull(keepRule, "keepRule");
        this.search = Objects.requireNonNull(search, "search");
        this.judge = new Judge(spec);
        this.lanes = lanes;
    }

    /**
     * Where proposal {@code experiment} starts, as the search policy says: empty when the strategy has
     * nothing left to propose from any node. On a plateau whose action is to explore, the policy is told so.
     */
    public Optional<Start> start(LoopState state, int experiment) {
        StartRequest request = request(state, experiment);
        return search.start(state.research(), request).map(s -> s.onPlateau(request.plateau()));
    }

    private StartRequest request(LoopState state, int experiment) {
        SearchSettings settings = spec.search();
        boolean plateau = settings.onPlateau() == SearchSettings.OnPlateau.EXPLORE
                && state.research().sinceLastKeep() >= settings.plateau();
        return new StartRequest(experiment, spec.direction(), state.setAside().keySet(), plateau);
    }

    /**
     * The stale-parent rule: the node a change made on {@code parent} is to be moved onto (before it
     * starts) or replayed onto (after it beat its parent); empty when {@code parent} is still current.
     */
    public Optional<ExperimentRecord> replayOnto(ResearchState state, PendingExperiment experiment) {
        return search.replayOnto(state, experiment);
    }

    private Optional<ExperimentRecord> replayOnto(Plan p, Trial t) {
        return search.replayOnto(p.state.research(), t.proposal().movedOnto(t.parent(), t.commit()));
    }

    /** The next state and what to do. */
    public record Next(LoopState state, List<Step> steps) {
        public Next {
            Objects.requireNonNull(state, "state");
            steps = List.copyOf(steps);
        }
    }

    /** What follows from {@code observation} in {@code state}. */
    public Next next(LoopState state, Observation observation) {
        Plan p = new Plan(state);
        if (observation instanceof Observation.Started o) {
            started(p, o);
        } else if (observation instanceof Observation.Proposed o) {
            ProposalRule.proposed(p, o, p.state.research().best().orElseThrow());
            if (o.outcome() instanceof ProposalOutcome.Exhausted e && start(p.state, e.experiment()).isPresent()) {
                p.state = p.state.withExhausted(Optional.empty()); // other nodes are left to propose from
            }
        } else if (observation instanceof Observation.Recorded o) {
            recorded(p, o.record());
        } else {
            Optional<Trial> trial = state.trial(((Observation.OfTrial) observation).experiment());
            if (trial.isEmpty()) {
                return new Next(state, List.of()); // ended meanwhile (cancelled, or the lane failed)
            }
            onTrial(p, trial.get(), observation);
        }
        return new Next(p.state, p.steps);
    }

    private void onTrial(Plan p, Trial t, Observation o) {
        if (o instanceof Observation.Measured m) {
            measured(p, t, m.measurement(), m.tampering());
        } else if (o instanceof Observation.MeasuredMore m) {
            measuredMore(p, t, m);
        } else if (o instanceof Observation.Checked c) {
            checked(p, t, c);
        } else if (o instanceof Observation.HeldOut h) {
            heldOut(p, t, h);
        } else if (o instanceof Observation.Replayed r) {
            replayed(p, t, r.commit(), r.alternativeTo());
        } else if (o instanceof Observation.Remade r) {
            remade(p, t, r);
        } else if (o instanceof Observation.LaneFailed f) {
            p.state = p.state.withoutTrial(t.experiment());
            abandonWaiting(p, t.experiment());
            p.steps.add(new Step.Fail(f.cause(), true));
        } else if (o instanceof Observation.Cancelled) {
            p.state = p.state.withoutTrial(t.experiment());
            abandonWaiting(p, t.experiment());
        }
    }

    /** A proposal starts: measured from its first run, or from where a stopped session left its runs. */
    private void started(Plan p, Observation.Started o) {
        Trial t = o.trial();
        p.state = p.state.withResearch(p.state.research().withRunning(t.proposal().onLane(t.lane())));
        if (o.restored().isEmpty()) {
            measure(p, t, spec.repeats());
            return;
        }
        Comparison comparison = Comparison.against(championRuns(p, t.parent()), noise(p));
        int candidateRuns = 0;
        int logs = t.logsWritten();
        for (RunMeasured run : o.restored()) {
            logs = Math.max(logs, run.run());
            Metrics values = Metrics.of(run.values());
            OptionalDouble v = values.get(spec.metric());
            if (run.commit().equals(t.commit())) {
                t = t.withRunsAdded(List.of(values));
                if (v.isPresent()) {
                    comparison = comparison.withCandidate(v.getAsDouble());
                }
                candidateRuns++;
            } else if (v.isPresent()) {
                t = t.withChampionRerun(v.getAsDouble());
                comparison = comparison.withChampion(v.getAsDouble());
            }
        }
        t = t.withComparison(comparison).withLogsWritten(logs);
        p.say(false, "experiment " + t.experiment() + ": going on from the " + o.restored().size()
                + " runs the stopped session made");
        if (candidateRuns < spec.repeats()) {
            measure(p, t, spec.repeats() - candidateRuns);
        } else {
            judge(p, t);
        }
    }

    private void measure(Plan p, Trial t, int runs) {
        int first = t.logsWritten() + 1;
        p.put(t.withLogsWritten(t.logsWritten() + runs));
        p.steps.add(new Step.Measure(t.experiment(), t.commit(), runs, first));
    }

    private void measured(Plan p, Trial t, Measurement m, Tampering tampering) {
        if (tampering.found() && convicted(p, t, tampering)) {
            end(p, t, Status.INVALID, OptionalDouble.empty(), judge.recorded(m.runs()), "the run changed "
                    + String.join(", ", tampering.changed()) + " outside its worktree; put back. An experiment must "
                    + "write only inside its worktree (sandbox: true confines it)", OptionalDouble.empty());
            return;
        }
        t = p.current(t);
        if ((tampering.found() || t.measureAgain()) && !m.interrupted()) {
            measureAgain(p, t);
            return;
        }
        if (m.interrupted()) {
            abandon(p, t);
            return;
        }
        t = t.withRunsAdded(m.runs());
        String parent = t.parent();
        Comparison comparison = t.comparison().orElseGet(() -> Comparison.against(championRuns(p, parent), noise(p)));
        for (Metrics run : m.runs()) {
            OptionalDouble v = run.get(spec.metric());
            if (v.isPresent()) {
                comparison = comparison.withCandidate(v.getAsDouble());
            }
        }
        t = t.withComparison(comparison);
        if (m.failure().isPresent()) {
            end(p, t, m.failure().get().status(), OptionalDouble.empty(), values(t), m.failure().get().reason(),
                    OptionalDouble.empty());
            return;
        }
        judge(p, t);
    }

    /** The keep rule's verdict on the runs so far: keep (then the constraints, replay and checks), discard, or more runs. */
    private void judge(Plan p, Trial t) {
        OptionalInt below = t.replaying().isPresent() ? Stacking.ahead(p.state, t) : OptionalInt.empty();
        if (below.isPresent()) {
            hold(p, t, below.getAsInt()); // made on a win under way: what it is judged against is not known yet
            return;
        }
        Judge.Decision measured = judge.judge(t.runs());
        if (t.comparison().orElseThrow().candidateRuns().isEmpty()) {
            // No run gave the primary metric: nothing for the keep rule to weigh.
            end(p, t, measured.status(), measured.metric(), values(t), measured.reason(), OptionalDouble.empty());
            return;
        }
        Verdict verdict = keepRule.decide(t.comparison().orElseThrow());
        if (verdict instanceof Verdict.MoreRuns more) {
            int first = t.logsWritten() + 1;
            p.put(t.withLogsWritten(t.logsWritten() + more.championRuns() + more.candidateRuns()));
            p.steps.add(new Step.MeasureMore(t.experiment(), t.parent(), t.commit(), more.championRuns(),
                    more.candidateRuns(), first));
            return;
        }
        Evidence evidence = verdict instanceof Verdict.Keep k ? k.evidence() : ((Verdict.Discard) verdict).evidence();
        OptionalDouble confidence = evidence.confidenceReached();
        String evidenceLine = "evidence: " + evidence.summary();
        if (verdict instanceof Verdict.Discard d) {
            end(p, t, Status.DISCARD, measured.metric(), values(t), t.replayNote().map(note -> note
                    + "; on the champion: ").orElse("") + d.reason() + "; " + evidenceLine, confidence);
            return;
        }
        if (measured.status() != Status.KEEP) {
            end(p, t, measured.status(), measured.metric(), values(t), measured.reason(), confidence);
            return;
        }
        Judge.Decision decision = new Judge.Decision(Status.KEEP, measured.metric(), values(t), evidenceLine);
        p.state = p.state.withWin(win(p, t, measured.metric().getAsDouble()));
        OptionalInt ahead = Stacking.ahead(p.state, t);
        if (ahead.isPresent()) {
            hold(p, t, ahead.getAsInt());
            return;
        }
        Optional<ExperimentRecord> onto = replayOnto(p, t);
        if (onto.isPresent()) {
            replay(p, t, onto.get(), decision);
            return;
        }
        if (spec.checks().isPresent()) {
            p.put(t.withPassed(Optional.of(new Trial.Passed(decision, confidence))));
            p.steps.add(new Step.RunChecks(t.experiment(), t.commit()));
            return;
        }
        holdoutThenKeep(p, t, decision, confidence);
    }

    /** The holdout when this would be a new champion it is due for; without one due, the keep at once. */
    private void holdoutThenKeep(Plan p, Trial t, Judge.Decision decision, OptionalDouble confidence) {
        if (spec.keep().holdout().isEmpty() || (p.state.research().kept() + 1) % spec.keep().holdoutEvery() != 0) {
            keep(p, t, decision, confidence);
            return;
        }
        p.put(t.withPassed(Optional.of(new Trial.Passed(decision, confidence))));
        p.steps.add(new Step.RunHoldout(t.experiment(), t.commit()));
    }

    private void checked(Plan p, Trial t, Observation.Checked o) {
        Trial.Passed passed = t.passed().orElseThrow();
        if (endedBy(p, t, "checks", o.checks(), o.tampering(), passed)) {
            return;
        }
        if (o.checks().failure().isPresent()) {
            end(p, t, o.checks().failure().get().status(), passed.decision().metric(), passed.decision().values(),
                    o.checks().failure().get().reason(), passed.confidence());
            return;
        }
        Optional<ExperimentRecord> onto = replayOnto(p, t);
        if (onto.isPresent()) {
            replay(p, t, onto.get(), passed.decision()); // another lane's keep landed while the checks ran
            return;
        }
        holdoutThenKeep(p, t, passed.decision(), passed.confidence());
    }

    /**
     * What the holdout said of a would-be champion: its values go in the record beside the metric; a
     * holdout worse than its nearest ancestor's beyond noise (or one that failed) flags the keep, or
     * with {@code holdout-guard} discards the change.
     */
    private void heldOut(Plan p, Trial t, Observation.HeldOut o) {
        Trial.Passed passed = t.passed().orElseThrow();
        Judge.Decision decision = passed.decision();
        if (endedBy(p, t, "holdout", o.holdout(), o.tampering(), passed)) {
            return;
        }
        Optional<ExperimentRecord> onto = replayOnto(p, t);
        if (onto.isPresent()) {
            replay(p, t, onto.get(), decision); // another lane's keep landed while the holdout ran
            return;
        }
        String metric = spec.keep().holdout().orElseThrow().metric();
        String key = spec.keep().holdout().orElseThrow().recordKey();
        List<Double> values = o.holdout().runs().stream().map(m -> m.get(metric).orElseThrow()).toList();
        Map<String, List<Double>> recorded = new LinkedHashMap<>(decision.values());
        if (!values.isEmpty()) {
            recorded.put(key, values);
        }
        Optional<String> flag = o.holdout().failure().map(Measurement.Failure::reason)
                .or(() -> HoldoutRule.regression(spec, p.state.research(), p.state.research().keepOf(t.parent())
                        .orElseGet(() -> p.state.research().best().orElseThrow()), values));
        if (flag.isPresent() && spec.keep().holdoutGuard()) {
            end(p, t, Status.DISCARD, decision.metric(), recorded, "holdout-guard: " + flag.get() + "; "
                    + decision.reason(), passed.confidence());
            return;
        }
        flag.ifPresent(f -> p.say(true, "experiment " + t.experiment() + " is kept, but its holdout is flagged: " + f));
        keep(p, t, new Judge.Decision(Status.KEEP, decision.metric(), recorded,
                decision.reason() + flag.map(f -> "; holdout flagged: " + f).orElse("")), passed.confidence());
    }

    /**
     * What ends a trial after a command run past its measurement (the checks, the holdout): a change
     * outside the worktree makes it {@code invalid}, an interrupt leaves it for the resume, a suspicion
     * measures it again.
     */
    private boolean endedBy(Plan p, Trial t, String what, Measurement m, Tampering tampering, Trial.Passed passed) {
        if (tampering.found() && convicted(p, t, tampering)) {
            end(p, t, Status.INVALID, passed.decision().metric(), passed.decision().values(), "the " + what
                    + " changed " + String.join(", ", tampering.changed()) + " outside the worktree; put back",
                    passed.confidence());
            return true;
        }
        Trial now = p.current(t);
        if (m.interrupted()) {
            abandon(p, now);
            return true;
        }
        if (tampering.found() || now.measureAgain()) {
            measureAgain(p, now);
            return true;
        }
        return false;
    }

    /**
     * Whether a change found outside the worktrees is this trial's: its run was the only one in flight
     * since the guard last looked, or it was suspected once already. Otherwise every run in flight is
     * suspect, the run that happened to end first no more than the others: each is measured again.
     */
    private static boolean convicted(Plan p, Trial t, Tampering tampering) {
        if (tampering.attributableTo(t.lane()) || t.suspected()) {
            return true;
        }
        p.put(t.asSuspect());
        for (Trial other : p.state.trials().values()) {
            if (other.experiment() != t.experiment() && tampering.suspects().contains(other.lane())) {
                p.put(other.asSuspect().toMeasureAgain(true));
            }
        }
        p.say(true, String.join(", ", tampering.changed()) + " changed outside the worktrees while runs were in "
                + "flight on lanes " + tampering.suspects() + "; it cannot be told whose run it was, so each of them is "
                + "measured again");
        return false;
    }

    /** Measures a suspected trial again from its first run: what it measured may be another run's doing. */
    private void measureAgain(Plan p, Trial t) {
        measure(p, t.measuringAfresh(t.commit(), t.parent()).toMeasureAgain(false), spec.repeats());
    }

    private void measuredMore(Plan p, Trial t, Observation.MeasuredMore o) {
        if (o.champion().interrupted() || o.candidate().interrupted()) {
            abandon(p, t);
            return;
        }
        if (o.champion().failure().isPresent()) {
            // The champion no longer runs as it did: nothing can be decided about the candidate.
            end(p, t, Status.CRASH, OptionalDouble.empty(), values(t), "the champion's re-run failed: "
                    + o.champion().failure().get().reason(), OptionalDouble.empty());
            return;
        }
        Comparison comparison = t.comparison().orElseThrow();
        for (Metrics run : o.champion().runs()) {
            double v = run.get(spec.metric()).orElseThrow();
            t = t.withChampionRerun(v);
            comparison = comparison.withChampion(v);
        }
        p.put(t.withComparison(comparison));
        measured(p, p.current(t), o.candidate(), o.tampering());
    }

    /**
     * A change that beat its parent after the branch moved on: replayed onto the champion and measured
     * again; made again there from its plan when the replay conflicts, unless a better win of the same
     * parent there changed every line it changes; superseded only when it cannot be made there at all.
     */
    private void replay(Plan p, Trial t, ExperimentRecord champion, Judge.Decision onParent) {
        if (p.keptNow.isPresent()) {
            hold(p, t, p.keptNow.getAsInt()); // the champion moves on with that keep: made on it once it is recorded
            return;
        }
        List<Trial> stack = Stacking.stack(p.state, champion.commit(), t.experiment());
        Optional<Trial> top = stack.isEmpty() ? Optional.empty() : Optional.of(stack.get(stack.size() - 1));
        Optional<Trial> making = Stacking.beingMadeOn(p.state, top.map(Trial::commit).orElse(champion.commit()),
                t.experiment());
        if (making.isPresent()) {
            hold(p, t, making.get().experiment()); // made on top of it once it is made
            return;
        }
        String note = String.format(Locale.ROOT, "beat its parent (%s) with %.6g, but #%d was kept meanwhile",
                t.parent().substring(0, Math.min(7, t.parent().length())), onParent.metric().orElse(Double.NaN),
                champion.experiment());
        String superseded = note + "; superseded: its change conflicts with #" + champion.experiment() + "'s"
                + top.map(below -> " and #" + below.experiment() + "'s").orElse("") + " and cannot be made on it: ";
        p.put(t.withReplaying(Optional.of(new Trial.Replaying(champion, top.map(Trial::commit).orElse(champion.commit()),
                top.map(below -> OptionalInt.of(below.experiment())).orElse(OptionalInt.empty()), onParent, note,
                superseded))));
        p.steps.add(new Step.Replay(t.experiment(), t.commit(), t.parent(), top.map(Trial::commit)
                .orElse(champion.commit()), alternatives(p, t, onParent, champion, stack)));
    }

    /**
     * The other wins whose changes are in what {@code t} would be made on (a keep between its parent and
     * the champion, or a win under way on the champion) that did at least as well as {@code t}: on the
     * same parent, a metric as good; on another, as large a gain over it. Most ahead first. One whose
     * change covers every line {@code t}'s changes is an alternative that beat it, not an addition:
     * making {@code t} again on top of it would undo it for a change measured worse.
     */
    private List<Step.Alternative> alternatives(Plan p, Trial t, Judge.Decision onParent, ExperimentRecord champion,
                                                List<Trial> stack) {
        if (p.state.wins().isEmpty() || onParent.metric().isEmpty()) {
            return List.of();
        }
        Set<Integer> in = new HashSet<>();
        stack.forEach(s -> in.add(s.experiment()));
        Optional<ExperimentRecord> keep = Optional.of(champion);
        while (keep.isPresent() && !keep.get().isBaseline() && !keep.get().commit().equals(t.parent())
                && in.add(keep.get().experiment())) {
            keep = p.state.research().keepOf(keep.get().parent());
        }
        LoopState.Win mine = win(p, t, onParent.metric().getAsDouble());
        Map<LoopState.Win, Double> ahead = new LinkedHashMap<>();
        for (LoopState.Win w : p.state.wins()) {
            if (w.experiment() != t.experiment() && in.contains(w.experiment())) {
                ahead(mine, w).ifPresent(by -> ahead.put(w, by));
            }
        }
        return ahead.entrySet().stream().sorted(Map.Entry.<LoopState.Win, Double>comparingByValue().reversed())
                .map(e -> new Step.Alternative(e.getKey().experiment(), e.getKey().parent(), e.getKey().commit()))
                .toList();
    }

    /** How far {@code other} did better than {@code mine} (0 or more), when it did at least as well. */
    private OptionalDouble ahead(LoopState.Win mine, LoopState.Win other) {
        double sign = spec.direction() == Direction.MINIMIZE ? 1 : -1;
        double by;
        if (other.parent().equals(mine.parent())) {
            by = sign * (mine.metric() - other.metric());
        } else if (mine.parentMetric().isPresent() && other.parentMetric().isPresent()) {
            by = sign * ((other.parentMetric().getAsDouble() - other.metric())
                    - (mine.parentMetric().getAsDouble() - mine.metric()));
        } else {
            return OptionalDouble.empty();
        }
        return by >= 0 ? OptionalDouble.of(by) : OptionalDouble.empty();
    }

    /** Trial {@code t}'s measurement {@code metric} on its parent, with the parent's metric when a record holds it. */
    private static LoopState.Win win(Plan p, Trial t, double metric) {
        return new LoopState.Win(t.experiment(), t.parent(), t.commit(), metric, p.state.research().nodeOf(t.parent())
                .map(ExperimentRecord::metric).orElse(OptionalDouble.empty()));
    }

    /** Where a replay was made, for the record: on the champion, and on top of which win under way there. */
    private static String onTop(Trial.Replaying r) {
        return r.stackedOn().isPresent() ? " on top of #" + r.stackedOn().getAsInt() + "'s change, under way there" : "";
    }

    private void replayed(Plan p, Trial t, Optional<String> commit, OptionalInt alternativeTo) {
        Trial.Replaying r = t.replaying().orElseThrow();
        int on = r.champion().experiment();
        if (commit.isEmpty() && alternativeTo.isPresent()) {
            end(p, t, Status.DISCARD, r.onParent().metric(), r.onParent().values(), r.note() + "; not made again: "
                    + alternative(p, t, alternativeTo.getAsInt()), OptionalDouble.empty());
            return;
        }
        if (commit.isPresent()) {
            p.say(false, "experiment " + t.experiment() + ": " + r.note() + "; replayed onto it" + onTop(r) + " as "
                    + commit.get().substring(0, Math.min(7, commit.get().length())));
            measure(p, t.withReplayNote(r.note() + "; replayed onto #" + on + onTop(r))
                    .measuringAfresh(commit.get(), r.onto()), spec.repeats());
            return;
        }
        if (t.proposal().hypothesis().plan().isEmpty()) {
            end(p, t, Status.DISCARD, r.onParent().metric(), r.onParent().values(),
                    r.superseded() + "its strategy gave no plan to make it again from", OptionalDouble.empty());
            return;
        }
        p.say(false, "experiment " + t.experiment() + ": " + r.note() + "; its change conflicts with #" + on
                + "'s, so it is made again there");
        p.steps.add(new Step.Remake(t.experiment(), r.champion(), r.onto()));
    }

    /** Why a stale win is not made again on top of win {@code other}, which changed the same lines and did better. */
    private static String alternative(Plan p, Trial t, int other) {
        LoopState.Win theirs = p.state.wins().stream().filter(w -> w.experiment() == other).reduce((a, b) -> b)
                .orElseThrow();
        LoopState.Win mine = win(p, t, t.replaying().orElseThrow().onParent().metric().orElseThrow());
        boolean kept = p.state.research().record(other).filter(k -> k.status() == Status.KEEP).isPresent();
        String where = kept ? "in the champion" : "under way on the champion";
        if (theirs.parent().equals(t.parent())) {
            return String.format(Locale.ROOT, "#%d changed the same lines on the same parent and did better there "
                    + "(%.6g); its change is %s", other, theirs.metric(), where);
        }
        return String.format(Locale.ROOT, "#%d changed the same lines on its own parent (%.7s) and gained more "
                + "there (%.6g against %.6g); its change is %s", other, theirs.parent(),
                Math.abs(theirs.parentMetric().orElseThrow() - theirs.metric()),
                Math.abs(mine.parentMetric().orElseThrow() - mine.metric()), where);
    }

    /** What making a conflicting change again on the champion gave: measured there, or superseded with the reason. */
    private void remade(Plan p, Trial t, Observation.Remade o) {
        Trial.Replaying r = t.replaying().orElseThrow();
        if (o.outcome() instanceof ProposalOutcome.Ready ready) {
            if (o.sameCodeAs().isPresent() && o.sameCodeAs().getAsInt() != t.experiment()) {
                end(p, t, Status.DISCARD, r.onParent().metric(), r.onParent().values(), r.superseded()
                        + "made again there, its code is that of experiment " + o.sameCodeAs().getAsInt()
                        + ", measured already", OptionalDouble.empty());
                return;
            }
            PendingExperiment again = ready.proposal().onLane(t.lane());
            p.steps.add(new Step.Journal(again, ready.tree(), false));
            p.state = p.state.withResearch(p.state.research().withRunning(again));
            measure(p, t.withProposal(again).withReplayNote(r.note() + "; made again on #" + r.champion().experiment()
                    + onTop(r) + " (its change conflicted with that keep's)").measuringAfresh(again.commit(), r.onto()),
                    spec.repeats());
            release(p, t.experiment());
        } else if (o.outcome() instanceof ProposalOutcome.Refused refused) {
            end(p, t, Status.DISCARD, r.onParent().metric(), r.onParent().values(), r.superseded() + refused.reason(),
                    OptionalDouble.empty());
        } else if (o.outcome() instanceof ProposalOutcome.Failed f) {
            // The strategy cannot go on (a model unreachable): the experiment stays proposed for a resume.
            abandon(p, t);
            p.steps.add(new Step.Fail(f.cause(), true));
        } else {
            abandon(p, t);
        }
    }

    private void keep(Plan p, Trial t, Judge.Decision decision, OptionalDouble confidence) {
        if (p.keptNow.isPresent()) {
            hold(p, t, p.keptNow.getAsInt()); // judged again against that keep once it is recorded
            return;
        }
        p.keptNow = OptionalInt.of(t.experiment());
        String reason = t.replayNote().map(n -> n + "; kept on it; " + decision.reason()).orElse(decision.reason());
        p.state = p.state.withoutTrial(t.experiment());
        ExperimentRecord kept = ExperimentRecord.builder().experiment(t.experiment()).commit(t.commit())
                .parent(t.parent()).status(Status.KEEP).metric(decision.metric()).metrics(decision.values())
                .hypothesis(t.proposal().hypothesis()).strategy(t.proposal().strategy()).startedAt(t.startedAt())
                .island(t.proposal().island()).build();
        boolean crowned = search.crowns(p.state.research(), kept, spec.direction());
        p.steps.add(new Step.Keep(t, new Step.Outcome(Status.KEEP, decision.metric(), decision.values(), reason,
                confidence), crowned));
    }

    private static void end(Plan p, Trial t, Status status, OptionalDouble metric, Map<String, List<Double>> values,
                            String reason, OptionalDouble confidence) {
        p.state = p.state.withoutTrial(t.experiment());
        p.steps.add(new Step.Record(t, new Step.Outcome(status, metric, values, reason, confidence)));
    }

    /** An experiment the host interrupted: no record; it stays proposed, and a resumed session runs it again. */
    private static void abandon(Plan p, Trial t) {
        p.state = p.state.withoutTrial(t.experiment());
        p.steps.add(new Step.Abandon(t.experiment()));
        p.say(false, "experiment " + t.experiment() + " on lane " + t.lane()
                + " was interrupted; it runs again when the session resumes");
        abandonWaiting(p, t.experiment());
    }

    /** Experiment {@code gone} ended without a record: what waited for it, or was made on it, runs again on resume. */
    private static void abandonWaiting(Plan p, int gone) {
        for (Trial w : List.copyOf(p.state.trials().values())) {
            if (w.heldBy().equals(OptionalInt.of(gone))
                    || w.replaying().map(r -> r.stackedOn().equals(OptionalInt.of(gone))).orElse(false)) {
                abandon(p, w);
            }
        }
    }

    /** Its keep waits for experiment {@code first} (its verdict, or its making again); its lane waits with it. */
    private static void hold(Plan p, Trial t, int first) {
        p.put(t.heldBy(OptionalInt.of(first)));
        p.say(false, "experiment " + t.experiment() + " beat its parent; it waits for experiment " + first
                + ", a win being made or measured on the champion, so that the two land together");
    }

    /**
     * Experiment {@code record}'s verdict is in: what was made on top of it is judged against its keep
     * (or, when it was not kept, against it and then replayed onto the champion), and what waited for
     * it is judged now.
     */
    private void settle(Plan p, ExperimentRecord record) {
        OptionalInt below = OptionalInt.of(record.experiment());
        for (Trial w : List.copyOf(p.state.trials().values())) {
            if (w.replaying().isEmpty() || !w.replaying().get().stackedOn().equals(below)) {
                continue;
            }
            Trial.Replaying r = w.replaying().get();
            String onto = record.status() == Status.KEEP ? record.commit() : r.onto();
            Trial.Replaying settled = new Trial.Replaying(r.champion(), onto, OptionalInt.empty(), r.onParent(), r.note(),
                    r.superseded());
            Trial now = w.withReplaying(Optional.of(settled));
            if (w.parent().equals(r.onto())) { // made already: measured, or being measured, on top of it
                now = now.reparented(onto, w.comparison().map(c -> rebuilt(p, w, onto)))
                        .withReplayNote(w.replayNote().orElse("") + "; #" + record.experiment()
                                + (record.status() == Status.KEEP ? " was kept first" : " was not kept ("
                                + record.status().keyword() + "), so it is judged against that and then the champion"));
            }
            p.put(now);
        }
        release(p, record.experiment());
    }

    /** What waited for experiment {@code first} (its verdict, or its making again) is judged now. */
    private void release(Plan p, int first) {
        for (Trial w : List.copyOf(p.state.trials().values())) {
            // Looked up again: judging one of them may have ended another meanwhile.
            p.state.trial(w.experiment()).filter(t -> t.heldBy().equals(OptionalInt.of(first)))
                    .ifPresent(t -> judge(p, t.heldBy(OptionalInt.empty())));
        }
    }

    /** A comparison of {@code t}'s runs against those of {@code parent}. */
    private Comparison rebuilt(Plan p, Trial t, String parent) {
        Comparison c = Comparison.against(championRuns(p, parent), noise(p));
        for (Metrics run : t.runs()) {
            OptionalDouble v = run.get(spec.metric());
            if (v.isPresent()) {
                c = c.withCandidate(v.getAsDouble());
            }
        }
        return c;
    }

    /** A record is part of the state: a new record may open new ground for the strategy; the lane and the champion's re-measure follow. */
    private void recorded(Plan p, ExperimentRecord record) {
        p.state = p.state.withoutTrial(record.experiment()).withResearch(p.state.research().with(record))
                .withExhausted(Optional.empty()).withSetAside(Map.of());
        if (record.lane() > 0) {
            LaneRetirement.count(p, lanes, record);
        }
        settle(p, record);
        ChampionRemeasure.after(p, spec, record.parent());
    }

    /** The recorded values of a trial: its metrics over its runs, and the champion's re-runs under {@code <metric>@champion}. */
    private Map<String, List<Double>> values(Trial t) {
        Map<String, List<Double>> values = new LinkedHashMap<>(judge.recorded(t.runs()));
        if (!t.championReruns().isEmpty()) {
            values.put(PooledRuns.championKey(spec.metric()), t.championReruns());
        }
        return values;
    }

    /**
     * Every run of the champion at {@code commit}: its own, and the re-runs later comparisons made of
     * it, pooled, so that each comparison knows it better.
     */
    static List<Double> championRuns(ProgramSpec spec, ResearchState state, String commit) {
        List<Double> runs = new ArrayList<>(PooledRuns.of(state, spec.metric(), commit));
        if (runs.isEmpty()) {
            state.best().orElseThrow().metric().ifPresent(runs::add);
        }
        return runs;
    }

    private List<Double> championRuns(Plan p, String commit) {
        return championRuns(spec, p.state.research(), commit);
    }

    /** The noise floor: the baseline's runs of the primary metric. */
    static NoiseFloor noise(ProgramSpec spec, ResearchState state) {
        return new NoiseFloor(state.baseline().orElseThrow().metrics().getOrDefault(spec.metric(), List.of()));
    }

    private NoiseFloor noise(Plan p) {
        return noise(spec, p.state.research());
    }

    /** The state and steps of one decision as it is worked out. */
    static final class Plan {
        LoopState state;
        final List<Step> steps = new ArrayList<>();
        /**
         * The trial this decision keeps, if any. Keeps are recorded one at a time: a verdict or a replay
         * that is due in the same decision waits for that keep's record, so that it is judged against,
         * or made on, the champion that keep makes.
         */
        OptionalInt keptNow = OptionalInt.empty();

        Plan(LoopState state) {
            this.state = state;
        }

        void put(Trial t) {
            state = state.withTrial(t);
        }

        /** The trial as this decision has left it so far. */
        Trial current(Trial t) {
            return state.trial(t.experiment()).orElse(t);
        }

        void say(boolean warn, String message) {
            steps.add(new Step.Say(warn, message));
        }
    }
}
