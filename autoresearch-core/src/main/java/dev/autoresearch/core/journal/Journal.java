package dev.autoresearch.core.journal;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.PendingExperiment;
import dev.autoresearch.core.internal.session.WrittenStamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The session's append-only record, {@code journal.jsonl}: a header line, then one JSON object per
 * event: an experiment proposed (its number, hypothesis and commit), a run started (its lane and how
 * to find it again), an experiment recorded (its outcome). Each line is written whole and synced to disk before {@link #append} returns, so a
 * session killed at any moment loses at most the line being written, which the next
 * {@link #open} repairs.
 *
 * <p>{@link #read} reads a journal without changing it, also while another process appends to
 * it; this is what {@code autoresearch status} uses.
 */
public final class Journal implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    private final Path file;
    // RandomAccessFile rather than FileChannel: a channel closes itself when the writing thread is
    // interrupted, and an interrupt is exactly when the record of the experiment in hand must be written.
    private RandomAccessFile out;
    /** The identity of the file {@link #out} writes to: a file of the same name put in its place is another file. */
    private Object outKey;
    /** Everything in the file, as written: the copy a damaged journal is restored from. */
    private final Written content = new Written();
    /** The file as this journal last wrote it: a file that still matches is not read whole after each run. */
    private Optional<WrittenStamp> stamp = Optional.empty();
    private Optional<JournalHeader> header;
    private final List<ExperimentRecord> records;
    /** The numbers in {@link #records}: a record is checked against them in constant time. */
    private final java.util.Set<Integer> recorded = new java.util.HashSet<>();
    private final java.util.Map<Integer, PendingExperiment> proposals;
    private final java.util.Map<Integer, RunStart> runs;
    /** What the file held when it was opened (a torn last line cut off): read once, for the resume. */
    private final JournalContents opened;

    private Journal(Path file, RandomAccessFile out, JournalContents contents, byte[] bytes) throws IOException {
        this.file = file;
        this.out = out;
        this.outKey = fileKey(file);
        this.content.writeBytes(bytes);
        this.stamp = WrittenStamp.of(file, content.tail());
        this.header = contents.header();
        this.records = new ArrayList<>(contents.records());
        contents.records().forEach(r -> recorded.add(r.experiment()));
        this.proposals = new java.util.TreeMap<>();
        contents.pending().forEach(p -> proposals.put(p.experiment(), p));
        this.runs = new java.util.TreeMap<>(contents.runs());
        this.opened = contents;
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
                    String lost = new String(bytes, end, bytes.length - end, StandardCharsets.UTF_8);
                    LOG.warn("the journal {} had an incomplete last line ({} bytes), a write cut short when the loop "
                            + "was killed; it was dropped, and what it held happens again on resume: {}", file,
                            bytes.length - end, lost.length() > 300 ? lost.substring(0, 300) + "..." : lost);
                    out.setLength(end);
                    out.getFD().sync();
                    torn = 1;
                }
                JournalContents contents = parse(file, new String(bytes, 0, end, StandardCharsets.UTF_8), torn);
                out.seek(appendAt);
                byte[] kept = java.util.Arrays.copyOf(bytes, (int) appendAt);
                if (appendAt > end && appendAt > bytes.length) {
                    kept[kept.length - 1] = '\n';
                }
                return new Journal(file, out, contents, kept);
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
            throw noJournal(file);
        } catch (IOException e) {
            throw new AutoresearchException("cannot read the journal " + file + ": " + e.getMessage(), e);
        }
        int end = completeLength(bytes);
        return parse(file, new String(bytes, 0, end, StandardCharsets.UTF_8), end < bytes.length ? 1 : 0);
    }

    /**
     * Reads a journal's header alone, from its first line: what a report needs besides the records
     * it already holds.
     *
     * @return empty while the journal has no complete first line
     * @throws AutoresearchException when the file is missing or its first line is not a header
     */
    public static Optional<JournalHeader> readHeader(Path file) {
        java.io.ByteArrayOutputStream first = new java.io.ByteArrayOutputStream();
        try (java.io.InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file))) {
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    return Optional.empty(); // no complete first line yet
                }
                first.write(b);
            }
        } catch (NoSuchFileException e) {
            throw noJournal(file);
        } catch (IOException e) {
            throw new AutoresearchException("cannot read the journal " + file + ": " + e.getMessage(), e);
        }
        JournalParser parser = new JournalParser(file);
        parser.accept(first.toString(StandardCharsets.UTF_8) + "\n");
        return parser.contents(0).header();
    }

    /** The error of a journal that is not there. */
    static AutoresearchException noJournal(Path file) {
        return new AutoresearchException("no journal at " + file + "; is the tag right? "
                + "Sessions are listed under .autoresearch/");
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
        JournalParser parser = new JournalParser(file);
        parser.accept(text);
        return parser.contents(torn);
    }

    /**
     * What the journal held when it was opened, as {@link #read} would read it then (a torn last line,
     * which opening cut off, counted in {@link JournalContents#tornLines()}): a resume needs it whole,
     * and reading a long journal a second time costs as much again.
     */
    public JournalContents contentsWhenOpened() {
        return opened;
    }

    /** The header, once written. */
    public Optional<JournalHeader> header() {
        return header;
    }

    /** The records so far, in the order they were recorded. */
    public List<ExperimentRecord> records() {
        return List.copyOf(records);
    }

    /** The experiments proposed and not recorded, by number. */
    public List<PendingExperiment> pending() {
        return List.copyOf(proposals.values());
    }

    /** The last run started of each experiment not recorded, by number. */
    public java.util.Map<Integer, RunStart> runs() {
        return java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(runs));
    }

    public Path file() {
        return file;
    }

    /** Writes the header; a journal has exactly one, first. */
    public synchronized void writeHeader(JournalHeader h) {
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
    public synchronized void startOver(JournalHeader h) {
        if (!records.isEmpty()) {
            throw new IllegalStateException("the journal " + file + " has records; a session with records resumes");
        }
        try {
            out.setLength(0);
            out.seek(0);
        } catch (IOException e) {
            throw new AutoresearchException("cannot rewrite the journal " + file + ": " + e.getMessage(), e);
        }
        content.reset();
        proposals.clear();
        runs.clear();
        header = Optional.empty();
        writeHeader(h);
    }

    /** Appends a record (an experiment's outcome) and syncs it to disk before returning. */
    public synchronized void append(ExperimentRecord record) {
        if (header.isEmpty()) {
            throw new IllegalStateException("write the journal header first");
        }
        if (records.isEmpty() != record.isBaseline()
                || recorded.contains(record.experiment())) {
            throw new IllegalArgumentException("experiment " + record.experiment() + " cannot be recorded: "
                    + (records.isEmpty() ? "the baseline comes first" : "it is recorded already"));
        }
        writeLine(JournalCodec.encode(record));
        records.add(record);
        recorded.add(record.experiment());
        proposals.remove(record.experiment());
        runs.remove(record.experiment());
    }

    /** Appends a proposal: the experiment's number, hypothesis and commit, before it runs. */
    public synchronized void appendProposal(PendingExperiment proposal) {
        if (header.isEmpty()) {
            throw new IllegalStateException("write the journal header first");
        }
        writeLine(JournalCodec.encode(proposal));
        proposals.put(proposal.experiment(), proposal);
    }

    /** Appends what a run of an experiment's series measured, so that a resume goes on from it. */
    public synchronized void appendMeasured(RunMeasured run) {
        if (header.isEmpty()) {
            throw new IllegalStateException("write the journal header first");
        }
        writeLine(JournalCodec.encode(run));
    }

    /**
     * Appends the finding of a champion re-measure: whether kept experiment {@code experiment} still
     * reproduces, and why not.
     */
    public synchronized void appendReproduction(int experiment, boolean reproduces, String reason, Instant at) {
        if (header.isEmpty()) {
            throw new IllegalStateException("write the journal header first");
        }
        writeLine(JournalCodec.encodeReproduction(experiment, reproduces, reason, at));
    }

    /** Appends the start of a run, or the ticket that finds it again. */
    public synchronized void appendRun(RunStart run) {
        if (header.isEmpty()) {
            throw new IllegalStateException("write the journal header first");
        }
        writeLine(JournalCodec.encode(run));
        runs.put(run.experiment(), run);
    }

    /**
     * Checks that the file still holds exactly what this journal wrote, and when it does not (an
     * experiment deleted, truncated or edited it) puts it back from the copy held in memory.
     *
     * @return true when the file had to be restored
     */
    public synchronized boolean restoreIfChanged() {
        try {
            if (stamp.isPresent() && stamp.get().matches(file)) {
                return false;
            }
            if (Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    && java.util.Objects.equals(fileKey(file), outKey) && content.isIn(file)) {
                stamp = WrittenStamp.of(file, content.tail()); // touched, not changed
                return false;
            }
            byte[] expected = content.toByteArray();
            Path tmp = file.resolveSibling(file.getFileName() + ".restore");
            Files.write(tmp, expected);
            try (java.nio.channels.FileChannel c = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                c.force(true);
            }
            out.close();
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            out = new RandomAccessFile(file.toFile(), "rw");
            outKey = fileKey(file);
            out.seek(expected.length);
            stamp = WrittenStamp.of(file, content.tail());
            return true;
        } catch (IOException e) {
            throw new AutoresearchException("cannot restore the journal " + file + " (an experiment changed it): "
                    + e.getMessage(), e);
        }
    }

    private static Object fileKey(Path file) throws IOException {
        return Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class,
                java.nio.file.LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    /** The bytes written, compared with a file without a copy of either. */
    private static final class Written extends java.io.ByteArrayOutputStream {
        /** True when {@code file} holds exactly these bytes. */
        boolean isIn(Path file) throws IOException {
            if (Files.size(file) != count) {
                return false;
            }
            byte[] chunk = new byte[64 * 1024];
            int at = 0;
            try (java.io.InputStream in = Files.newInputStream(file)) {
                for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                    if (at + n > count || !java.util.Arrays.equals(chunk, 0, n, buf, at, at + n)) {
                        return false;
                    }
                    at += n;
                }
            }
            return at == count;
        }

        /** The last bytes written, as many as a {@link WrittenStamp} compares. */
        byte[] tail() {
            return java.util.Arrays.copyOfRange(buf, Math.max(0, count - WrittenStamp.TAIL), count);
        }
    }

    private void writeLine(String json) {
        byte[] line = (json + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            out.write(line);
            out.getFD().sync();
            content.writeBytes(line);
            stamp = WrittenStamp.of(file, content.tail());
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
