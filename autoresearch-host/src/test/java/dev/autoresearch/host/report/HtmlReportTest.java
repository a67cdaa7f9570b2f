package dev.autoresearch.host.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoresearch.core.Direction;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.journal.Journal;
import dev.autoresearch.core.journal.JournalContents;
import dev.autoresearch.core.journal.SessionFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static dev.autoresearch.host.report.Records.record;
import static org.assertj.core.api.Assertions.assertThat;

/** What the page carries: the numbers it shows and how much of each diff and log. */
class HtmlReportTest {
    @TempDir
    Path dir;

    static final ObjectMapper JSON = new ObjectMapper();

    /** The data block of a page, as the page's script reads it. */
    static JsonNode data(String page) throws Exception {
        String open = "<script type=\"application/json\" id=\"report-data\">";
        int from = page.indexOf(open) + open.length();
        return JSON.readTree(page.substring(from, page.indexOf("</script>", from)));
    }

    SessionFiles session(String name) {
        return new SessionFiles(dir.resolve(name));
    }

    @Test
    void eachChangeIsAgainstTheBestKeptBeforeItAndTheHeadlineAgainstTheBaseline() throws Exception {
        SessionFiles files = Records.journal(session("s"), Direction.MINIMIZE, List.of(
                record(0, "baseline", Status.KEEP, 1.0, 1000, ""),
                record(1, "a", Status.KEEP, 0.8, 1000, ""),
                record(2, "b", Status.DISCARD, 0.9, 1000, ""),
                record(3, "c", Status.CRASH, null, 1000, "exit 1"),
                record(4, "d", Status.KEEP, 0.6, 1000, "")));

        JsonNode data = data(new HtmlReport().render(files, Journal.read(files.journal())));

        assertThat(data.get("metric").asText()).isEqualTo("val_loss");
        assertThat(data.get("direction").asText()).isEqualTo("minimize");
        JsonNode h = data.get("headline");
        assertThat(h.get("baseline").asDouble()).isEqualTo(1.0);
        assertThat(h.get("best").asDouble()).isEqualTo(0.6);
        assertThat(h.get("change").asDouble()).isCloseTo(-40.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(h.get("bestExperiment").asInt()).isEqualTo(4);
        assertThat(h.get("confidence").isNull()).as("none recorded, none invented").isTrue();
        assertThat(h.get("counts").toString()).isEqualTo("{\"keep\":2,\"discard\":1,\"crash\":1}");
        JsonNode e = data.get("experiments");
        assertThat(e.get(0).get("change")).as("the baseline has nothing before it").isNull();
        assertThat(e.get(2).get("change").asDouble()).isCloseTo(12.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(e.get(3).get("metric").isNull()).isTrue();
        assertThat(e.get(4).get("change").asDouble()).isCloseTo(-25.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(e.get(4).get("lane").asInt()).isEqualTo(1);
        assertThat(e.get(4).get("tokens").asLong()).isEqualTo(1500);
    }

    @Test
    void lanesThatFinishOutOfOrderAreShownInTheOrderRecordedWithOneRunningBestAndSupersededWinsMarked()
            throws Exception {
        // Recorded 0, 1, 3, 2: #2 was made on the baseline, beat it, and lost its place to #1's keep.
        SessionFiles files = session("lanes");
        try (Journal j = Journal.open(files.journal())) {
            j.writeHeader(new dev.autoresearch.core.journal.JournalHeader("lanes", "hash", "val_loss",
                    Direction.MINIMIZE, List.of(), "c0000000", Records.T0));
            j.append(record(0, "baseline", Status.KEEP, 1.0, 1000, "").withParent("c0000000"));
            j.append(record(1, "a", Status.KEEP, 0.8, 1000, "").withParent("c0000000"));
            j.append(record(3, "c", Status.KEEP, 0.7, 1000, "").withParent("c1000000"));
            j.append(record(2, "b", Status.DISCARD, 0.9, 1000, "beat its parent; superseded")
                    .withParent("c0000000"));
        }

        JsonNode e = data(new HtmlReport().render(files, Journal.read(files.journal()))).get("experiments");

        assertThat(e.findValuesAsText("n")).containsExactly("0", "1", "3", "2");
        assertThat(e.findValuesAsText("seq")).containsExactly("0", "1", "2", "3");
        assertThat(e.findValues("best")).extracting(JsonNode::asDouble).containsExactly(1.0, 0.8, 0.7, 0.7);
        for (JsonNode row : e) {
            if (row.get("status").asText().equals("keep")) {
                assertThat(row.get("metric").asDouble()).as("a kept point is on the running best")
                        .isEqualTo(row.get("best").asDouble());
            }
        }
        assertThat(e.get(3).path("superseded").asBoolean()).isTrue();
        assertThat(e.get(2).has("superseded")).isFalse();
    }

    @Test
    void theRunTimeOfOneLaneCountsOverlappingSpansOnce() throws Exception {
        // With one lane a proposal is made while the run before it goes on, so the records' spans overlap:
        // each of #1 and #2 spans 60 s, #2 starting 30 s into #1; the session took 90 s after the baseline.
        SessionFiles files = Records.journal(session("s"), Direction.MINIMIZE, List.of(
                record(0, "baseline", Status.KEEP, 1.0, 1, Records.T0, 10_000, ""),
                record(1, "a", Status.KEEP, 0.8, 1, Records.T0.plusSeconds(10), 60_000, ""),
                record(2, "b", Status.DISCARD, 0.9, 1, Records.T0.plusSeconds(40), 60_000, "")));

        JsonNode h = data(new HtmlReport().render(files, Journal.read(files.journal()))).get("headline");

        assertThat(h.get("activeTime").asText()).isEqualTo("1m40s");
        assertThat(h.get("elapsed").asText()).isEqualTo("1m40s");
    }

    @Test
    void theHeadlineShowsTheFinalGainWithItsIntervalWhenTheSessionMeasuredTheNoise() throws Exception {
        SessionFiles files = Records.noisy(session("noisy"));

        JsonNode h = data(new HtmlReport().render(files, Journal.read(files.journal()))).get("headline");

        assertThat(h.get("gain").asText()).matches("-2\\.9% \\+/- 0\\.\\d+% at 95%");
        JsonNode untested = data(new HtmlReport().render(session("s0"), Journal.read(Records.journal(session("s0"),
                Direction.MINIMIZE, List.of(record(0, "baseline", Status.KEEP, 1.0, 1000, ""),
                        record(1, "a", Status.KEEP, 0.8, 1000, ""))).journal()))).get("headline");
        assertThat(untested.get("gain").isNull()).as("a best kept without a test: the plain change").isTrue();
    }

    @Test
    void aLongDiffIsCutAtALineAndTheLogIsItsTail() throws Exception {
        SessionFiles files = Records.journal(session("s"), Direction.MINIMIZE, List.of(
                record(0, "baseline", Status.KEEP, 1.0, 1000, ""),
                record(1, "a", Status.KEEP, 0.8, 1000, "")));
        Files.createDirectories(files.patches());
        Files.createDirectories(files.runs());
        StringBuilder diff = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            diff.append("+line ").append(i).append('\n');
        }
        Files.writeString(files.patch(1), diff);
        Files.writeString(files.directory().resolve("runs/1.log"), "early\n".repeat(100) + "score: 0.8\n");

        HtmlReport report = new HtmlReport(new ReportLimits(100, 30, 1_000_000), InstantSource.system());
        JsonNode one = data(report.render(files, Journal.read(files.journal()))).get("experiments").get(1);

        EmbeddedText shownDiff = new EmbeddedText(one.get("diff").get("gz").asText(), one.get("diff").get("shown").asLong(),
                one.get("diff").get("size").asLong());
        assertThat(shownDiff.cut()).isTrue();
        assertThat(shownDiff.fileBytes()).isEqualTo(diff.length());
        assertThat(shownDiff.text()).startsWith("+line 0\n").endsWith("\n").hasSizeLessThanOrEqualTo(100);
        EmbeddedText log = new EmbeddedText(one.get("log").get("gz").asText(), one.get("log").get("shown").asLong(),
                one.get("log").get("size").asLong());
        assertThat(log.text()).isEqualTo("early\nearly\nearly\nscore: 0.8\n");
        assertThat(one.get("diffFile").asText()).isEqualTo("patches/1.diff");
    }

    @Test
    void overTheBudgetTheKeptAndLatestExperimentsKeepTheirDiffs() throws Exception {
        SessionFiles files = Records.longSession(session("long"), 60, 1);
        JournalContents journal = Journal.read(files.journal());
        HtmlReport report = new HtmlReport(new ReportLimits(64 * 1024, 8 * 1024, 40_000), InstantSource.system());

        JsonNode experiments = data(report.render(files, journal)).get("experiments");

        int embedded = 0;
        for (JsonNode e : experiments) {
            if (e.get("status").asText().equals("keep") && e.get("n").asInt() > 0) {
                assertThat(e.has("diff")).as("kept #" + e.get("n")).isTrue();
            }
            embedded += e.has("diff") ? 1 : 0;
        }
        assertThat(embedded).isBetween(5, 50);
        assertThat(experiments.get(60).has("diff")).as("the latest").isTrue();
        JsonNode early = experiments.get(2).get("status").asText().equals("keep") ? experiments.get(3) : experiments.get(2);
        assertThat(early.get("omitted").asBoolean()).isTrue();
        assertThat(early.has("diff")).isFalse();
    }

    @Test
    void writingReplacesThePageWholeAndNeedsAHeader() throws Exception {
        SessionFiles files = Records.journal(session("s"), Direction.MAXIMIZE, List.of(record(0, "baseline", Status.KEEP, 1.0, 1000, "")));
        HtmlReport report = new HtmlReport(ReportLimits.DEFAULT, () -> Instant.parse("2026-11-28T12:00:00Z"));

        assertThat(report.write(files)).isTrue();
        assertThat(report.write(files)).isTrue();

        String page = Files.readString(HtmlReport.file(files));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(HtmlReport.file(files))))
                .as("readable like any other file, not private like the temporary file it was").isEqualTo("rw-r--r--");
        assertThat(data(page).get("generatedAt").asText()).isEqualTo("2026-11-28T12:00:00Z");
        assertThat(page).doesNotContain("{{").doesNotContain("/*{{").contains("<title>autoresearch s</title>");
        try (Stream<Path> list = Files.list(files.directory())) {
            assertThat(list.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("journal.jsonl", "report.html");
        }
        assertThat(report.write(session("empty"), new JournalContents(Optional.empty(), List.of(), List.of(), java.util.Map.of(), 0))).isFalse();
        assertThat(HtmlReport.file(session("empty"))).doesNotExist();
    }

    /**
     * Ten thousand experiments whose crashes recorded the tail of their logs (a reason is kept up to
     * a thousand characters): the rows alone were twice the page's limit.
     */
    @Test
    void tenThousandExperimentsStayUnderThePageLimitWithTheKeptFirstAndLatestRows() throws Exception {
        List<dev.autoresearch.core.ExperimentRecord> records = new java.util.ArrayList<>();
        records.add(record(0, "baseline", Status.KEEP, 1.0, 1000, ""));
        String tail = "Traceback (most recent call last): <module> line 12\n".repeat(20);
        double best = 1.0;
        for (int n = 1; n <= 10_000; n++) {
            if (n % 97 == 0) {
                best -= 0.001;
                records.add(record(n, "keep " + n, Status.KEEP, best, 1000, ""));
            } else {
                records.add(record(n, "try " + n, Status.CRASH, null, 1000, "exit 1: " + tail));
            }
        }
        SessionFiles files = Records.longJournal(session("tenk"), Direction.MINIMIZE, records);

        new HtmlReport().write(files);

        long size = Files.size(HtmlReport.file(files));
        assertThat(size).isLessThan(ReportLimits.PAGE_BYTES);
        JsonNode data = data(Files.readString(HtmlReport.file(files)));
        java.util.Set<Integer> shown = new java.util.HashSet<>();
        data.get("experiments").forEach(e -> shown.add(e.get("n").asInt()));
        assertThat(data.get("headline").get("experiments").asInt()).isEqualTo(10_000);
        assertThat(data.get("rowsOmitted").asInt()).isEqualTo(10_001 - shown.size()).isPositive();
        assertThat(shown).as("the baseline, every keep, the first and the latest")
                .contains(0, 97, 97 * 103, 1, 2, 100, 10_000, 9_999);
        assertThat(records.stream().filter(r -> r.status() == Status.KEEP).map(r -> r.experiment()))
                .allMatch(shown::contains);
        assertThat(Files.readString(HtmlReport.file(files))).contains("id=\"rows-omitted\"");
    }
}
