package dev.autoresearch.host.report;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.ResearchEvent;
import dev.autoresearch.core.ResearchListener;
import dev.autoresearch.core.journal.Journal;
import dev.autoresearch.core.journal.JournalContents;
import dev.autoresearch.core.journal.SessionFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps a running session's {@code progress.png} and {@code report.html} up to date: both are
 * rewritten (atomically) from the journal after every experiment and when the session stops. A failure never disturbs the
 * session: a Java runtime that cannot draw stops the chart for good (the page goes on), a failed
 * write is reported once and tried again after the next experiment.
 *
 * <p>The files are written on a thread of this listener's own, and the caller waits for them. The
 * loop's thread never runs Java2D, whose text drawing clears the thread's interrupt flag, and an
 * interrupt is how a host stops the loop (Ctrl-C): drawn on the loop's thread, a chart could swallow it.
 */
public final class SessionReports implements ResearchListener {
    private static final Logger LOG = LoggerFactory.getLogger(SessionReports.class);

    private final HtmlReport html;
    private final Consumer<String> warnings;
    private Optional<SessionFiles> session = Optional.empty();
    private boolean cannotRender;
    private boolean chartFailed;
    private boolean pageFailed;
    /** One daemon thread, started when needed and ended when idle: nothing to close. */
    private final ThreadPoolExecutor writer = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "autoresearch-reports");
                t.setDaemon(true);
                return t;
            });

    {
        writer.allowCoreThreadTimeOut(true);
    }

    /** Reports with the default page, warnings to the log. */
    public SessionReports() {
        this(new HtmlReport(), message -> LOG.warn(message));
    }

    /**
     * @param html     the page to write
     * @param warnings told (once per kind of failure) when a report cannot be written; a command prints them
     */
    public SessionReports(HtmlReport html, Consumer<String> warnings) {
        this.html = Objects.requireNonNull(html, "html");
        this.warnings = Objects.requireNonNull(warnings, "warnings");
    }

    /** The session's folder, once the session has started. */
    public Optional<SessionFiles> session() {
        return session;
    }

    @Override
    public void onEvent(ResearchEvent event) {
        if (event instanceof ResearchEvent.SessionStarted s) {
            session = Optional.of(new SessionFiles(s.sessionDirectory()));
        } else if ((event instanceof ResearchEvent.ExperimentFinished || event instanceof ResearchEvent.SessionFinished)
                && session.isPresent()) {
            // At the end too: a session can record an experiment as it stops (one withdrawn when its lane ended).
            write();
        }
    }

    /**
     * Rewrites both files from the journal now (the command also does so once the session stops).
     *
     * @return whether the chart was drawn
     */
    public boolean write() {
        if (session.isEmpty()) {
            return false;
        }
        SessionFiles files = session.get();
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
        JournalContents journal;
        try {
            journal = Journal.read(files.journal());
        } catch (AutoresearchException e) {
            warn(e.getMessage());
            return false;
        }
        boolean drawn = chart(files, journal);
        try {
            html.write(files, journal);
            pageFailed = false;
        } catch (AutoresearchException e) {
            if (!pageFailed) {
                warn(e.getMessage() + "; tried again after the next experiment, the session goes on");
            }
            pageFailed = true;
        }
        return drawn;
    }

    private boolean chart(SessionFiles files, JournalContents journal) {
        if (cannotRender) {
            return false;
        }
        try {
            boolean drawn = ProgressChart.write(journal, files.chart());
            chartFailed = false;
            return drawn;
        } catch (ProgressChart.CannotRenderException e) {
            cannotRender = true;
            warn(e.getMessage() + "; the session goes on without the chart, its journal, results.tsv and "
                    + "report.html are not affected");
            return false;
        } catch (AutoresearchException e) {
            if (!chartFailed) {
                warn(e.getMessage() + "; tried again after the next experiment, the session goes on");
            }
            chartFailed = true;
            return false;
        }
    }

    private void warn(String message) {
        warnings.accept(message);
    }
}
