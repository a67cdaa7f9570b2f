package dev.autoresearch.host.report;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ResearchEvent;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.journal.Journal;
import dev.autoresearch.core.journal.SessionFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.autoresearch.host.report.Records.record;
import static org.assertj.core.api.Assertions.assertThat;

class SessionReportsTest {
    @TempDir
    Path dir;

    /**
     * Ctrl-C reaches the loop as an interrupt of its thread, and listeners run on that thread. Java2D
     * clears a thread's interrupt flag when it draws a glyph it has not drawn before: drawn there, a
     * chart swallowed a Ctrl-C that came while it was drawn, and the session went on.
     */
    @Test
    void anInterruptOfTheListeningThreadOutlivesTheChartAndBothFilesAreWritten() throws Exception {
        // Greek letters in the kept change's label: glyphs no other chart of this test run draws.
        List<ExperimentRecord> records = List.of(
                record(0, "baseline", Status.KEEP, 1.0, 60_000, ""),
                record(1, "λ-schedule ψ → ω", Status.KEEP, 0.9, 60_000, ""));
        SessionFiles files = Records.journal(SessionFiles.of(dir, "greek"), Direction.MINIMIZE, records);
        List<String> warnings = new ArrayList<>();
        SessionReports reports = new SessionReports(new HtmlReport(), warnings::add);
        var state = Journal.read(files.journal()).state();
        reports.onEvent(new ResearchEvent.SessionStarted("greek", "autoresearch/greek", files.directory(), state, false,
                Instant.now()));

        Thread.currentThread().interrupt();
        try {
            reports.onEvent(new ResearchEvent.ExperimentFinished(records.get(1), state));
            assertThat(Thread.currentThread().isInterrupted()).as("the caller's interrupt is kept").isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(files.chart()).isNotEmptyFile();
        assertThat(Files.readString(HtmlReport.file(files))).contains("λ-schedule");
        assertThat(warnings).isEmpty();
    }
}
