package dev.autoresearch.core.journal;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ResearchState;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Reads a journal that another thread or process appends to, again and again, at the cost of what
 * it gained since the last read: what a live report needs, whose session may hold a hundred
 * thousand experiments. Each {@link #read} gives what {@link Journal#read} would give at that
 * moment, with the session state of its records built once and extended with each new record.
 * A journal rewritten meanwhile (shorter than read so far, or with other bytes where the last read
 * ended: a session started over) is read again from its start. Not thread-safe: one reader's own.
 */
public final class JournalFollower {
    /** How many bytes before the end of what was read must be unchanged for a read to go on from there. */
    private static final int CHECKED = 256;

    private final Path file;
    private JournalParser parser;
    private ResearchState recorded = ResearchState.empty();
    /** Bytes of complete lines taken so far. */
    private long offset;
    /** The last bytes taken: a journal whose bytes there changed was rewritten. */
    private byte[] lastTaken = new byte[0];

    /** A follower of the journal at {@code file}, which need not exist yet when this is made. */
    public JournalFollower(Path file) {
        this.file = Objects.requireNonNull(file, "file");
        this.parser = new JournalParser(file);
    }

    /** The journal followed. */
    public Path file() {
        return file;
    }

    /**
     * What the journal holds now, and its session state.
     *
     * @param contents what {@link Journal#read} would give now (an incomplete last line left out)
     * @param recorded the state of its records alone, as {@code ResearchState.of(contents.records())}
     *                 ({@link JournalContents#state()} adds the pending experiments)
     */
    public record Snapshot(JournalContents contents, ResearchState recorded) {
        public Snapshot {
            Objects.requireNonNull(contents, "contents");
            Objects.requireNonNull(recorded, "recorded");
        }
    }

    /**
     * Reads what the journal gained since the last read.
     *
     * @throws AutoresearchException when the file is missing or a new line is not a valid journal line
     */
    public Snapshot read() {
        int torn;
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long size = in.length();
            if (size < offset || !unchangedBefore(in)) {
                startOver();
            }
            byte[] gained = new byte[Math.toIntExact(size - offset)];
            in.seek(offset);
            in.readFully(gained);
            int complete = gained.length;
            while (complete > 0 && gained[complete - 1] != '\n') {
                complete--;
            }
            torn = complete < gained.length ? 1 : 0;
            if (complete > 0) {
                parser.accept(new String(gained, 0, complete, StandardCharsets.UTF_8));
                offset += complete;
                lastTaken = lastBytes(lastTaken, gained, complete);
            }
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw Journal.noJournal(file);
        } catch (IOException e) {
            throw new AutoresearchException("cannot read the journal " + file + ": " + e.getMessage(), e);
        } catch (AutoresearchException e) {
            startOver(); // the next read tries the whole file again rather than a half-taken line
            throw e;
        }
        List<ExperimentRecord> records = parser.records();
        for (int i = recorded.history().size(); i < records.size(); i++) {
            recorded = recorded.with(records.get(i));
        }
        return new Snapshot(parser.contents(torn), recorded);
    }

    private boolean unchangedBefore(RandomAccessFile in) throws IOException {
        if (lastTaken.length == 0) {
            return true;
        }
        byte[] now = new byte[lastTaken.length];
        in.seek(offset - lastTaken.length);
        in.readFully(now);
        return Arrays.equals(now, lastTaken);
    }

    private void startOver() {
        parser = new JournalParser(file);
        recorded = ResearchState.empty();
        offset = 0;
        lastTaken = new byte[0];
    }

    /** The last {@link #CHECKED} bytes (or fewer) of {@code before} followed by {@code length} bytes of {@code gained}. */
    private static byte[] lastBytes(byte[] before, byte[] gained, int length) {
        int fromGained = Math.min(length, CHECKED);
        int fromBefore = Math.min(before.length, CHECKED - fromGained);
        byte[] tail = Arrays.copyOfRange(before, before.length - fromBefore, before.length + fromGained);
        System.arraycopy(gained, length - fromGained, tail, fromBefore, fromGained);
        return tail;
    }
}
