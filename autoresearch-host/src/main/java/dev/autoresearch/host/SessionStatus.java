package dev.autoresearch.host;

import dev.autoresearch.core.Durations;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.journal.Journal;
import dev.autoresearch.core.journal.JournalContents;
import dev.autoresearch.core.journal.JournalHeader;
import dev.autoresearch.core.journal.SessionActivity;
import dev.autoresearch.core.journal.SessionBase;
import dev.autoresearch.core.journal.SessionFiles;
import dev.autoresearch.host.report.ReportNumbers;
import dev.autoresearch.host.report.SearchTree;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * A session's summary from its journal, as {@code autoresearch status} and the Maven plugin's
 * {@code status} goal print it, with the search's lineage and islands when it left one hill. It only reads files (never the lock), so it works while another
 * process runs the session, and says whether one does and which experiment it has in hand. The
 * final gain's interval is at the confidence {@link RecordedKeep} finds for the session.
 */
public final class SessionStatus {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private SessionStatus() {
    }

    /**
     * @param out     where to print
     * @param files   the session
     * @param now     for how long the experiment in hand has run
     * @param last    how many of the latest experiments to list
     * @param display how to show a path
     * @param style   how to name the command that resumes the session
     */
    public static void print(PrintWriter out, SessionFiles files, Instant now, int last,
                             Function<Path, String> display, OptionStyle style) {
        Objects.requireNonNull(out, "out");
        JournalContents journal = Journal.read(files.journal());
        String sessionTag = files.directory().getFileName().toString();
        SessionActivity activity = SessionActivity.of(files);
        Optional<String> holder = activity.owner().stream().mapToObj(pid -> "process " + pid).findFirst();

        if (journal.header().isEmpty()) {
            out.println("session " + sessionTag + ": started, no experiment recorded yet"
                    + holder.map(h -> " (running now, " + h + ")").orElse(""));
            out.flush();
            return;
        }
        JournalHeader h = journal.header().get();
        ResearchState state = journal.state();
        out.printf(Locale.ROOT, "session %s: %s (%s) on branch autoresearch/%s, started %s%n", h.tag(), h.metric(),
                h.direction().keyword(), h.tag(), WHEN.format(h.startedAt()));
        if (holder.isPresent()) {
            List<SessionActivity.InFlightExperiment> inFlight = activity.inFlight();
            if (inFlight.size() == 1) {
                SessionActivity.InFlightExperiment f = inFlight.get(0);
                out.printf(Locale.ROOT, "  running now (%s): experiment #%d%s for %s: %s%n", holder.get(),
                        f.experiment(), f.lane() > 1 ? " on lane " + f.lane() : "", elapsed(f, now), f.title());
            } else if (!inFlight.isEmpty()) {
                out.printf(Locale.ROOT, "  running now (%s): %d experiments in flight%n", holder.get(), inFlight.size());
                for (SessionActivity.InFlightExperiment f : inFlight) {
                    out.printf(Locale.ROOT, "    lane %-3d #%-4d for %-8s %s%n", f.lane(), f.experiment(),
                            elapsed(f, now), f.title());
                }
            } else {
                out.printf(Locale.ROOT, "  running now (%s), between experiments%n", holder.get());
            }
        } else {
            out.println("  not running; to resume: " + style.runCommand(Optional.of(h.tag())));
        }
        out.println("  " + ReportNumbers.improvementLine(h.metric(), state.baseline().map(ExperimentRecord::metric)
                .orElse(OptionalDouble.empty()), state.best().map(ExperimentRecord::metric)
                .orElse(OptionalDouble.empty()), RecordedKeep.of(files, h, state).finalGain(state, h))
                + state.best().filter(b -> !b.isBaseline()).map(b -> ", best at #" + b.experiment()).orElse(""));
        out.println("  " + Summary.countsLine(state));
        SearchLines.of(SearchTree.of(state)).forEach(line -> out.println("  " + line));
        String base = SessionBase.commit(state, h);
        SessionBase.commitsSince(files, base).ifPresent(n -> {
            if (n > 0) {
                out.printf(Locale.ROOT, "  your branch has %d commit%s the session has not (its code is based on %s); to "
                        + "bring %s in: %s %s%n", n, n == 1 ? "" : "s", base.substring(0, Math.min(7, base.length())),
                        n == 1 ? "it" : "them", style.runCommand(Optional.of(h.tag())), style.switchOn("rebase"));
            }
        });
        journal.notReproduced().forEach((experiment, reason) -> out.printf(Locale.ROOT,
                "  warning: kept experiment #%d (\"%s\") no longer reproduces: %s%n", experiment,
                state.record(experiment).map(r -> r.hypothesis().title()).orElse("?"), reason));
        List<ExperimentRecord> history = state.history();
        if (!history.isEmpty() && last > 0) {
            int from = Math.max(0, history.size() - last);
            out.println(from == 0 ? "  experiments:" : "  last " + (history.size() - from) + " experiments:");
            for (ExperimentRecord r : history.subList(from, history.size())) {
                out.println("  " + ExperimentLine.format(r, h.metric(), state.bestBefore(r)));
            }
        }
        out.println("  journal  " + display.apply(files.journal()));
        out.flush();
    }

    private static String elapsed(SessionActivity.InFlightExperiment f, Instant now) {
        Duration running = Duration.between(f.startedAt(), now);
        return Durations.format(running.isNegative() ? Duration.ZERO : running);
    }
}
