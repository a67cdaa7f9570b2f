package dev.autoresearch.core.internal.loop;

import dev.autoresearch.core.internal.decide.Decisions;
import dev.autoresearch.core.keep.KeepRule;
import dev.autoresearch.core.keep.KeepRules;
import dev.autoresearch.core.internal.decide.Measurement;
import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.BaselineFailedException;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.Judge;
import dev.autoresearch.core.PendingExperiment;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchContext;
import dev.autoresearch.core.ResearchEvent;
import dev.autoresearch.core.ResearchListener;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.RunRequest;
import dev.autoresearch.core.SessionSetupException;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.TokenUsage;
import dev.autoresearch.core.ideas.IdeasLedger;
import dev.autoresearch.core.ideas.UserIdeas;
import dev.autoresearch.core.internal.git.ChampionLineage;
import dev.autoresearch.core.internal.git.GitWorkspace;
import dev.autoresearch.core.internal.git.SessionWorktrees;
import dev.autoresearch.core.internal.git.Worktree;
import dev.autoresearch.core.internal.session.ProtectedFiles;
import dev.autoresearch.core.internal.session.SessionLock;
import dev.autoresearch.core.journal.Journal;
import dev.autoresearch.core.journal.JournalContents;
import dev.autoresearch.core.journal.JournalHeader;
import dev.autoresearch.core.journal.ResultsTable;
import dev.autoresearch.core.journal.RunStart;
import dev.autoresearch.core.journal.SessionFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Runs one session: opens (or resumes) it, sets up the lanes and the proposer, runs the baseline if
 * there is none, hands over to the {@link Coordinator}, and leaves the first lane's worktree clean
 * on the branch at the best commit.
 */
public final class LoopEngine {
    /** How many times an experiment's runs may end the loop before a resume records it as a crash. */
    private static final int LOOP_ENDINGS_TOLERATED = 2;
    private static final Logger LOG = LoggerFactory.getLogger(LoopEngine.class);

    /** Where a failed run's reason goes on to its log: "; last lines of runs/0.log:" or "; runs/0.log is empty". */
    private static final java.util.regex.Pattern LOG_TAIL = java.util.regex.Pattern.compile("; (last lines of |runs/\\S+ is empty)");

    private final ResearchLoop.Config config;
    /** The state as of the last event, for the final event of a session that fails. */
    private ResearchState seen = ResearchState.empty();
    /** Adds each recorded experiment to the ideas ledger, once the session has opened it. */
    private Optional<IdeasRecorder> ideas = Optional.empty();
    private LedgerGuard ledgerGuard;

    public LoopEngine(ResearchLoop.Config config) {
        this.config = config;
    }

    /**
     * Runs the session to its end. Whatever happens, listeners get one final event: the report, or
     * the failure (with the component at fault named when it was the host's).
     */
    public ResearchReport run() {
        try {
            return runSession();
        } catch (RuntimeException e) {
            AutoresearchException failure = e instanceof AutoresearchException a ? a
                    : new AutoresearchException("the session failed: " + e, e);
            emit(new ResearchEvent.SessionFailed(config.tag(), failure, seen, config.clock().instant()));
            throw failure;
        }
    }

