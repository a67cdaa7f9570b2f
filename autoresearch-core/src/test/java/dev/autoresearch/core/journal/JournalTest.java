package dev.autoresearch.core.journal;

import dev.autoresearch.core.testing.TestRecords;
import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.RunRequest;
import dev.autoresearch.core.RunTicket;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.TokenUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JournalTest {
    @TempDir
    Path dir;

    static final JournalHeader HEADER = new JournalHeader("t", "abc", "val_bpb", Direction.MINIMIZE,
            List.of("memory_gb"), "0123456789", Instant.parse("2026-11-28T10:00:00Z"));

    static ExperimentRecord record(int n, Status status, double metric) {
        return TestRecords.record(n).status(status).metric(metric)
                .metrics(Map.of("val_bpb", List.of(metric, metric + 0.01), "memory_gb", List.of(44.0)))
                .hypothesis(new Hypothesis("idea " + n, "because\ttabs\nand lines")).strategy("tune")
                .startedAt(Instant.parse("2026-11-28T10:00:00Z").plusSeconds(n)).duration(Duration.ofMillis(1500 + n))
                .reason(n == 2 ? "worse" : "").usage(new TokenUsage(100 * n, 7 * n)).build();
    }

    @Test
    void recordsSurviveARoundTripWithEveryField() {
        Path file = dir.resolve("journal.jsonl");
        try (Journal j = Journal.open(file)) {
            j.writeHeader(HEADER);
            j.append(record(0, Status.KEEP, 1.0));
            j.append(record(1, Status.DISCARD, 1.2));
        }
        JournalContents read = Journal.read(file);
        assertThat(read.header()).contains(HEADER);
        // The test records have no plan and no hypothesis-level usage, the two things not journalled.
        assertThat(read.records()).containsExactly(record(0, Status.KEEP, 1.0), record(1, Status.DISCARD, 1.2));
        assertThat(read.tornLines()).isZero();
    }

    @Test
    void anExperimentWithoutAMetricIsWrittenAsNull() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        ExperimentRecord crash = ExperimentRecord.builder().experiment(0).commit("c").parent("c").status(Status.CRASH)
                .hypothesis(new Hypothesis("x", "")).strategy("s").startedAt(Instant.EPOCH).reason("exit code 1").lane(1)
                .build();
        try (Journal j = Journal.open(file)) {
            j.writeHeader(HEADER);
            j.append(crash);
        }
        assertThat(Files.readAllLines(file).get(1)).contains("\"metric\":null");
        assertThat(Journal.read(file).records().get(0).metric()).isEmpty();
    }

    @Test
    void openingRepairsATornLastLineAndAppendsAfterIt() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        try (Journal j = Journal.open(file)) {
            j.writeHeader(HEADER);
            j.append(record(0, Status.KEEP, 1.0));
        }
        Files.writeString(file, "{\"type\":\"experiment\",\"experiment\":1,\"com", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        assertThat(Journal.read(file).tornLines()).isEqualTo(1);
        assertThat(Journal.read(file).records()).hasSize(1);
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        try (Journal j = Journal.open(file)) {
            assertThat(j.records()).hasSize(1);
            j.append(record(1, Status.KEEP, 0.9));
        } finally {
            System.setErr(original);
        }
        // Dropped, and said so: the warning names the file and shows what was lost.
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("WARN", file.toString(), "incomplete last line",
                "\"experiment\":1,\"com");
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2)).startsWith("{\"type\":\"experiment\",\"experiment\":1,");
        assertThat(Journal.read(file).tornLines()).isZero();
    }

    @Test
    void aWholeLastRecordThatOnlyLacksItsLineEndIsKept() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        try (Journal j = Journal.open(file)) {
            j.writeHeader(HEADER);
            j.append(record(0, Status.KEEP, 1.0));
            j.append(record(1, Status.KEEP, 0.9));
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Files.writeString(file, text.substring(0, text.length() - 1), StandardCharsets.UTF_8); // the last '\n' lost
        try (Journal j = Journal.open(file)) {
            assertThat(j.records()).extracting(ExperimentRecord::experiment).containsExactly(0, 1);
            j.append(record(2, Status.DISCARD, 1.1));
        }
        assertThat(Journal.read(file).records()).hasSize(3);
        assertThat(Files.readAllLines(file)).hasSize(4);
    }

    @Test
    void aDamagedLineInTheMiddleIsAnErrorNamingFileAndLine() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        try (Journal j = Journal.open(file)) {
            j.writeHeader(HEADER);
            j.append(record(0, Status.KEEP, 1.0));
            j.append(record(1, Status.KEEP, 0.9));
        }
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(file));
        lines.set(1, "not json at all");
        Files.write(file, lines);
        assertThatThrownBy(() -> Journal.open(file)).isInstanceOf(AutoresearchException.class)
                .hasMessageContaining("journal.jsonl:2").hasMessageContaining("another tag");
    }

    @Test
    void numbersMustFollowOnAndTheHeaderComesFirst() {
        Path file = dir.resolve("journal.jsonl");
        try (Journal j = Journal.open(file)) {
            assertThatThrownBy(() -> j.append(record(0, Status.KEEP, 1.0))).hasMessageContaining("header");
            j.writeHeader(HEADER);
            assertThatThrownBy(() -> j.append(record(1, Status.KEEP, 1.0))).hasMessageContaining("the baseline comes first");
            j.append(record(0, Status.KEEP, 1.0));
            j.append(record(2, Status.KEEP, 0.9));
            assertThatThrownBy(() -> j.append(record(2, Status.KEEP, 0.8))).hasMessageContaining("recorded already");
        }
    }

    @Test
    void readingAMissingJournalSaysWhereSessionsAre() {
        assertThatThrownBy(() -> Journal.read(dir.resolve("nope/journal.jsonl")))
                .isInstanceOf(AutoresearchException.class).hasMessageContaining(".autoresearch/");
    }

    @Test
    void resultsTableHasKarpathysLayoutAndEmptyCellsForMissingMetrics() throws Exception {
        Path file = dir.resolve("results.tsv");
        ResultsTable table = ResultsTable.forHeader(file, HEADER);
        ExperimentRecord crash = ExperimentRecord.builder().experiment(2).commit("deadbeefcafe").parent("p")
                .status(Status.CRASH).hypothesis(new Hypothesis("double\tthe width", "")).strategy("s")
                .startedAt(Instant.EPOCH).lane(1).build();
        table.rewrite(List.of(record(0, Status.KEEP, 0.9979), record(1, Status.DISCARD, 1.0)));
        table.append(crash);
        assertThat(Files.readAllLines(file)).containsExactly(
                "commit\tval_bpb\tmemory_gb\tstatus\tdescription",
                "c0\t0.997900\t44.000000\tkeep\tidea 0",
                "c1\t1.000000\t44.000000\tdiscard\tidea 1",
                "deadbee\t\t\tcrash\tdouble the width");
    }

    @Test
    void runsTheLoopDidNotSeeEndAreCountedPerExperimentAcrossResumes() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        Instant at = Instant.parse("2026-12-01T00:00:00Z");
        RunStart one = new RunStart(1, 1, RunRequest.Purpose.EXPERIMENT, "c1", at, Optional.empty());
        RunStart two = new RunStart(2, 1, RunRequest.Purpose.EXPERIMENT, "c2", at, Optional.empty());
        try (Journal j = Journal.open(file)) {
            j.writeHeader(HEADER);
            j.append(record(0, Status.KEEP, 1.0));
            // #1's run starts, and the loop dies with it: no measured line, no record.
            j.appendRun(one);
            j.appendRun(new RunStart(1, 1, RunRequest.Purpose.EXPERIMENT, "c1", at,
                    Optional.of(new RunTicket("process", Map.of("pid", "1")))));
        }
        assertThat(Journal.read(file).runsTheLoopDidNotSeeEnd(1)).isEqualTo(1);
        try (Journal j = Journal.open(file)) {
            // Resumed: #2 runs to its end, #1 runs again and the loop dies again.
            j.appendRun(two);
            j.appendMeasured(new RunMeasured(2, 1, "c2", 1, Map.of("val_bpb", 0.9)));
            j.appendRun(one);
        }
        JournalContents read = Journal.read(file);
        assertThat(read.runsTheLoopDidNotSeeEnd(1)).isEqualTo(2);
        assertThat(read.runsTheLoopDidNotSeeEnd(2)).isZero();
        try (Journal j = Journal.open(file)) {
            j.append(record(1, Status.CRASH, 2.0));
        }
        assertThat(Journal.read(file).runsTheLoopDidNotSeeEnd(1)).as("recorded: nothing left to count").isZero();
    }

    @Test
    void anEditOfTheJournalAndOfResultsTsvFarFromTheirEndsWithTheirTimesSetBackIsFoundAndPutBack() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        Path tsv = dir.resolve("results.tsv");
        ResultsTable table = ResultsTable.forHeader(tsv, HEADER);
        List<ExperimentRecord> records = new java.util.ArrayList<>();
        try (Journal j = Journal.open(file)) {
            j.writeHeader(HEADER);
            table.rewrite(records);
            for (int n = 0; n < 60; n++) {
                ExperimentRecord r = record(n, n == 0 ? Status.KEEP : Status.DISCARD, 1.0 + n);
                j.append(r);
                table.append(r);
                records.add(r);
            }
            byte[] journalBefore = Files.readAllBytes(file);
            String tsvBefore = Files.readString(tsv);
            assertThat(j.restoreIfChanged()).isFalse();
            assertThat(table.restoreIfChanged(() -> records)).isFalse();

            // A run edits one byte near the start of each, keeping their sizes and modification times
            // (later than the loop's last write: the file system's clock ticks every few milliseconds).
            Thread.sleep(20);
            for (Path edited : List.of(file, tsv)) {
                java.nio.file.attribute.FileTime modified = Files.getLastModifiedTime(edited);
                try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(edited.toFile(), "rw")) {
                    f.seek(20);
                    int b = f.read();
                    f.seek(20);
                    f.write(b == 'x' ? 'y' : 'x');
                }
                Files.setLastModifiedTime(edited, modified);
            }

            assertThat(j.restoreIfChanged()).isTrue();
            assertThat(table.restoreIfChanged(() -> records)).isTrue();
            assertThat(Files.readAllBytes(file)).isEqualTo(journalBefore);
            assertThat(Files.readString(tsv)).isEqualTo(tsvBefore);
            assertThat(j.restoreIfChanged()).isFalse();
            assertThat(table.restoreIfChanged(() -> records)).isFalse();
        }
    }
}
