package dev.autoresearch.core.journal;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.RunRequest;
import dev.autoresearch.core.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static dev.autoresearch.core.journal.JournalTest.HEADER;
import static dev.autoresearch.core.journal.JournalTest.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JournalFollowerTest {
    @TempDir
    Path dir;

    private static final Instant AT = Instant.parse("2026-12-01T00:00:00Z");

    /** What a whole read gives, which a follower's read must equal at every moment. */
    private static void assertSameAsAWholeRead(JournalFollower.Snapshot followed, Path file) {
        JournalContents whole = Journal.read(file);
        assertThat(followed.contents()).isEqualTo(whole);
        ResearchState recorded = ResearchState.of(whole.records());
        assertThat(followed.recorded().history()).containsExactlyElementsOf(recorded.history());
        assertThat(followed.recorded().best()).isEqualTo(recorded.best());
    }

    @Test
    void eachReadEqualsAWholeReadAsTheJournalGrows() {
        Path file = dir.resolve("journal.jsonl");
        JournalFollower follower = new JournalFollower(file);
        try (Journal j = Journal.open(file)) {
            j.writeHeader(HEADER);
            assertSameAsAWholeRead(follower.read(), file);
            j.append(record(0, Status.KEEP, 1.0));
            assertSameAsAWholeRead(follower.read(), file);
            j.appendRun(new RunStart(1, 1, RunRequest.Purpose.EXPERIMENT, "c1", AT, Optional.empty()));
            j.appendMeasured(new RunMeasured(1, 1, "c1", 1, Map.of("val_bpb", 0.9)));
            j.appendRun(new RunStart(2, 2, RunRequest.Purpose.EXPERIMENT, "c2", AT, Optional.empty()));
            assertSameAsAWholeRead(follower.read(), file);
            assertThat(follower.read().contents().runsTheLoopDidNotSeeEnd(2)).isEqualTo(1);
            j.append(record(1, Status.KEEP, 0.8));
            j.append(record(2, Status.DISCARD, 1.2));
            JournalFollower.Snapshot last = follower.read();
            assertSameAsAWholeRead(last, file);
            assertThat(last.recorded().best().orElseThrow().experiment()).isEqualTo(1);
            assertThat(last.contents().runsTheLoopDidNotSeeEnd(2)).as("recorded: nothing left to count").isZero();
        }
    }

    @Test
    void aLineBeingWrittenIsLeftForTheNextRead() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        try (Journal j = Journal.open(file)) {
            j.writeHeader(HEADER);
            j.append(record(0, Status.KEEP, 1.0));
        }
        String line = JournalCodec.encode(record(1, Status.KEEP, 0.8)) + "\n";
        Files.writeString(file, line.substring(0, 20), StandardOpenOption.APPEND);
        JournalFollower follower = new JournalFollower(file);
        JournalFollower.Snapshot half = follower.read();
        assertThat(half.contents().tornLines()).isEqualTo(1);
        assertThat(half.contents().records()).hasSize(1);
        Files.writeString(file, line.substring(20), StandardOpenOption.APPEND);
        JournalFollower.Snapshot whole = follower.read();
        assertThat(whole.contents().tornLines()).isZero();
        assertThat(whole.contents().records()).hasSize(2);
        assertSameAsAWholeRead(whole, file);
    }

    @Test
    void aJournalStartedOverIsReadAgainFromItsStart() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        JournalFollower follower = new JournalFollower(file);
        try (Journal j = Journal.open(file)) {
            j.writeHeader(HEADER);
            j.append(record(0, Status.KEEP, 1.0));
            j.append(record(1, Status.KEEP, 0.8));
        }
        assertThat(follower.read().contents().records()).hasSize(2);
        // Another session of the same tag, written in its place and longer than the first: not a continuation.
        Files.delete(file);
        try (Journal j = Journal.open(file)) {
            j.writeHeader(HEADER);
            j.append(record(0, Status.KEEP, 2.0));
            j.append(record(1, Status.DISCARD, 2.5));
            j.append(record(2, Status.DISCARD, 2.6));
        }
        assertSameAsAWholeRead(follower.read(), file);
        // And one shorter than what was read.
        Files.delete(file);
        try (Journal j = Journal.open(file)) {
            j.writeHeader(HEADER);
        }
        JournalFollower.Snapshot shorter = follower.read();
        assertThat(shorter.contents().records()).isEmpty();
        assertSameAsAWholeRead(shorter, file);
    }

    @Test
    void aDamagedNewLineIsNamedByFileAndLineAndReadAgainOnceRepaired() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        try (Journal j = Journal.open(file)) {
            j.writeHeader(HEADER);
            j.append(record(0, Status.KEEP, 1.0));
        }
        JournalFollower follower = new JournalFollower(file);
        follower.read();
        String good = Files.readString(file);
        Files.writeString(file, "{not json\n", StandardOpenOption.APPEND);
        assertThatThrownBy(follower::read).isInstanceOf(AutoresearchException.class)
                .hasMessageContaining(file + ":3: not a valid journal line");
        Files.writeString(file, good + JournalCodec.encode(record(1, Status.KEEP, 0.8)) + "\n", StandardCharsets.UTF_8);
        assertSameAsAWholeRead(follower.read(), file);
    }

    @Test
    void aMissingJournalIsNamed() {
        Path file = dir.resolve("nowhere/journal.jsonl");
        assertThatThrownBy(() -> new JournalFollower(file).read()).isInstanceOf(AutoresearchException.class)
                .hasMessageContaining("no journal at " + file);
    }

    @Test
    void theHeaderAloneIsReadFromTheFirstLineOnceItIsComplete() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        String header = JournalCodec.encode(HEADER) + "\n";
        Files.writeString(file, header.substring(0, 30));
        assertThat(Journal.readHeader(file)).as("a first line being written").isEmpty();
        Files.writeString(file, header + JournalCodec.encode(record(0, Status.KEEP, 1.0)) + "\n");
        assertThat(Journal.readHeader(file)).contains(HEADER);
        assertThatThrownBy(() -> Journal.readHeader(dir.resolve("missing.jsonl")))
                .isInstanceOf(AutoresearchException.class).hasMessageContaining("no journal at");
    }
}
