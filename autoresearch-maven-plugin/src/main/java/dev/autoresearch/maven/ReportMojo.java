package dev.autoresearch.maven;

import dev.autoresearch.core.journal.Journal;
import dev.autoresearch.core.journal.JournalContents;
import dev.autoresearch.core.journal.ResultsTable;
import dev.autoresearch.core.journal.SessionActivity;
import dev.autoresearch.core.journal.SessionFiles;
import dev.autoresearch.host.OptionStyle;
import dev.autoresearch.host.Sessions;
import dev.autoresearch.host.UsageException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.util.Optional;

/**
 * {@code mvn autoresearch:report}: rebuilds a session's {@code results.tsv} from its journal, as
 * {@code autoresearch report} does. While another process runs the session, that process keeps
 * results.tsv and the table is left to it.
 */
@Mojo(name = "report", aggregator = true, threadSafe = true)
public final class ReportMojo extends AbstractAutoresearchMojo {
    /** The session (default: the most recently active one). */
    @Parameter(property = "autoresearch.tag")
    String tag;

    @Override
    void run() {
        SessionFiles files = Sessions.select(Sessions.repositoryRoot(directory()), Optional.ofNullable(tag),
                OptionStyle.MAVEN);
        JournalContents journal = Journal.read(files.journal());
        String sessionTag = files.directory().getFileName().toString();
        if (journal.header().isEmpty()) {
            throw new UsageException("session " + sessionTag + " has no experiment recorded yet",
                    "wait for its baseline to finish");
        }
        getLog().info("autoresearch: report for session " + sessionTag + " (" + journal.records().size()
                + " records)");
        if (SessionActivity.of(files).running()) {
            getLog().info("  results  " + display(files.results()) + " (kept up to date by the running session)");
        } else {
            ResultsTable.forHeader(files.results(), journal.header().get()).rewrite(journal.records());
            getLog().info("  results  " + display(files.results()));
        }
        if (dev.autoresearch.host.report.ProgressChart.write(journal, files.chart())) {
            getLog().info("  chart    " + display(files.chart()));
        }
        if (new dev.autoresearch.host.report.HtmlReport().write(files, journal)) {
            getLog().info("  page     " + display(dev.autoresearch.host.report.HtmlReport.file(files)));
        }
    }
}
