package dev.autoresearch.core.journal;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.internal.session.WrittenStamp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code results.tsv} in the layout of Karpathy's autoresearch: tab-separated, a header
 * {@code commit <metric> <each secondary> status description}, the baseline first, one row per
 * experiment. The journal is the source of truth; this table is derived from it and can always be
 * rebuilt with {@link #rewrite}. A metric that was not measured is an empty cell.
 */
public final class ResultsTable {
    private final Path file;
    private final String metric;
    private final List<String> secondary;
    /** The records last rendered and their table: a table checked after every run is rendered once, then row by row. */
    /** The file as this table last wrote it, and its last bytes: a file that still matches is not read after each run. */
    private Optional<WrittenStamp> stamp = Optional.empty();
    private byte[] tail = new byte[0];
    private List<ExperimentRecord> renderedRecords = List.of();
    private final StringBuilder rendered = new StringBuilder();

    /**
     * @param file      where the table lives
     * @param metric    the primary metric, the second column
     * @param secondary further metric columns, in order
     */
    public ResultsTable(Path file, String metric, List<String> secondary) {
        this.file = Objects.requireNonNull(file, "file");
        this.metric = Objects.requireNonNull(metric, "metric");
        this.secondary = List.copyOf(secondary);
    }

    /** A table laid out as the journal's header says. */
    public static ResultsTable forHeader(Path file, JournalHeader header) {
        return new ResultsTable(file, header.metric(), header.secondary());
    }

    public Path file() {
        return file;
    }

    /** The header line, without its line end. */
    public String headerLine() {
        List<String> cells = new ArrayList<>();
        cells.add("commit");
        cells.add(metric);
        cells.addAll(secondary);
        cells.add("status");
        cells.add("description");
        return String.join("\t", cells);
    }

    /**
     * The column of the keep rule's confidence, which a session decided by statistics adds after its
     * metrics (read from the record, not from a metric, unless the run prints a metric of that name).
     */
    public static final String CONFIDENCE = "confidence";

    /** One record as a row, without its line end. */
    public String row(ExperimentRecord r) {
        List<String> cells = new ArrayList<>();
        cells.add(r.commit().length() > 7 ? r.commit().substring(0, 7) : r.commit());
        cells.add(r.metric().isPresent() ? format(r.metric().getAsDouble()) : "");
        for (String name : secondary) {
            if (name.equals(CONFIDENCE) && !r.metrics().containsKey(CONFIDENCE)) {
                cells.add(r.confidence().isPresent() ? String.format(Locale.ROOT, "%.3f", r.confidence().getAsDouble()) : "");
                continue;
            }
            cells.add(r.median(name).isPresent() ? format(r.median(name).getAsDouble()) : "");
        }
        cells.add(r.status().keyword());
        cells.add(r.hypothesis().title().replaceAll("[\\t\\r\\n]+", " "));
        return String.join("\t", cells);
    }

    /** The whole table for {@code records}: the header and a row per record, each with its line end. */
    public synchronized String render(List<ExperimentRecord> records) {
        if (!continuesRendered(records)) {
            rendered.setLength(0);
            rendered.append(headerLine()).append('\n');
            renderedRecords = List.of();
        }
        for (ExperimentRecord r : records.subList(renderedRecords.size(), records.size())) {
            rendered.append(row(r)).append('\n');
        }
        renderedRecords = List.copyOf(records);
        return rendered.toString();
    }

    /** True when {@code records} begins with the very records rendered last (records are values that never change). */
    private boolean continuesRendered(List<ExperimentRecord> records) {
        if (rendered.length() == 0 || records.size() < renderedRecords.size()) {
            return false;
        }
        for (int i = 0; i < renderedRecords.size(); i++) {
            if (records.get(i) != renderedRecords.get(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Rewrites the file when it no longer holds the table of {@code records} (an experiment
     * deleted or edited it).
     *
     * @return true when it had to be rewritten
     */
    public synchronized boolean restoreIfChanged(Supplier<List<ExperimentRecord>> records) {
        if (stamp.isPresent() && stamp.get().matches(file)) {
            return false;
        }
        String expected = render(records.get());
        try {
            if (Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).equals(expected)) {
                written(expected.getBytes(StandardCharsets.UTF_8), true); // touched, not changed
                return false;
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // unreadable: rewritten below
        }
        rewrite(records.get());
        return true;
    }

    /**
     * Notes what was just written: all of the file ({@code whole}) or a row appended to it. The
     * stamp is empty when the file was not written by this table before (only its end is known).
     */
    private void written(byte[] bytes, boolean whole) {
        byte[] end;
        if (whole) {
            end = bytes;
        } else if (stamp.isPresent()) {
            end = new byte[tail.length + bytes.length];
            System.arraycopy(tail, 0, end, 0, tail.length);
            System.arraycopy(bytes, 0, end, tail.length, bytes.length);
        } else {
            tail = new byte[0];
            return;
        }
        tail = java.util.Arrays.copyOfRange(end, Math.max(0, end.length - WrittenStamp.TAIL), end.length);
        stamp = WrittenStamp.of(file, tail);
    }

    /** Replaces the file with the header and a row per record, atomically. */
    public synchronized void rewrite(List<ExperimentRecord> records) {
        String text = render(records);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            written(bytes, true);
        } catch (IOException e) {
            throw new AutoresearchException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Appends one row. */
    public synchronized void append(ExperimentRecord record) {
        try {
            byte[] row = (row(record) + "\n").getBytes(StandardCharsets.UTF_8);
            Files.write(file, row, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            written(row, false);
        } catch (IOException e) {
            throw new AutoresearchException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }
}