    private ResearchReport runSession() {
        Path root = GitWorkspace.repositoryRoot(config.repository());
        SessionFiles files = config.sessionDirectory().map(SessionFiles::new)
                .orElseGet(() -> SessionFiles.of(root, config.tag()));
        if (!Files.exists(files.directory())) {
            // A branch of a session whose folder is gone, with commits of its own, refuses the start: refuse it
            // before anything is made, so that the refusal leaves no folder or worktree behind.
            GitWorkspace.open(root, config.tag()).startingPoint(Optional.empty());
        }
        try {
            Files.createDirectories(files.runs());
            Files.createDirectories(files.patches());
        } catch (IOException e) {
            throw new AutoresearchException("cannot create the session folder " + files.directory() + ": " + e.getMessage(), e);
        }
        try (SessionLock lock = SessionLock.acquire(files.lock(), config.tag());
             Journal journal = Journal.open(files.journal())) {
            GitWorkspace workspace = GitWorkspace.open(root, config.tag());
            List<Path> lanePaths = new ArrayList<>();
            for (int i = 1; i <= config.lanes().size(); i++) {
                lanePaths.add(files.laneWorktree(i));
            }
            List<Path> elsewhere = workspace.checkingOutBranch(lanePaths);
            if (!elsewhere.isEmpty()) {
                throw new SessionSetupException("the branch " + workspace.branch() + " is checked out in " + elsewhere.get(0)
                        + "; switch that checkout to another branch first: the session moves this branch");
            }
            JournalContents left = journal.contentsWhenOpened();
            ResearchState state = withPlans(left.state(), files);
            boolean resumed = !state.history().isEmpty();
            Worktree view = workspace.worktree(files.view());
            List<Lane> lanes = new ArrayList<>();
            String start;
            if (resumed) {
                checkHeader(journal);
                start = state.best().orElseThrow().commit();
                String recorded = start;
                java.util.Set<String> nodes = new java.util.HashSet<>();
                state.history().stream().filter(r -> r.isBaseline() || r.status() == dev.autoresearch.core.Status.KEEP)
                        .forEach(r -> nodes.add(r.commit()));
                workspace.dropUnrecordedKeep(recorded, nodes::contains).ifPresent(dropped -> LOG.info("the branch was one keep ahead "
                        + "of the journal ({}, whose record was never written); it is back at {} and that experiment "
                        + "runs again", dropped.substring(0, 7), recorded.substring(0, 7)));
                Rebase.finishBranchMove(workspace, state);
                pointIslandRefs(workspace, state);
            } else {
                // Nothing recorded yet (a first start, or a baseline that failed): start from the user's HEAD now.
                stopLeftRuns(left, files, workspace);
                start = workspace.startingPoint(journal.header().map(JournalHeader::baseCommit));
                workspace.resetBranch(start);
                state = ResearchState.empty();
            }
            view.checkout(start);
            ProtectedFiles protectedFiles = ProtectedFiles.snapshot(view, config.spec());
            for (int i = 1; i <= config.lanes().size(); i++) {
                Worktree w = workspace.worktree(files.laneWorktree(i)).keeping(config.spec()::keeps);
                ResearchLoop.Lane lane = config.lanes().get(i - 1);
                lanes.add(new Lane(i, w, lane.runner(), lane.devices(), protectedFiles.on(w)));
            }
            config.generator().prepare(new ResearchContext(config.spec(), state, state.nextExperiment(), view.path(),
                    files.directory()));
            if (!resumed) {
                journal.startOver(new JournalHeader(config.tag(), config.spec().hash(), config.spec().metric(),
                        config.spec().direction(), secondaryColumns(config.spec(), keepRule(config)), start, config.clock().instant(),
                        Optional.of(new JournalHeader.RecordedRule(config.spec().keep().rule(),
                                config.spec().keep().confidence()))));
            }
            IdeasMemory memory = openIdeas(root, files, view, state);
            ResultsTable results = ResultsTable.forHeader(files.results(), journal.header().orElseThrow());
            results.rewrite(state.history());
            SessionContext session = new SessionContext(config, files, workspace, journal, results);
            if (resumed) {
                state = giveUpOnLoopEnders(session, state, left, files);
            }
            emit(new ResearchEvent.SessionStarted(config.tag(), workspace.branch(), files.directory(), state, resumed,
                    config.clock().instant()));
            Proposer proposer = new Proposer(config.spec(), config.generator(), config.mutator(), view,
                    k -> workspace.worktree(files.view(k)), files, config.clock(), memory, config.noveltyCheck());
            ResearchState[] current = {state};
            SessionGuard guard = new SessionGuard(journal, lock, results, () -> current[0].history(),
                    config.spec().source(), workspace, ledgerGuard);
            Measurer measurer = new Measurer(config.tag(), config.spec(), config.metrics(), config.environment(), files,
                    journal, config.clock(), guard);
            Coordinator.Result result;
            try {
                if (!resumed) {
                    state = record(session, state, baseline(lanes.get(0), measurer, start, root));
                } else if (config.rebase()) {
                    int recorded = state.history().size();
                    state = new Rebase(session, view).run(state, journal.header().orElseThrow(), workspace, lanes.get(0),
                            (lane, n, commit) -> measureBase(lane, measurer, n, commit));
                    if (state.history().size() > recorded) {
                        guard.branchMoved(state.best().orElseThrow().commit());
                        emit(new ResearchEvent.ExperimentFinished(state.last().orElseThrow(), state));
                    }
                }
                current[0] = state;
                Map<String, Integer> trees = trees(view, state);
                Decisions decisions = new Decisions(config.spec(), keepRule(config), config.search(), lanes.size());
                Coordinator coordinator = new Coordinator(session, lanes, proposer, measurer, guard, decisions, state, trees,
                        resumed ? left.runs() : Map.of(), resumed ? left.measured() : Map.of(), event -> {
                            if (event instanceof ResearchEvent.ExperimentFinished f) {
                                current[0] = f.state();
                            }
                            emit(event);
                        });
                result = coordinator.run();
            } finally {
                lanes.forEach(l -> l.thread().shutdownNow());
                proposer.shutdown();
                lanes.forEach(l -> Threads.awaitQuietly(l.thread()));
            }
            String best = result.state().best().orElseThrow().commit();
            leaveClean(lanes.get(0).worktree(), workspace, best, files);
            ResearchReport report = new ResearchReport(config.tag(), workspace.branch(), result.state(), result.reason(),
                    result.interrupted(), files.directory(), lanes.get(0).worktree().path(), result.duplicatesSkipped());
            if (result.fatal().isPresent()) {
                throw result.fatal().get();
            }
            LOG.info("session {} stopped: {}", config.tag(), result.reason());
            emit(new ResearchEvent.SessionFinished(report));
            if (result.interrupted()) {
                Thread.currentThread().interrupt();
            }
            return report;
        }
    }

