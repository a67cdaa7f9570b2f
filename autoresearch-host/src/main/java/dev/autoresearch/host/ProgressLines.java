package dev.autoresearch.host;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchEvent;
import dev.autoresearch.core.ResearchListener;
import dev.autoresearch.core.ResearchState;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A session's progress as plain lines, for a host that has a line-oriented log rather than a
 * terminal (the Maven plugin's log, a CI job): the session header, where a resumed session goes on
 * from, and a line per finished experiment ({@link ExperimentLine}).
 */
public final class ProgressLines implements ResearchListener {
    private final ProgramSpec spec;
    private final String programName;
    private final Consumer<String> sink;
    private volatile Consumer<String> warnings;
    private volatile int lanes = 1;

    /**
     * @param spec        the session's contract (metric and direction)
     * @param programName how to name the contract's origin in the header ({@code program.md}, {@code flags})
     * @param sink        where each line goes
     */
    public ProgressLines(ProgramSpec spec, String programName, Consumer<String> sink) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.programName = Objects.requireNonNull(programName, "programName");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.warnings = sink;
    }

    /** The number of lanes the session runs ({@code ResearchLoop.lanes()}): lines name their lane when there are several. */
    public ProgressLines lanes(int lanes) {
        this.lanes = lanes;
        return this;
    }

    /** Where warnings go (a lane taken out of rotation, a kept change that no longer reproduces); the sink by default. */
    public ProgressLines warnings(Consumer<String> sink) {
        this.warnings = Objects.requireNonNull(sink, "sink");
        return this;
    }

    @Override
    public void onEvent(ResearchEvent event) {
        if (event instanceof ResearchEvent.SessionStarted s) {
            header(s, spec, programName, lanes).forEach(sink);
        } else if (event instanceof ResearchEvent.ExperimentFinished f) {
            sink.accept(line(f.record(), f.state(), spec, lanes));
        } else {
            warning(event).ifPresent(warnings);
        }
    }

    /** The warning an event carries for people, with the {@code autoresearch: warning: } prefix; empty for others. */
    public static java.util.Optional<String> warning(ResearchEvent event) {
        if (event instanceof ResearchEvent.LaneRetired r) {
            return java.util.Optional.of("autoresearch: warning: " + r.reason());
        }
        if (event instanceof ResearchEvent.KeptChangeNotReproduced n) {
            return java.util.Optional.of(String.format(Locale.ROOT,
                    "autoresearch: warning: kept experiment #%d (\"%s\") no longer reproduces: %s; it stays kept, "
                            + "and status names it", n.kept().experiment(), n.kept().hypothesis().title(), n.reason()));
        }
        return java.util.Optional.empty();
    }

    /** The lines that open a session: its tag, branch and metric, and for a resumed one where it goes on from. */
    public static List<String> header(ResearchEvent.SessionStarted s, ProgramSpec spec, String programName, int lanes) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "autoresearch: session %s on branch %s (%s: %s, %s)",
                s.tag(), s.branch(), programName, spec.metric(), spec.direction().keyword()));
        if (lanes > 1) {
            lines.add(String.format(Locale.ROOT, "  %d lanes run experiments side by side", lanes));
        }
        ResearchState state = s.state();
        if (s.resumed() && state.best().isPresent()) {
            ExperimentRecord best = state.best().get();
            // Said from the records: with several lanes, or after a kill, the highest number is not the last recorded.
            lines.add(String.format(Locale.ROOT, "  resuming with %d experiment%s recorded after the baseline; best %s %s"
                            + " at #%d", state.experimentsRun(), state.experimentsRun() == 1 ? "" : "s", spec.metric(),
                    best.metric().isPresent() ? Format.metric(best.metric().getAsDouble()) : "-",
                    best.experiment()));
            Format.unrecorded(state).ifPresent(line -> lines.add("  " + line));
        }
        return lines;
    }

    /** The line for a finished experiment, its change measured against the champion it was measured on. */
    public static String line(ExperimentRecord record, ResearchState state, ProgramSpec spec, int lanes) {
        String line = ExperimentLine.format(record, spec.metric(), state.bestBefore(record));
        return lanes > 1 && record.lane() > 0 ? line + "   [lane " + record.lane() + "]" : line;
    }
}
