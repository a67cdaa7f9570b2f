package dev.autoresearch.cli;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchEvent;
import dev.autoresearch.core.ResearchListener;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.host.ExperimentLine;
import dev.autoresearch.host.Format;
import dev.autoresearch.host.ProgressLines;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Prints a session's progress: a header when it starts, a line per finished experiment (see
 * {@link ExperimentLine}) and, on a terminal, a live line for the experiment in hand with its
 * elapsed seconds, redrawn in place with {@code \r}. When the output is not a terminal it prints
 * plain lines only, with no control characters.
 */
final class ProgressPrinter implements ResearchListener, AutoCloseable {
    private final PrintWriter out;
    private final ProgramSpec spec;
    private final String programName;
    private final boolean live;
    private final InstantSource clock;
    private final Object lock = new Object();
    private ScheduledExecutorService ticker;
    private Optional<Running> running = Optional.empty();
    private int liveWidth;

    private record Running(int experiment, String title, Instant startedAt) {
    }

    /**
     * @param out         where to print
     * @param spec        the session's contract (metric and direction)
     * @param programName how to name the contract's origin in the header ({@code program.md}, {@code flags})
     * @param live        true on an interactive terminal: draw the live line
     * @param clock       for the live line's elapsed time
     */
    ProgressPrinter(PrintWriter out, ProgramSpec spec, String programName, boolean live, InstantSource clock) {
        this.out = Objects.requireNonNull(out, "out");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.programName = Objects.requireNonNull(programName, "programName");
        this.live = live;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void onEvent(ResearchEvent event) {
        if (event instanceof ResearchEvent.SessionStarted s) {
            started(s);
        } else if (event instanceof ResearchEvent.ExperimentStarted e) {
            synchronized (lock) {
                running = Optional.of(new Running(e.experiment(), e.hypothesis().title(), clock.instant()));
                if (live) {
                    drawLive();
                    startTicker();
                }
            }
        } else if (event instanceof ResearchEvent.ExperimentFinished f) {
            synchronized (lock) {
                running = Optional.empty();
                clearLive();
                out.println(line(f.record(), f.state()));
                out.flush();
            }
        } else if (event instanceof ResearchEvent.SessionFinished) {
            synchronized (lock) {
                running = Optional.empty();
                clearLive();
            }
        }
    }

    /** The line for a finished experiment, its change measured against the best before it. */
    String line(ExperimentRecord record, ResearchState state) {
        return ProgressLines.line(record, state, spec);
    }

    private void started(ResearchEvent.SessionStarted s) {
        synchronized (lock) {
            ProgressLines.header(s, spec, programName).forEach(out::println);
            out.flush();
        }
    }

    /** The live text for the experiment in hand, at {@code now}. */
    String liveText(int experiment, String title, Duration elapsed) {
        long s = Math.max(0, elapsed.toSeconds());
        String time = s < 60 ? s + "s" : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        return ExperimentLine.prefix(experiment) + Format.truncate(title, ExperimentLine.TITLE_WIDTH) + " ... " + time;
    }

    // Called with the lock held.
    private void drawLive() {
        if (running.isEmpty()) {
            return;
        }
        Running r = running.get();
        String text = liveText(r.experiment(), r.title(), Duration.between(r.startedAt(), clock.instant()));
        int pad = Math.max(0, liveWidth - text.length());
        out.print("\r" + text + " ".repeat(pad));
        out.flush();
        liveWidth = text.length();
    }

    // Called with the lock held.
    private void clearLive() {
        if (live && liveWidth > 0) {
            out.print("\r" + " ".repeat(liveWidth) + "\r");
            out.flush();
            liveWidth = 0;
        }
    }

    // Called with the lock held.
    private void startTicker() {
        if (ticker != null) {
            return;
        }
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "autoresearch-progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(() -> {
            synchronized (lock) {
                drawLive();
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        synchronized (lock) {
            running = Optional.empty();
            clearLive();
            if (ticker != null) {
                ticker.shutdownNow();
                ticker = null;
            }
        }
    }
}
