package dev.autoresearch.cli;

import dev.autoresearch.core.Durations;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.journal.Journal;
import dev.autoresearch.core.journal.JournalContents;
import dev.autoresearch.core.journal.JournalHeader;
import dev.autoresearch.core.journal.SessionActivity;
import dev.autoresearch.core.journal.SessionFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code autoresearch status}: a session's summary from its journal. It only reads files (never the
 * lock), so it works while another process runs the session, and says whether one does and which
 * experiment it has in hand.
 */
@Command(name = "status", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_EXPERIMENT_FAILED, ExitCodes.HELP_USAGE,
                ExitCodes.HELP_SESSION_IN_USE, ExitCodes.HELP_INFRASTRUCTURE, ExitCodes.HELP_INTERRUPTED},
        description = "Show a session's progress from its journal, also while another process runs it.")
final class StatusCommand implements Callable<Integer> {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final CliContext context;

    @Option(names = "--tag", paramLabel = "TAG", description = "The session (default: the most recently active one).")
    String tag;

    @Option(names = "--last", paramLabel = "N", defaultValue = "5",
            description = "How many of the latest experiments to list (default: ${DEFAULT-VALUE}).")
    int last;

    StatusCommand(CliContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public Integer call() {
        PrintWriter out = context.out();
        Path root = Sessions.repositoryRoot(context.workingDirectory());
        SessionFiles files = Sessions.select(root, Optional.ofNullable(tag));
        JournalContents journal = Journal.read(files.journal());
        String sessionTag = files.directory().getFileName().toString();
        SessionActivity activity = SessionActivity.of(files);
        Optional<String> holder = activity.owner().stream().mapToObj(pid -> "process " + pid).findFirst();

        if (journal.header().isEmpty()) {
            out.println("session " + sessionTag + ": started, no experiment recorded yet"
                    + holder.map(h -> " (running now, " + h + ")").orElse(""));
            out.flush();
            return ExitCodes.OK;
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
                        f.experiment(), f.lane() > 1 ? " on lane " + f.lane() : "", elapsed(f), f.title());
            } else if (!inFlight.isEmpty()) {
                out.printf(Locale.ROOT, "  running now (%s): %d experiments in flight%n", holder.get(), inFlight.size());
                for (SessionActivity.InFlightExperiment f : inFlight) {
                    out.printf(Locale.ROOT, "    lane %-3d #%-4d for %-8s %s%n", f.lane(), f.experiment(), elapsed(f),
                            f.title());
                }
            } else {
                out.printf(Locale.ROOT, "  running now (%s), between experiments%n", holder.get());
            }
        } else {
            out.println("  not running; to resume: autoresearch run --tag " + h.tag());
        }
        out.println("  " + Summary.improvementLine(h.metric(), state.baseline().map(ExperimentRecord::metric)
                .orElse(java.util.OptionalDouble.empty()), state.best().map(ExperimentRecord::metric)
                .orElse(java.util.OptionalDouble.empty()))
                + state.best().filter(b -> !b.isBaseline()).map(b -> ", best at #" + b.experiment()).orElse(""));
        out.println("  " + Summary.countsLine(state));
        List<ExperimentRecord> history = state.history();
        if (!history.isEmpty() && last > 0) {
            int from = Math.max(0, history.size() - last);
            out.println(from == 0 ? "  experiments:" : "  last " + (history.size() - from) + " experiments:");
            for (ExperimentRecord r : history.subList(from, history.size())) {
                out.println("  " + ExperimentLine.format(r, h.metric(), state.bestBefore(r)));
            }
        }
        out.println("  journal  " + context.display(files.journal()));
        out.flush();
        return ExitCodes.OK;
    }

    private String elapsed(SessionActivity.InFlightExperiment f) {
        Duration running = Duration.between(f.startedAt(), context.clock().instant());
        return Durations.format(running.isNegative() ? Duration.ZERO : running);
    }
}
