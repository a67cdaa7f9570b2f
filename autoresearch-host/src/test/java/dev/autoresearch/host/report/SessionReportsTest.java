package dev.autoresearch.host.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ResearchEvent;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.journal.Journal;
import dev.autoresearch.core.journal.SessionFiles;
import dev.autoresearch.core.testing.KilledJvm;
import dev.autoresearch.core.testing.SimpleMetrics;
import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.autoresearch.host.report.Records.record;
import static org.assertj.core.api.Assertions.assertThat;

class SessionReportsTest {
    private static final Duration AN_HOUR = Duration.ofHours(1);

    @TempDir
    Path dir;

    /**
     * Ctrl-C reaches the loop as an interrupt of its thread, and listeners run on that thread. Java2D
     * clears a thread's interrupt flag when it draws a glyph it has not drawn before: drawn there, a
     * chart swallowed a Ctrl-C that came while it was drawn, and the session went on.
     */
    @Test
    void anInterruptOfTheWritingThreadOutlivesTheChartAndBothFilesAreWritten() throws Exception {
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
            assertThat(reports.write()).as("the chart was drawn").isTrue();
            assertThat(Thread.currentThread().isInterrupted()).as("the caller's interrupt is kept").isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(files.chart()).isNotEmptyFile();
        assertThat(Files.readString(HtmlReport.file(files))).contains("λ-schedule");
        assertThat(warnings).isEmpty();
    }

    /**
     * Drawing the chart of a long session takes longer than the loop's own work: the loop's thread
     * only queues a write, and writes come at most once per interval while the session runs.
     */
    @Test
    void whileASessionRunsTheFilesAreWrittenOnTheirOwnThreadAtMostOncePerInterval() throws Exception {
        SessionFiles files = twoRecords("coalesced");
        SessionReports reports = new SessionReports(new HtmlReport(), message -> { }, AN_HOUR, InstantSource.system());
        var state = started(reports, files);
        Path page = HtmlReport.file(files);

        reports.onEvent(new ResearchEvent.ExperimentFinished(state.record(1).orElseThrow(), state));
        awaitFile(page, "first idea");
        var second = record(2, "second idea", Status.DISCARD, 0.95, 1000, "");
        try (Journal journal = Journal.open(files.journal())) {
            journal.append(second);
        }
        reports.onEvent(new ResearchEvent.ExperimentFinished(second, state.with(second)));
        Thread.sleep(500);
        assertThat(Files.readString(page)).as("within the interval of the last write").doesNotContain("second idea");

        reports.write();

        assertThat(Files.readString(page)).as("an explicit write is done before it returns").contains("second idea");
    }

    /** A failed write is warned of once, and the next write draws the chart again. */
    @Test
    void aChartThatCannotBeWrittenOnceIsDrawnAgainAtTheNextWrite() throws Exception {
        SessionFiles files = twoRecords("blocked");
        List<String> warnings = new ArrayList<>();
        SessionReports reports = new SessionReports(new HtmlReport(), warnings::add, AN_HOUR, InstantSource.system());
        started(reports, files);
        Files.createDirectories(files.chart());
        Files.writeString(files.chart().resolve("in-the-way"), "x");

        assertThat(reports.write()).isFalse();
        assertThat(reports.write()).as("tried again: the journal did not change, the chart is not written yet").isFalse();
        assertThat(warnings).singleElement().asString().startsWith("cannot write the chart ")
                .endsWith("; tried again at the next write, the session goes on");
        Files.delete(files.chart().resolve("in-the-way"));
        Files.delete(files.chart());

        assertThat(reports.write()).isTrue();
        assertThat(files.chart()).isNotEmptyFile();
        assertThat(warnings).hasSize(1);
    }

    /** A session whose reports are written once an hour: its end writes them whole all the same. */
    @Test
    void theChartAndPageAreCompleteWhenASessionEnds() throws Exception {
        SessionFiles files = DemoSession.run(dir, DemoSession.SCORES, 1,
                new SessionReports(new HtmlReport(), message -> { }, AN_HOUR, InstantSource.system()));

        assertComplete(files, DemoSession.SCORES.size());
    }

    /** Killed with SIGKILL midway (no shutdown hook, no last write), then resumed: the files end complete. */
    @Test
    void theChartAndPageAreCompleteAfterAKilledSessionResumes() throws Exception {
        TestRepo repo = TestRepo.init(dir.resolve("project"));
        repo.write("score.txt", "10\n").write("program.md", "---\nmetric: score\n---\n").commitAll("initial");
        Path marker = dir.resolve("marker");
        KilledJvm.killWhen(KilledReportsMain.class, repo.root(), marker, dir.resolve("child.log"), m -> true);

        ResearchLoop.builder().repository(repo.root()).tag("killed").program(KilledReportsMain.spec(repo.root(), 5))
                .strategy(KilledReportsMain.strategy()).runner(KilledReportsMain.runner(marker))
                .metrics(SimpleMetrics.summaryLines())
                .listener(new SessionReports(new HtmlReport(), message -> { }, AN_HOUR, InstantSource.system()))
                .build().run();

        assertComplete(SessionFiles.of(repo.root(), "killed"), 5);
    }

    /** The page lists every experiment of the journal, and the chart is a whole image. */
    private static void assertComplete(SessionFiles files, int experiments) throws Exception {
        JsonNode data = HtmlReportTest.data(Files.readString(HtmlReport.file(files)));
        assertThat(data.get("headline").get("experiments").asInt()).isEqualTo(experiments);
        List<Integer> numbers = new ArrayList<>();
        data.get("experiments").forEach(e -> numbers.add(e.get("n").asInt()));
        assertThat(numbers).hasSize(experiments + 1).isEqualTo(Journal.read(files.journal()).records().stream()
                .map(ExperimentRecord::experiment).sorted().toList());
        BufferedImage chart = ImageIO.read(files.chart().toFile());
        assertThat(chart).as("a PNG that decodes whole").isNotNull();
        assertThat(chart.getWidth()).isEqualTo(ProgressChart.WIDTH);
        assertThat(chart.getHeight()).isEqualTo(ProgressChart.HEIGHT);
    }

    /** A session {@code tag} whose journal holds a baseline and a kept "first idea". */
    private SessionFiles twoRecords(String tag) {
        return Records.journal(SessionFiles.of(dir, tag), Direction.MINIMIZE, List.of(
                record(0, "baseline", Status.KEEP, 1.0, 1000, ""),
                record(1, "first idea", Status.KEEP, 0.9, 1000, "")));
    }

    /** Tells {@code reports} that the session in {@code files} started; its state. */
    private static dev.autoresearch.core.ResearchState started(SessionReports reports, SessionFiles files) {
        var state = Journal.read(files.journal()).state();
        String tag = files.directory().getFileName().toString();
        reports.onEvent(new ResearchEvent.SessionStarted(tag, "autoresearch/" + tag, files.directory(), state, false,
                Instant.now()));
        return state;
    }

    private static void awaitFile(Path file, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && !(Files.exists(file) && Files.readString(file).contains(text))) {
            Thread.sleep(20);
        }
        assertThat(Files.readString(file)).contains(text);
    }
}
