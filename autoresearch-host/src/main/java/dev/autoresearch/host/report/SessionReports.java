package dev.autoresearch.host.report;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.ResearchEvent;
import dev.autoresearch.core.ResearchListener;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.journal.Journal;
import dev.autoresearch.core.journal.JournalContents;
import dev.autoresearch.core.journal.JournalHeader;
import dev.autoresearch.core.journal.SessionFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps a running session's {@code progress.png} and {@code report.html} up to date: both are
 * rewritten (atomically) on a thread of this listener's own from the session's state as the loop
 * tells it (the journal's records, which are not read again: a session of a hundred thousand
 * experiments costs a write what its page and chart cost), at most once every
 * {@link #DEFAULT_INTERVAL} (and four times as long as the last write took) while the session runs,
 * and completely when it stops. The loop's thread
 * never waits for them after an experiment: drawing a chart of thousands of experiments takes longer
 * than the loop's own work. A failure never disturbs the session: a Java runtime that cannot draw
 * stops the chart for good (the page goes on), a failed write is reported once and tried again at
 * the next write.
 *
 * <p>The loop's thread never runs Java2D either, whose text drawing clears the thread's interrupt
 * flag, and an interrupt is how a host stops the loop (Ctrl-C): drawn on the loop's thread, a chart
 * could swallow it.
 */
public final class SessionReports implements ResearchListener {
    /** How often the files are rewritten while a session runs, at most. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(SessionReports.class);

    private final HtmlReport html;
    private final Consumer<String> warnings;
    private final Duration interval;
    private final InstantSource clock;
    private volatile Optional<SessionFiles> session = Optional.empty();
    /** The session's state as the loop last told it: its records are the journal's. */
    private volatile Optional<ResearchState> latest = Optional.empty();
    /** The writer thread's own: the journal's header, read once. */
    private Optional<JournalHeader> header = Optional.empty();
    private Optional<ResearchState> writtenState = Optional.empty();
    // The writer thread's own: only it writes the files.
    private boolean cannotRender;
    private boolean chartFailed;
    private boolean pageFailed;
    /** The journal's version the files were last written from completely, and whether the chart was drawn then. */
    private String writtenVersion = "";
    private boolean writtenDrawn;
    // Guarded by this: the write queued while the session runs, and when the last one ended.
    private Future<?> queued;
    private Instant lastWrite = Instant.MIN;
    /** How long the last write took: the next waits four times as long at least, so writing takes a fifth of a core at most. */
    private Duration lastWriteTook = Duration.ZERO;
    /** One daemon thread, started when needed and ended when idle: nothing to close. */
    private final ScheduledThreadPoolExecutor writer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "autoresearch-reports");
        t.setDaemon(true);
        return t;
    });

    {
        writer.setKeepAliveTime(5, TimeUnit.SECONDS);
        writer.allowCoreThreadTimeOut(true);
        writer.setRemoveOnCancelPolicy(true);
    }

    /** Reports with the default page, warnings to the log. */
    public SessionReports() {
        this(new HtmlReport(), message -> LOG.warn(message));
    }

    /**
     * Reports rewritten at most every {@link #DEFAULT_INTERVAL} while the session runs.
     *
     * @param html     the page to write
     * @param warnings told (once per kind of failure) when a report cannot be written; a command prints them
     */
    public SessionReports(HtmlReport html, Consumer<String> warnings) {
        this(html, warnings, DEFAULT_INTERVAL, InstantSource.system());
    }

    /**
     * @param html     the page to write
     * @param warnings told (once per kind of failure) when a report cannot be written; a command prints them
     * @param interval the least time between two writes while the session runs (a write also waits four
     *                 times as long as the last one took)
     * @param clock    what that time is measured by
     */
    public SessionReports(HtmlReport html, Consumer<String> warnings, Duration interval, InstantSource clock) {
        this.html = Objects.requireNonNull(html, "html");
        this.warnings = Objects.requireNonNull(warnings, "warnings");
        this.interval = Objects.requireNonNull(interval, "interval");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("the reports' interval must not be negative, got " + interval);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The session's folder, once the session has started. */
    public Optional<SessionFiles> session() {
        return session;
    }

    @Override
    public void onEvent(ResearchEvent event) {
        if (event instanceof ResearchEvent.SessionStarted s) {
            session = Optional.of(new SessionFiles(s.sessionDirectory()));
            latest = Optional.of(s.state());
        } else if (event instanceof ResearchEvent.ExperimentFinished f && session.isPresent()) {
            latest = Optional.of(f.state());
            queue(session.get());
        } else if (event instanceof ResearchEvent.SessionFinished f && session.isPresent()) {
            latest = Optional.of(f.report().state());
            // Complete before the session's end is told further: a session can record an experiment as it stops.
            write();
        }
    }

    /** Queues a write for when the interval since the last one is over, unless one is queued already. */
    private synchronized void queue(SessionFiles files) {
        if (queued != null && !queued.isDone()) {
            return;
        }
        Duration gap = interval.compareTo(lastWriteTook.multipliedBy(4)) >= 0 ? interval : lastWriteTook.multipliedBy(4);
        long delay = lastWrite.equals(Instant.MIN) ? 0
                : Math.max(0, Duration.between(clock.instant(), lastWrite.plus(gap)).toMillis());
        queued = writer.schedule(() -> write(files), delay, TimeUnit.MILLISECONDS);
    }

    /**
     * Rewrites both files from the journal now, and returns once they are written (the command also
     * does so once the session stops). A write queued while the session ran is done by this one.
     *
     * @return whether the chart was drawn
     */
    public boolean write() {
        if (session.isEmpty()) {
            return false;
        }
        SessionFiles files = session.get();
        synchronized (this) {
            if (queued != null) {
                queued.cancel(false);
                queued = null;
            }
        }
        return awaitUninterruptibly(writer.submit(() -> write(files)));
    }

    /** Waits for the writer, keeping the caller's interrupt for the caller: the files are written either way. */
    private static boolean awaitUninterruptibly(Future<Boolean> written) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return written.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean write(SessionFiles files) {
        Instant started = clock.instant();
        try {
            return writeFiles(files);
        } finally {
            Instant ended = clock.instant();
            synchronized (this) {
                lastWrite = ended;
                lastWriteTook = Duration.between(started, ended);
            }
        }
    }

    private boolean writeFiles(SessionFiles files) {
        // Read before the state is: a record appended in between is written next time, never missed.
        String version = HtmlReport.version(files.journal());
        Optional<ResearchState> state = latest;
        // The same state object: nothing was recorded since (a state is never changed, only replaced).
        if (state.isEmpty() || (version.equals(writtenVersion) && writtenState.isPresent() && state.get() == writtenState.get())) {
            return writtenDrawn;
        }
        try {
            if (header.isEmpty()) {
                header = Journal.readHeader(files.journal());
            }
        } catch (AutoresearchException e) {
            warn(e.getMessage());
            return false;
        }
        JournalContents journal = new JournalContents(header, state.get().history(), List.of(), Map.of(), 0);
        boolean drawn = chart(files, journal, state.get());
        try {
            html.write(files, journal, state.get(), version);
            pageFailed = false;
        } catch (AutoresearchException e) {
            if (!pageFailed) {
                warn(e.getMessage() + "; tried again at the next write, the session goes on");
            }
            pageFailed = true;
        }
        boolean complete = !pageFailed && !chartFailed;
        writtenVersion = complete ? version : "";
        writtenState = complete ? state : Optional.empty();
        writtenDrawn = drawn;
        return drawn;
    }

    private boolean chart(SessionFiles files, JournalContents journal, ResearchState state) {
        if (cannotRender) {
            return false;
        }
        try {
            boolean drawn = ProgressChart.write(journal, state, files.chart());
            chartFailed = false;
            return drawn;
        } catch (ProgressChart.CannotRenderException e) {
            cannotRender = true;
            warn(e.getMessage() + "; the session goes on without the chart, its journal, results.tsv and "
                    + "report.html are not affected");
            return false;
        } catch (AutoresearchException e) {
            if (!chartFailed) {
                warn(e.getMessage() + "; tried again at the next write, the session goes on");
            }
            chartFailed = true;
            return false;
        }
    }

    private void warn(String message) {
        warnings.accept(message);
    }
}
