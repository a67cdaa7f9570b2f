package dev.autoresearch.cli;

import dev.autoresearch.core.journal.Journal;
import dev.autoresearch.core.journal.JournalContents;
import dev.autoresearch.core.journal.ResultsTable;
import dev.autoresearch.core.journal.SessionActivity;
import dev.autoresearch.core.journal.SessionFiles;
import dev.autoresearch.host.Sessions;
import dev.autoresearch.host.UsageException;
import dev.autoresearch.host.report.HtmlReport;
import dev.autoresearch.host.report.ProgressChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code autoresearch report}: rebuilds a session's {@code results.tsv} from its journal, draws
 * {@code progress.png} and, with {@code --html}, writes {@code report.html}. While another process
 * runs the session, that process keeps results.tsv and the table is left to it; the chart and the
 * page are written either way.
 */
@Command(name = "report", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_EXPERIMENT_FAILED, ExitCodes.HELP_USAGE,
                ExitCodes.HELP_SESSION_IN_USE, ExitCodes.HELP_INFRASTRUCTURE, ExitCodes.HELP_INTERRUPTED},
        description = "Rewrite a session's results.tsv from its journal and draw its progress chart, progress.png; "
                + "with --html, also write report.html, one page to open in any browser.")
final class ReportCommand implements Callable<Integer> {
    private final CliContext context;

    @Option(names = "--tag", paramLabel = "TAG", description = "The session (default: the most recently active one).")
    String tag;

    @Option(names = "--html", description = "Also write report.html: the headline, the chart, the kept changes and "
            + "every experiment with its diff and log, in one self-contained file.")
    boolean html;

    ReportCommand(CliContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public Integer call() {
        PrintWriter out = context.out();
        Path root = Sessions.repositoryRoot(context.workingDirectory());
        SessionFiles files = Sessions.select(root, Optional.ofNullable(tag));
        JournalContents journal = Journal.read(files.journal());
        String sessionTag = files.directory().getFileName().toString();
        if (journal.header().isEmpty()) {
            throw new UsageException("session " + sessionTag + " has no experiment recorded yet",
                    "wait for its baseline to finish");
        }
        out.println("autoresearch: report for session " + sessionTag + " (" + journal.records().size()
                + " records)");
        if (SessionActivity.of(files).running()) {
            out.println("  results  " + context.display(files.results()) + " (kept up to date by the running session)");
        } else {
            ResultsTable.forHeader(files.results(), journal.header().get()).rewrite(journal.records());
            out.println("  results  " + context.display(files.results()));
        }
        if (ProgressChart.write(journal, files.chart())) {
            out.println("  chart    " + context.display(files.chart()));
        } else {
            out.println("  chart    not drawn: no experiment has a metric yet");
        }
        if (html) {
            new HtmlReport().write(files, journal);
            out.println("  page     " + context.display(HtmlReport.file(files)));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
