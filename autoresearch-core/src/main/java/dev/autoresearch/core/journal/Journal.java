package dev.autoresearch.core.journal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.ExperimentRecord;

import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The session's append-only record, {@code journal.jsonl}: a header line, then one JSON object per
 * experiment. Each line is written whole and synced to disk before {@link #append} returns, so a
 * session killed at any moment loses at most the line being written, which the next
 * {@link #open} repairs.
 *
 * <p>{@link #read} reads a journal without changing it, also while another process appends to
 * it; this is what {@code autoresearch status} uses.
 */
public final class Journal implements Closeable {
    private final Path file;
    // RandomAccessFile rather than FileChannel: a channel closes itself when the writing thread is
    // interrupted, and an interrupt is exactly when the record of the experiment in hand must be written.
    private final RandomAccessFile out;
    private Optional<JournalHeader> header;
    private final List<ExperimentRecord> records;

    private Journal(Path file, RandomAccessFile out, JournalContents contents) {
        this.file = file;
        this.out = out;
        this.header = contents.header();
        this.records = new ArrayList<>(contents.records());
    }

    /**
     * Opens a journal for appending, creating it if needed. A torn last line (a write cut short by
     * a kill) is cut off and the file synced.
     *
     * @throws AutoresearchException when a complete line is not a valid record (the file was edited
     *                               or damaged): the message names the file and line
     */
    public static Journal open(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw");
            try {
                byte[] bytes = Files.readAllBytes(file);
                int end = completeLength(bytes);
                int torn = 0;
                long appendAt = end;
                if (end < bytes.length && isWholeJson(bytes, end)) {
                    // Only the line end was lost (a hand edit, or a kill between the two writes): keep the line.
                    out.seek(bytes.length);
                    out.write('\n');
                    out.getFD().sync();
                    end = bytes.length;
                    appendAt = bytes.length + 1L;
                } else if (end < bytes.length) {
                    out.setLength(end);
                    out.getFD().sync();
                    torn = 1;
                }
                JournalContents contents = parse(file, new String(bytes, 0, end, StandardCharsets.UTF_8), torn);
                out.seek(appendAt);
                return new Journal(file, out, contents);
            } catch (RuntimeException | IOException e) {
                out.close();
                throw e;
            }
        } catch (IOException e) {
            throw new AutoresearchException("cannot open the journal " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a journal without changing it; an incomplete last line is left out.
     *
     * @throws AutoresearchException when the file is missing or damaged
     */
    public static JournalContents read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new AutoresearchException("no journal at " + file + "; is the tag right? "
                    + "Sessions are listed under .autoresearch/");
        } catch (IOException e) {
            throw new AutoresearchException("cannot read the journal " + file + ": " + e.getMessage(), e);
        }
        int end = completeLength(bytes);
        return parse(file, new String(bytes, 0, end, StandardCharsets.UTF_8), end < bytes.length ? 1 : 0);
    }

    private static boolean isWholeJson(byte[] bytes, int from) {
        String tail = new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8).strip();
        if (!tail.startsWith("{") || !tail.endsWith("}")) {
            return false;
        }
        try {
            return JournalCodec.JSON.readTree(tail).isObject();
        } catch (IOException e) {
            return false;
        }
    }

    private static int completeLength(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        return end;
    }

    private static JournalContents parse(Path file, String text, int torn) {
        Optional<JournalHeader> header = Optional.empty();
        List<ExperimentRecord> records = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                JsonNode node = JournalCodec.JSON.readTree(line);
                String type = node.path("type").asText("experiment");
                if (type.equals("header")) {
                    header = Optional.of(JournalCodec.decodeHeader(node));
                } else if (type.equals("experiment")) {
                    ExperimentRecord r = JournalCodec.decodeRecord(node);
                    if (r.experiment() != records.size()) {
                        throw new IllegalArgumentException("expected experiment " + records.size()
                                + " but found " + r.experiment());
                    }
                    records.add(r);
                }
            } catch (IOException | RuntimeException e) {
                throw new AutoresearchException(file + ":" + (i + 1) + ": not a valid journal line ("
                        + e.getMessage() + "); the journal was changed by hand or damaged. "
                        + "Restore it, or start a new session with another --tag", e);
            }
        }
        return new JournalContents(header, records, torn);
    }

    /** The header, once written. */
    public Optional<JournalHeader> header() {
        return header;
    }

    /** The records so far, in order. */
    public List<ExperimentRecord> records() {
        return List.copyOf(records);
    }

    public Path file() {
        return file;
    }

    /** Writes the header; a journal has exactly one, first. */
    public void writeHeader(JournalHeader h) {
        if (header.isPresent() || !records.isEmpty()) {
            throw new IllegalStateException("the journal " + file + " already has a header");
        }
        writeLine(JournalCodec.encode(h));
        header = Optional.of(h);
    }

    /**
     * Replaces the header of a journal that has no record yet (a session whose baseline never
     * finished starts again from scratch), or writes the first one.
     */
    public void startOver(JournalHeader h) {
        if (!records.isEmpty()) {
            throw new IllegalStateException("the journal " + file + " has records; a session with records resumes");
        }
        try {
            out.setLength(0);
            out.seek(0);
        } catch (IOException e) {
            throw new AutoresearchException("cannot rewrite the journal " + file + ": " + e.getMessage(), e);
        }
        header = Optional.empty();
        writeHeader(h);
    }

    /** Appends a record and syncs it to disk before returning. */
    public void append(ExperimentRecord record) {
        if (header.isEmpty()) {
            throw new IllegalStateException("write the journal header first");
        }
        if (record.experiment() != records.size()) {
            throw new IllegalArgumentException("expected experiment " + records.size() + ", got " + record.experiment());
        }
        writeLine(JournalCodec.encode(record));
        records.add(record);
    }

    private void writeLine(String json) {
        try {
            out.write((json + "\n").getBytes(StandardCharsets.UTF_8));
            out.getFD().sync();
        } catch (IOException e) {
            throw new AutoresearchException("cannot write to the journal " + file + ": " + e.getMessage()
                    + " (is the disk full?)", e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new AutoresearchException("cannot close the journal " + file + ": " + e.getMessage(), e);
        }
    }
}
