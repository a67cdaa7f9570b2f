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
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Prints a session's progress: a header when it starts, a line per finished experiment (see
 * {@link ExperimentLine}, with its lane when several run) and, on a terminal, a live line redrawn in
 * place with {@code \r}: every experiment in flight with its elapsed time, and the progress against
 * the session's budget (experiments or duration) with the best so far and an estimate of the time
 * left. When the output is not a terminal it prints plain lines only, with no control characters.
 */
final class ProgressPrinter implements ResearchListener, AutoCloseable {
    private final PrintWriter out;
    private final ProgramSpec spec;
    private final String programName;
    private final boolean live;
    private final InstantSource clock;
    private final List<String> headerNotes;
    private final Object lock = new Object();
    private ScheduledExecutorService ticker;
    private final java.util.TreeMap<Integer, Running> running = new java.util.TreeMap<>();
    private int lanes = 1;
    private int liveWidth;
    private Optional<ResearchState> latest = Optional.empty();
    private Optional<Instant> openedAt = Optional.empty();
    private int doneAtOpen;

    private record Running(int experiment, String title, int lane, Instant startedAt) {
    }

    /**
     * @param out         where to print
     * @param spec        the session's contract (metric and direction)
     * @param programName how to name the contract's origin in the header ({@code program.md}, {@code flags})
     * @param live        true on an interactive terminal: draw the live line
     * @param clock       for the live line's elapsed time
     */
    ProgressPrinter(PrintWriter out, ProgramSpec spec, String programName, boolean live, InstantSource clock) {
        this(out, spec, programName, live, clock, List.of());
    }

    /** @param headerNotes lines printed under the session's first line, such as the sandbox's */
    ProgressPrinter(PrintWriter out, ProgramSpec spec, String programName, boolean live, InstantSource clock,
                    List<String> headerNotes) {
        this.headerNotes = List.copyOf(headerNotes);
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
                running.put(e.experiment(), new Running(e.experiment(), e.hypothesis().title(), e.lane(), clock.instant()));
                if (live) {
                    drawLive();
                    startTicker();
                }
            }
        } else if (event instanceof ResearchEvent.ExperimentFinished f) {
            synchronized (lock) {
                running.remove(f.record().experiment());
                latest = Optional.of(f.state());
                clearLive();
                out.println(line(f.record(), f.state()));
                out.flush();
                if (live) {
                    drawLive();
                }
            }
        } else if (event instanceof ResearchEvent.SessionFinished) {
            synchronized (lock) {
                running.clear();
                clearLive();
            }
        } else {
            ProgressLines.warning(event).ifPresent(this::warn);
        }
    }

    private void warn(String line) {
        synchronized (lock) {
            clearLive();
            out.println(line);
            out.flush();
            if (live) {
                drawLive();
            }
        }
    }

    /** The number of lanes the session runs, so that lines name their lane when there are several. */
    ProgressPrinter lanes(int lanes) {
        this.lanes = lanes;
        return this;
    }

    /** The line for a finished experiment, its change measured against the champion it was measured on. */
    String line(ExperimentRecord record, ResearchState state) {
        return ProgressLines.line(record, state, spec, lanes);
    }

    private void started(ResearchEvent.SessionStarted s) {
        synchronized (lock) {
            ResearchState state = s.state();
            latest = Optional.of(state);
            openedAt = Optional.of(clock.instant());
            doneAtOpen = state.experimentsRun();
            List<String> header = ProgressLines.header(s, spec, programName, lanes);
            out.println(header.get(0));
            headerNotes.forEach(out::println);
            header.subList(1, header.size()).forEach(out::println);
            out.flush();
        }
    }

    /** The live text for the experiment in hand, at {@code now}. */
    String liveText(int experiment, String title, Duration elapsed) {
        long s = Math.max(0, elapsed.toSeconds());
        String time = s < 60 ? s + "s" : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        return ExperimentLine.prefix(experiment) + Format.truncate(title, ExperimentLine.TITLE_WIDTH) + " ... " + time;
    }

    /**
     * Progress against the budget, the best so far and the time left, such as
     * {@code 23/100, best 0.5123, ~1h20m left}; empty before the baseline.
     */
    String budgetText() {
        if (latest.isEmpty() || latest.get().best().isEmpty()) {
            return "";
        }
        ResearchState state = latest.get();
        StringBuilder text = new StringBuilder();
        Optional<Duration> left = Optional.empty();
        if (spec.stop().maxExperiments().isPresent()) {
            int max = spec.stop().maxExperiments().getAsInt();
            int done = state.experimentsRun();
            text.append(done).append('/').append(max).append(" experiments");
            int doneHere = done - doneAtOpen;
            if (doneHere > 0 && openedAt.isPresent()) {
                Duration per = Duration.between(openedAt.get(), clock.instant()).dividedBy(doneHere);
                left = Optional.of(per.multipliedBy(Math.max(0, max - done)));
            }
        } else if (spec.stop().maxDuration().isPresent()) {
            Duration max = spec.stop().maxDuration().get();
            text.append(dev.autoresearch.core.Durations.format(state.activeTime())).append(" of ")
                    .append(dev.autoresearch.core.Durations.format(max));
            left = Optional.of(max.minus(state.activeTime()));
        } else {
            text.append(state.experimentsRun()).append(" experiments");
        }
        state.best().get().metric().ifPresent(b -> text.append(", best ").append(Format.metric(b)));
        left.filter(d -> !d.isNegative()).ifPresent(d -> text.append(", ~")
                .append(dev.autoresearch.core.Durations.format(Duration.ofSeconds(d.toSeconds()))).append(" left"));
        return text.toString();
    }

    // Called with the lock held.
    private void drawLive() {
        if (running.isEmpty()) {
            return;
        }
        String text;
        if (running.size() == 1 && lanes == 1) {
            Running r = running.firstEntry().getValue();
            text = liveText(r.experiment(), r.title(), Duration.between(r.startedAt(), clock.instant()));
        } else {
            StringBuilder b = new StringBuilder(" ");
            for (Running r : running.values()) {
                long sec = Math.max(0, Duration.between(r.startedAt(), clock.instant()).toSeconds());
                b.append(String.format(Locale.ROOT, " L%d #%d %s %ds |", r.lane(), r.experiment(),
                        Format.truncate(r.title(), 18), sec));
            }
            text = b.toString();
        }
        String budget = budgetText();
        if (!budget.isEmpty()) {
            text = text + "   (" + budget + ")";
        }
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
            running.clear();
            clearLive();
            if (ticker != null) {
                ticker.shutdownNow();
                ticker = null;
            }
        }
    }
}