    /**
     * Reads the ideas ledger (without earlier sessions' ideas under fresh memory), adds what this
     * session's journal has and the ledger lacks, and from then on adds each experiment recorded.
     */
    private IdeasMemory openIdeas(Path root, SessionFiles files, Worktree view, ResearchState state) {
        IdeasLedger ledger = IdeasLedger.of(root);
        Path userIdeas = config.spec().source().map(p -> p.toAbsolutePath().resolveSibling(UserIdeas.FILE))
                .orElse(root.resolve(UserIdeas.FILE));
        boolean checked = config.noveltyCheck().isPresent() && config.spec().novelty() > 0;
        IdeasMemory memory = new IdeasMemory(ledger.read(), config.tag(), state.history(), state.pending(),
                config.freshMemory(), checked || config.generator().readsIdeas(), checked, () -> UserIdeas.read(userIdeas),
                champion -> ChampionLineage.of(root, champion));
        ledgerGuard = new LedgerGuard(ledger, config.tag(), tag -> SessionFiles.isValidTag(tag)
                && SessionLock.livePid(SessionFiles.of(root, tag).lock()).isPresent());
        IdeasRecorder recorder = new IdeasRecorder(ledgerGuard, memory, files, view, config.clock());
        recorder.catchUp(state);
        ideas = Optional.of(recorder);
        return memory;
    }

    /**
     * Points each island's ref at its last keep as journalled: the ref moves after the record is
     * written, so a loop killed between the two leaves it one keep behind, which no later keep of
     * another island would put right.
     */
    private static void pointIslandRefs(GitWorkspace workspace, ResearchState state) {
        Map<Integer, String> champions = new java.util.TreeMap<>();
        for (ExperimentRecord r : state.history()) {
            if (r.status() == dev.autoresearch.core.Status.KEEP && r.island() > 0) {
                champions.put(r.island(), r.commit());
            }
        }
        champions.forEach((island, commit) -> workspace.pointRef("island-" + island, commit));
    }

    /** The pending experiments with the plans their strategy gave, so that they can be made again on a newer champion. */
    private static ResearchState withPlans(ResearchState state, SessionFiles files) {
        for (dev.autoresearch.core.PendingExperiment p : state.pending()) {
            Optional<String> plan = PlanFile.current(files.plan(p.experiment()));
            if (plan.isPresent()) {
                Hypothesis h = p.hypothesis();
                state = state.withPending(p.toBuilder()
                        .hypothesis(new Hypothesis(h.title(), h.rationale(), plan.get(), h.usage())).build());
            }
        }
        return state;
    }

