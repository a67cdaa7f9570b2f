package dev.autoresearch.runners.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The log file of one run, bounded in size whatever the amount of output.
 *
 * <p>Output goes straight to the file until it reaches the cap, so the file can be followed while
 * the run goes on. Past the cap, the file is cut back to its first {@code cap - keepTail} bytes
 * (to the end of the last whole line, when that line is short) and from then on only the last
 * {@code keepTail} bytes are kept, in a ring buffer that is overwritten in place: memory stays at
 * {@code keepTail} bytes however much is written. {@link #finish} appends a marker line saying how
 * much was dropped, then the kept tail starting at a line boundary, so that the summary lines and
 * metrics a program prints last survive intact.
 *
 * <p>Thread-safe: one thread writes the output while another finishes the log. Writes after
 * {@link #finish} are counted and discarded. An I/O failure (a full disk) stops writing but not
 * counting; it is reported by {@link #failure()} so that the output keeps being drained. The file is
 * a {@link RandomAccessFile}, not a {@code FileChannel}, because a channel closes itself when the
 * thread using it is interrupted, and an interrupted run must still finish its log.
 */
public final class BoundedLog {
    /** A partial line at the cut shorter than this is moved from the head to the dropped part. */
    private static final int LINE_SEARCH = 64 * 1024;

    private final Path path;
    private final RandomAccessFile file;
    private final long cap;
    private final int keepTail;

    private long total;
    private long headBytes;
    private byte lastByte = '\n';
    private boolean headEndsWithNewline = true;
    private byte[] ring;
    private int ringNext;
    private boolean finished;
    private IOException failure;

    private BoundedLog(Path path, RandomAccessFile file, long cap, int keepTail) {
        this.path = path;
        this.file = file;
        this.cap = cap;
        this.keepTail = keepTail;
    }

    /**
     * Creates (or truncates) the log file, creating its parent directories.
     *
     * @param cap      the most bytes of output the file holds, marker and notes aside
     * @param keepTail how many of the last bytes are kept once the output passes the cap; less than cap
     */
    public static BoundedLog open(Path path, long cap, int keepTail) throws IOException {
        if (keepTail <= 0 || keepTail >= cap) {
            throw new IllegalArgumentException("need 0 < keepTail < cap, got " + keepTail + " and " + cap);
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw");
        try {
            file.setLength(0);
        } catch (IOException e) {
            file.close();
            throw e;
        }
        return new BoundedLog(path, file, cap, keepTail);
    }

    /** Appends output. Never blocks on anything but the file, and never throws. */
    public synchronized void write(byte[] bytes, int offset, int length) {
        if (length <= 0) {
            return;
        }
        total += length;
        if (finished || failure != null) {
            return;
        }
        try {
            if (ring == null) {
                long room = cap - headBytes;
                if (length <= room) {
                    writeFully(bytes, offset, length);
                    headBytes += length;
                    return;
                }
                writeFully(bytes, offset, (int) room);
                headBytes += room;
                startDropping();
                offset += (int) room;
                length -= (int) room;
            }
            putInRing(bytes, offset, length);
        } catch (IOException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new IOException(e.toString(), e);
        }
    }

    /**
     * Writes the marker and the kept tail when output was dropped, then the notes, each on a line of
     * its own, and closes the file.
     */
    public synchronized Summary finish(List<String> notes) {
        if (finished) {
            return summary(0, 0);
        }
        finished = true;
        long dropped = 0;
        long tailKept = 0;
        try {
            if (failure == null) {
                if (ring != null) {
                    byte[] tail = new byte[keepTail];
                    System.arraycopy(ring, ringNext, tail, 0, keepTail - ringNext);
                    System.arraycopy(ring, 0, tail, keepTail - ringNext, ringNext);
                    ring = null;
                    int start = 0;
                    for (int i = 0; i < tail.length - 1; i++) {
                        if (tail[i] == '\n') {
                            start = i + 1;
                            break;
                        }
                    }
                    tailKept = tail.length - start;
                    dropped = total - headBytes - tailKept;
                    if (!headEndsWithNewline) {
                        writeText("\n");
                    }
                    writeText(String.format(Locale.ROOT,
                            "[autoresearch: %s of output dropped here; the first %s and the last %s are kept]%n",
                            size(dropped), size(headBytes), size(tailKept)));
                    writeFully(tail, start, tail.length - start);
                }
                for (String note : notes) {
                    writeText((lastByte == '\n' ? "" : "\n") + note + "\n");
                }
            }
        } catch (IOException e) {
            failure = e;
        } finally {
            try {
                file.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
        return summary(dropped, tailKept);
    }

    /** The first I/O failure, if writing the file failed. */
    public synchronized Optional<IOException> failure() {
        return Optional.ofNullable(failure);
    }

    public Path path() {
        return path;
    }

    private Summary summary(long dropped, long tailKept) {
        return new Summary(total, dropped, headBytes, tailKept);
    }

    private void startDropping() throws IOException {
        long headLimit = cap - keepTail;
        ring = new byte[keepTail];
        readFully(headLimit, ring, 0, keepTail);
        ringNext = 0;

        int search = (int) Math.min(LINE_SEARCH, headLimit);
        byte[] before = new byte[search];
        readFully(headLimit - search, before, 0, search);
        long cut = headLimit;
        headEndsWithNewline = search == 0;
        for (int i = search - 1; i >= 0; i--) {
            if (before[i] == '\n') {
                cut = headLimit - search + i + 1;
                headEndsWithNewline = true;
                break;
            }
        }
        file.setLength(cut);
        file.seek(cut);
        headBytes = cut;
    }

    private void putInRing(byte[] bytes, int offset, int length) {
        if (length >= keepTail) {
            System.arraycopy(bytes, offset + length - keepTail, ring, 0, keepTail);
            ringNext = 0;
            return;
        }
        int first = Math.min(length, keepTail - ringNext);
        System.arraycopy(bytes, offset, ring, ringNext, first);
        System.arraycopy(bytes, offset + first, ring, 0, length - first);
        ringNext = (ringNext + length) % keepTail;
    }

    private void readFully(long position, byte[] into, int offset, int length) throws IOException {
        long end = file.getFilePointer();
        file.seek(position);
        file.readFully(into, offset, length);
        file.seek(end);
    }

    private void writeText(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        writeFully(bytes, 0, bytes.length);
    }

    private void writeFully(byte[] bytes, int offset, int length) throws IOException {
        if (length <= 0) {
            return;
        }
        file.write(bytes, offset, length);
        lastByte = bytes[offset + length - 1];
    }

    /**
     * A byte count for people, with one decimal and the unit that keeps the number under 1000:
     * {@code 512 B}, {@code 64.0 KiB}, {@code 812.3 MiB}, {@code 1.0 MiB} (for 1023.9 KiB).
     */
    public static String size(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes / 1024.0;
        int unit = 0;
        while (value >= 999.95 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /**
     * What became of the output.
     *
     * @param total    bytes the run wrote
     * @param dropped  bytes left out of the file
     * @param head     bytes kept from the start
     * @param tail     bytes kept from the end, after the marker
     */
    public record Summary(long total, long dropped, long head, long tail) {
    }
}
