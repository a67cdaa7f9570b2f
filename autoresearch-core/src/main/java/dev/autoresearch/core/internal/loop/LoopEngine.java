package dev.autoresearch.core.internal.loop;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.BaselineFailedException;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.Judge;
import dev.autoresearch.core.Metrics;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchContext;
import dev.autoresearch.core.ResearchEvent;
import dev.autoresearch.core.ResearchListener;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.RunRequest;
import dev.autoresearch.core.RunResult;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.StrategyExhaustedException;
import dev.autoresearch.core.TokenUsage;
import dev.autoresearch.core.internal.git.GitWorkspace;
import dev.autoresearch.core.internal.session.InFlight;
import dev.autoresearch.core.internal.session.ProtectedFiles;
import dev.autoresearch.core.internal.session.SessionLock;
import dev.autoresearch.core.journal.Journal;
import dev.autoresearch.core.journal.JournalHeader;
import dev.autoresearch.core.journal.ResultsTable;
import dev.autoresearch.core.journal.SessionFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;

/**
 * Runs one session: open (or resume) it, run the baseline if there is none, then step until a
 * stopping policy holds or the thread is interrupted. The state is an immutable value passed from
 * step to step; the journal is written before the next step starts.
 */
public final class LoopEngine {
    private static final Logger LOG = LoggerFactory.getLogger(LoopEngine.class);

    private final ResearchLoop.Config config;

    public LoopEngine(ResearchLoop.Config config) {
        this.config = config;
    }

    public ResearchReport run() {
        Path root = GitWorkspace.repositoryRoot(config.repository());
        SessionFiles files = SessionFiles.of(root, config.tag());
        try {
            Files.createDirectories(files.runs());
            Files.createDirectories(files.patches());
        } catch (IOException e) {
            throw new AutoresearchException("cannot create the session folder " + files.directory() + ": " + e.getMessage(), e);
        }
        try (SessionLock lock = SessionLock.acquire(files.lock(), config.tag());
             Journal journal = Journal.open(files.journal())) {
            GitWorkspace workspace = GitWorkspace.open(root, config.tag(), files.worktree());
            ResearchState state = ResearchState.of(journal.records());
            boolean resumed = !state.history().isEmpty();
            String start;
            if (resumed) {
                checkHeader(journal);
                state = recoverInFlight(files, journal, state);
                start = state.best().orElseThrow().commit();
            } else {
                // Nothing recorded yet (a first start, or a baseline that failed): start from the user's HEAD now.
                InFlight.clear(files.inFlight());
                start = workspace.startingPoint(journal.header().map(JournalHeader::baseCommit));
            }
            workspace.resetTo(start);
            config.generator().prepare(new ResearchContext(config.spec(), state, state.nextExperiment(),
                    workspace.worktree(), files.directory()));
            if (!resumed) {
                journal.startOver(new JournalHeader(config.tag(), config.spec().hash(), config.spec().metric(),
                        config.spec().direction(), secondaryColumns(config.spec()), start, config.clock().instant()));
            }
            ResultsTable results = ResultsTable.forHeader(files.results(), journal.header().orElseThrow());
            results.rewrite(state.history());
            Session session = new Session(config, files, workspace, journal, results,
                    ProtectedFiles.snapshot(workspace, config.spec()));
            emit(new ResearchEvent.SessionStarted(config.tag(), workspace.branch(), files.directory(), state, resumed,
                    config.clock().instant()));
            if (!resumed) {
                state = record(session, state, baseline(session));
            }
            return loop(session, state);
        }
    }