    /**
     * Leaves the first lane's worktree on the branch at the best commit, and removes the other lanes' and
     * the proposer's: only the first is the user's to look at, and a resume makes the others again.
     */
    private static void leaveClean(Worktree first, GitWorkspace workspace, String best, SessionFiles files) {
        boolean interrupted = Thread.interrupted();
        try {
            try {
                first.checkoutBranch(workspace.branch(), best);
            } catch (AutoresearchException e) {
                LOG.debug("cannot put {} on the branch: {}", first.path(), e.getMessage());
                first.checkout(best);
            }
            SessionWorktrees.removeUnder(workspace.root(), files.directory(), List.of(first.path()));
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops what a killed session left running before its baseline was recorded: the baseline runs again. */
    private void stopLeftRuns(JournalContents left, SessionFiles files, GitWorkspace workspace) {
        left.runs().values().forEach(run -> stopLeftRun(run, files));
    }

    /** Stops (without reading it) what a killed loop left running of {@code run}, if its runner can find it. */
    private void stopLeftRun(RunStart run, SessionFiles files) {
        if (run.ticket().isPresent()) {
            RunRequest request = RunRequest.builder().command(config.spec().run()).workingDirectory(files.laneWorktree(1))
                    .timeout(config.spec().timeout())
                    .log(files.directory().resolve(SessionFiles.logName(run.experiment(), 1)))
                    .experiment(run.experiment()).purpose(run.purpose()).lane(Math.min(run.lane(), config.lanes().size()))
                    .build();
            config.lanes().get(Math.min(run.lane(), config.lanes().size()) - 1).runner()
                    .reattach(request, run.ticket().get());
        }
    }

    /**
     * Records as a crash each pending experiment whose runs ended the loop twice (the loop was killed
     * while they ran, perhaps by them), stopping what they left, instead of running them again at
     * every resume; the others go on as usual.
     */
    private ResearchState giveUpOnLoopEnders(SessionContext session, ResearchState state, JournalContents left,
                                             SessionFiles files) {
        ResearchState next = state;
        for (PendingExperiment p : state.pending()) {
            int ended = left.runsTheLoopDidNotSeeEnd(p.experiment());
            if (ended < LOOP_ENDINGS_TOLERATED) {
                continue;
            }
            Optional.ofNullable(left.runs().get(p.experiment())).ifPresent(run -> stopLeftRun(run, files));
            Instant now = config.clock().instant();
            LOG.warn("experiment {}: its run ended the loop {} times; recorded as a crash rather than run again",
                    p.experiment(), ended);
            next = record(session, next, ExperimentRecord.builder().experiment(p.experiment()).commit(p.commit())
                    .parent(p.parent()).status(Status.CRASH).hypothesis(p.hypothesis()).strategy(p.strategy())
                    .startedAt(p.proposedAt()).duration(Duration.between(p.proposedAt(), now).abs())
                    .log(SessionFiles.logName(p.experiment(), 1))
                    .reason("its run ended the loop twice (the loop was killed while it ran, " + ended + " times); "
                            + "recorded as a crash rather than run again")
                    .usage(p.hypothesis().usage()).lane(p.lane().orElse(1)).build());
        }
        return next;
    }

    /** The tree of every measured commit: a change that makes one of them again measures nothing new. */
    private static Map<String, Integer> trees(Worktree view, ResearchState state) {
        Map<String, Integer> trees = new HashMap<>();
        Map<String, Integer> commits = new HashMap<>();
        for (ExperimentRecord r : state.history()) {
            if (r.isBaseline() || !r.commit().equals(r.parent())) {
                commits.put(r.commit(), r.experiment());
            }
        }
        state.pending().forEach(p -> commits.put(p.commit(), p.experiment()));
        view.trees(commits.keySet()).forEach((commit, tree) -> trees.put(tree, commits.get(commit)));
        return trees;
    }

    /** Experiment 0: the unchanged code, which must give a usable result. */
    private ExperimentRecord baseline(Lane lane, Measurer measurer, String head, Path checkout) {
        ProgramSpec spec = config.spec();
        Instant startedAt = config.clock().instant();
        Hypothesis hypothesis = Hypothesis.baseline();
        emit(new ResearchEvent.ExperimentStarted(0, hypothesis, startedAt, lane.number()));
        Measurement m = measurer.measure(lane, 0, head, baselineRuns(config), 1, Optional.empty());
        if (m.interrupted() || Thread.currentThread().isInterrupted()) {
            Thread.currentThread().interrupt();
            throw new AutoresearchException("interrupted while the baseline ran; nothing was recorded, "
                    + "run again to start the session");
        }
        if (m.failure().isPresent()) {
            String reason = m.failure().get().reason();
            String missing = "metric '" + spec.metric() + "' not found in the output";
            if (reason.startsWith(missing)) {
                reason = "metric '" + spec.metric() + "' was not found in its output; " + howToPrint(spec.metric())
                        + reason.substring(missing.length());
            } else if (m.failure().get().status() == Status.INVALID) {
                throw new BaselineFailedException("the baseline " + reason.substring(reason.indexOf(' ') + 1)
                        + "; a run must leave the committed files (the code, readonly files, program.md) as they are");
            }
            String command = m.failure().get().status() == Status.CRASH && !reason.contains("metric")
                    ? " running '" + spec.run() + "'" : "";
            // The command belongs to the first line, before the log's tail, not glued onto the tail's last line.
            java.util.regex.Matcher tail = LOG_TAIL.matcher(reason);
            String told = tail.find() ? reason.substring(0, tail.start()) + command + reason.substring(tail.start())
                    : reason + command;
            throw new BaselineFailedException("the baseline (the code unchanged) failed: " + told
                    + "\nFix the program or the run command, then start the session again.");
        }
        Judge.Decision decision = new Judge(spec).judge(m.runs());
        if (decision.status() != Status.KEEP) {
            LOG.warn("the baseline does not meet the constraints: {}", decision.reason());
        }
        if (spec.checks().isPresent()) {
            Measurement checks = measurer.checks(lane, 0, head);
            if (checks.interrupted() || Thread.currentThread().isInterrupted()) {
                Thread.currentThread().interrupt();
                throw new AutoresearchException("interrupted while the baseline's checks ran; nothing was recorded");
            }
            if (checks.failure().isPresent()) {
                throw new BaselineFailedException("the baseline (the code unchanged) failed: its checks failed ("
                        + checks.failure().get().reason().replaceFirst("^checks failed \\(", "")
                        + "\nFix the program or the run command, then start the session again.");
            }
        }
        Map<String, List<Double>> values = new java.util.LinkedHashMap<>(decision.values());
        spec.keep().holdout().ifPresent(h -> values.put(h.recordKey(), baselineHoldout(lane, measurer, head, checkout)));
        return ExperimentRecord.builder().experiment(0).commit(head).parent(head).status(Status.KEEP)
                .metric(decision.metric()).metrics(values).hypothesis(hypothesis).strategy("baseline")
                .startedAt(startedAt).duration(Duration.between(startedAt, config.clock().instant()))
                .log(SessionFiles.logName(0, 1)).reason(decision.status() == Status.KEEP ? "" : decision.reason())
                .lane(lane.number()).build();
    }

    /**
     * The holdout on the baseline, whose values every later holdout is compared with: as many runs as
     * the baseline's, so that they measure the holdout's own noise. A holdout that fails here fails
     * the start: it would flag every change.
     */
    private List<Double> baselineHoldout(Lane lane, Measurer measurer, String head, Path checkout) {
        dev.autoresearch.core.keep.Holdout holdout = config.spec().keep().holdout().orElseThrow();
        Measurement m = measurer.holdout(lane, 0, head, baselineRuns(config), checkout);
        if (m.interrupted() || Thread.currentThread().isInterrupted()) {
            Thread.currentThread().interrupt();
            throw new AutoresearchException("interrupted while the baseline's holdout ran; nothing was recorded, "
                    + "run again to start the session");
        }
        if (m.failure().isPresent()) {
            throw new BaselineFailedException("the holdout failed on the baseline (the code unchanged), running '"
                    + holdout.run() + "' in " + checkout + ": " + m.failure().get().reason()
                    + "\nFix the holdout's command (it runs from your checkout, with the code to check in "
                    + "$AUTORESEARCH_WORKTREE), then start the session again.");
        }
        return m.runs().stream().map(r -> r.get(holdout.metric()).orElseThrow()).toList();
    }

    /** A new base measured as a baseline is, on {@code lane} under number {@code n}: its decision, or why it failed. */
    private Judge.Decision measureBase(Lane lane, Measurer measurer, int n, String commit) {
        emit(new ResearchEvent.ExperimentStarted(n, Hypothesis.of("rebase onto " + commit.substring(0, 7), "", ""),
                config.clock().instant(), lane.number()));
        Measurement m = measurer.measure(lane, n, commit, baselineRuns(config), 1, Optional.empty());
        if (m.interrupted() || Thread.currentThread().isInterrupted()) {
            Thread.currentThread().interrupt();
            throw new AutoresearchException("interrupted while the new base ran; nothing was recorded, run again to rebase");
        }
        if (m.failure().isPresent()) {
            return new Judge.Decision(m.failure().get().status(), OptionalDouble.empty(), Map.of(), m.failure().get().reason());
        }
        return new Judge(config.spec()).judge(m.runs());
    }

    /** The keep rule the host gave, else the one program.md names. */
    private static KeepRule keepRule(ResearchLoop.Config config) {
        return config.keepRule().orElseGet(() -> KeepRules.of(config.spec()));
    }

    /** The baseline's runs: under a statistical keep rule they measure the noise, so at least {@code baseline-repeats}. */
    private static int baselineRuns(ResearchLoop.Config config) {
        ProgramSpec spec = config.spec();
        return keepRule(config).statistical() ? Math.max(spec.repeats(), spec.keep().baselineRepeats()) : spec.repeats();
    }

    /** How a run prints the metric so that the default extractors read it: the forms its name allows. */
    static String howToPrint(String metric) {
        boolean summary = metric.matches("[\\p{L}_][^\\s:]*");
        boolean tagged = !metric.contains("=");
        if (!summary && !tagged) {
            return "its name cannot be printed in a form the default extractors read; configure an extractor";
        }
        return "print a line such as " + (summary ? "'" + metric + ": 0.123'" : "")
                + (summary && tagged ? " or " : "") + (tagged ? "'METRIC " + metric + "=0.123'" : "")
                + ", or configure the extractor";
    }

    private ResearchState record(SessionContext session, ResearchState state, ExperimentRecord record) {
        session.journal().append(record);
        session.results().append(record);
        ResearchState next = state.with(record);
        emit(new ResearchEvent.ExperimentFinished(record, next));
        return next;
    }

    private void checkHeader(Journal journal) {
        JournalHeader h = journal.header().orElseThrow(() -> new AutoresearchException(journal.file()
                + " has records but no header line; the journal was changed by hand or damaged. "
                + "Restore it, or start a new session with another tag"));
        ProgramSpec spec = config.spec();
        if (!h.metric().equals(spec.metric()) || h.direction() != spec.direction()) {
            throw new SessionSetupException("session '" + config.tag() + "' measures " + h.metric() + " ("
                    + h.direction().keyword() + ") but the program now says " + spec.metric() + " ("
                    + spec.direction().keyword() + "); results would not compare. Start a new session with another tag");
        }
        if (!h.programHash().equals(spec.hash())) {
            LOG.info("program.md changed since session '{}' started; going on with the new text", config.tag());
        }
    }

    private static List<String> secondaryColumns(ProgramSpec spec, KeepRule rule) {
        List<String> columns = new ArrayList<>(spec.recordedMetrics().subList(1, spec.recordedMetrics().size()));
        if (rule.statistical() && !columns.contains(ResultsTable.CONFIDENCE)) {
            columns.add(ResultsTable.CONFIDENCE);
        }
        spec.keep().holdout().ifPresent(h -> columns.add(h.recordKey()));
        return columns;
    }

    private void emit(ResearchEvent event) {
        if (event instanceof ResearchEvent.SessionStarted s) {
            seen = s.state();
        } else if (event instanceof ResearchEvent.ExperimentFinished f) {
            seen = f.state();
            ideas.ifPresent(r -> r.recorded(f.record(), f.state()));
        }
        for (ResearchListener l : config.listeners()) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("a research listener failed on {}: {}", event.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