    private ResearchReport loop(Session session, ResearchState state) {
        String stopReason;
        boolean interrupted = false;
        while (true) {
            Optional<String> stop = config.stoppingPolicy().check(state, config.spec());
            if (stop.isPresent()) {
                stopReason = stop.get();
                break;
            }
            // Thread.interrupted() clears the flag so the records can be written; it is restored on return.
            if (Thread.interrupted()) {
                interrupted = true;
                stopReason = "interrupted";
                break;
            }
            ExperimentRecord best = state.best().orElseThrow();
            int n = state.nextExperiment();
            Instant startedAt = config.clock().instant();
            session.workspace().resetTo(best.commit());
            ResearchContext context = new ResearchContext(config.spec(), state, n, session.workspace().worktree(),
                    session.files().directory());
            Optional<Hypothesis> proposed;
            try {
                proposed = Optional.of(config.generator().propose(context));
            } catch (StrategyExhaustedException e) {
                stopReason = e.getMessage();
                break;
            } catch (RuntimeException e) {
                if (!Thread.interrupted()) {
                    throw e;
                }
                proposed = Optional.empty(); // the strategy failed because the host interrupted it
            }
            if (proposed.isEmpty() || Thread.interrupted()) {
                interrupted = true;
                stopReason = "interrupted";
                break;
            }
            Hypothesis hypothesis = proposed.get();
            String strategy = config.generator().name();
            new InFlight(n, hypothesis, strategy, best.commit(), startedAt).write(session.files().inFlight());
            emit(new ResearchEvent.ExperimentStarted(n, hypothesis, config.clock().instant()));
            ExperimentStep step = new ExperimentStep(session);
            Optional<ExperimentRecord> record = step.run(context, hypothesis, strategy, best, startedAt);
            if (record.isPresent()) {
                state = record(session, state, record.get());
            }
            if (step.interrupted()) {
                interrupted = true;
                stopReason = "interrupted";
                break;
            }
        }
        ResearchReport report = new ResearchReport(config.tag(), session.workspace().branch(), state, stopReason,
                interrupted, session.files().directory(), session.workspace().worktree());
        LOG.info("session {} stopped: {}", config.tag(), stopReason);
        emit(new ResearchEvent.SessionFinished(report));
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return report;
    }

    /** Experiment 0: the unchanged code, which must give a usable result. */
    private ExperimentRecord baseline(Session session) {
        ProgramSpec spec = config.spec();
        Instant startedAt = config.clock().instant();
        Hypothesis hypothesis = Hypothesis.baseline();
        emit(new ResearchEvent.ExperimentStarted(0, hypothesis, startedAt));
        ExperimentStep step = new ExperimentStep(session);
        String head = session.workspace().head();
        List<Metrics> measured = new ArrayList<>();
        for (int repeat = 1; repeat <= spec.repeats(); repeat++) {
            String logName = SessionFiles.logName(0, repeat);
            RunResult result = step.runCommand(spec.run(), spec.timeout(), logName, 0, repeat, RunRequest.Purpose.EXPERIMENT);
            if (step.interrupted()) {
                Thread.currentThread().interrupt();
                throw new AutoresearchException("interrupted while the baseline ran; nothing was recorded, "
                        + "run again to start the session");
            }
            if (!result.succeeded()) {
                throw baselineFailed(result.describe() + " running '" + spec.run() + "'", logName, result);
            }
            List<String> tampered = session.protectedFiles().changed();
            if (!tampered.isEmpty()) {
                session.protectedFiles().restore(tampered);
                throw new BaselineFailedException("the baseline run changed protected files " + tampered
                        + " (they were restored); the experiment must not write to readonly files or program.md");
            }
            try {
                measured.add(config.metrics().extract(result));
            } catch (Exception e) {
                throw baselineFailed("its metrics could not be read (" + e + ")", logName, result);
            }
            if (measured.get(measured.size() - 1).get(spec.metric()).isEmpty()) {
                throw baselineFailed("metric '" + spec.metric() + "' was not found in its output; print a line such as '"
                        + spec.metric() + ": 0.123' or 'METRIC " + spec.metric() + "=0.123', or configure the extractor",
                        logName, result);
            }
        }
        Judge.Decision decision = new Judge(spec).judge(OptionalDouble.empty(), measured);
        if (decision.status() != Status.KEEP) {
            LOG.warn("the baseline does not meet the constraints: {}", decision.reason());
        }
        if (spec.checks().isPresent()) {
            String checksLog = SessionFiles.checksLogName(0);
            RunResult checks = step.runCommand(spec.checks().get(), spec.checksTimeout(), checksLog, 0, 1,
                    RunRequest.Purpose.CHECKS);
            if (step.interrupted()) {
                Thread.currentThread().interrupt();
                throw new AutoresearchException("interrupted while the baseline's checks ran; nothing was recorded");
            }
            if (!checks.succeeded()) {
                throw baselineFailed("its checks failed (" + checks.describe() + " running '" + spec.checks().get() + "')",
                        checksLog, checks);
            }
        }
        return new ExperimentRecord(0, head, head, Status.KEEP, decision.metric(), decision.values(), hypothesis,
                "baseline", startedAt, Duration.between(startedAt, config.clock().instant()),
                SessionFiles.logName(0, 1), decision.status() == Status.KEEP ? "" : decision.reason(), TokenUsage.ZERO);
    }

    private BaselineFailedException baselineFailed(String what, String logName, RunResult result) {
        return new BaselineFailedException("the baseline (the code unchanged) failed: " + what
                + ExperimentStep.withTail(logName, result)
                + "\nFix the program or the run command, then start the session again.");
    }

    private ResearchState record(Session session, ResearchState state, ExperimentRecord record) {
        session.journal().append(record);
        session.results().append(record);
        InFlight.clear(session.files().inFlight());
        ResearchState next = state.with(record);
        emit(new ResearchEvent.ExperimentFinished(record, next));
        return next;
    }

    /** An experiment that was in hand when the last process died is recorded as a crash. */
    private ResearchState recoverInFlight(SessionFiles files, Journal journal, ResearchState state) {
        Optional<InFlight> left = InFlight.read(files.inFlight());
        if (left.isPresent() && left.get().experiment() == state.nextExperiment()) {
            InFlight f = left.get();
            Instant now = config.clock().instant();
            ExperimentRecord crash = new ExperimentRecord(f.experiment(), f.parent(), f.parent(), Status.CRASH,
                    OptionalDouble.empty(), Map.of(), f.hypothesis(), f.strategy(), f.startedAt(),
                    timeSpent(files, f), SessionFiles.logName(f.experiment(), 1),
                    "interrupted: the session stopped (killed, or failed) while this experiment ran; resumed at " + now,
                    f.hypothesis().usage());
            journal.append(crash);
            state = state.with(crash);
            LOG.warn("experiment {} was in flight when the session stopped; recorded as crash", f.experiment());
        }
        InFlight.clear(files.inFlight());
        return state;
    }

    /**
     * How long a killed experiment ran, as far as its files tell: until the last write to one of its
     * logs. It counts towards max-duration like any other experiment's time.
     */
    private static Duration timeSpent(SessionFiles files, InFlight f) {
        Instant last = f.startedAt();
        String prefix = f.experiment() + ".";
        try (Stream<Path> logs = Files.list(files.runs())) {
            for (Path log : logs.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
                Instant modified = Files.getLastModifiedTime(log).toInstant();
                if (modified.isAfter(last)) {
                    last = modified;
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot list {}: {}", files.runs(), e.toString());
        }
        return Duration.between(f.startedAt(), last);
    }

    private void checkHeader(Journal journal) {
        JournalHeader h = journal.header().orElseThrow(() -> new AutoresearchException(journal.file()
                + " has records but no header line; the journal was changed by hand or damaged. "
                + "Restore it, or start a new session with another --tag"));
        ProgramSpec spec = config.spec();
        if (!h.metric().equals(spec.metric()) || h.direction() != spec.direction()) {
            throw new AutoresearchException("session '" + config.tag() + "' measures " + h.metric() + " ("
                    + h.direction().keyword() + ") but the program now says " + spec.metric() + " ("
                    + spec.direction().keyword() + "); results would not compare. Start a new session with another --tag");
        }
        if (!h.programHash().equals(spec.hash())) {
            LOG.info("program.md changed since session '{}' started; going on with the new text", config.tag());
        }
    }

    private static List<String> secondaryColumns(ProgramSpec spec) {
        return spec.recordedMetrics().subList(1, spec.recordedMetrics().size());
    }

    private void emit(ResearchEvent event) {
        for (ResearchListener l : config.listeners()) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("a research listener failed on {}: {}", event.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
