package dev.autoresearch.runners.internal;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * Reads a log as lines, in bounded memory whatever its size or content.
 *
 * <p>Both {@code \n} and {@code \r} end a line, so the steps of a progress display that redraws
 * itself with carriage returns are separate lines rather than one very long one. Lines longer than
 * {@link #MAX_LINE} bytes are skipped (no metric line is that long). Bytes that are not UTF-8 are
 * replaced, never an error. Files are read through {@link FileInputStream} and
 * {@link RandomAccessFile}, which, unlike the NIO channels behind {@link Files#newInputStream}, keep
 * working on a thread whose interrupt flag is set: a loop that was interrupted still reads the
 * metrics and the log tail of its last run.
 */
public final class LogLines {
    /** The longest line handed on, in bytes. */
    public static final int MAX_LINE = 64 * 1024;
    /** How much of the end of a log {@link #tail} reads. */
    public static final int TAIL_WINDOW = 32 * 1024;
    /** How much of a line longer than the window {@link #tail} shows: its end. */
    static final int LONG_LINE_END = 500;

    private LogLines() {
    }

    /** Hands every line of the file, in order, to {@code action}. */
    public static void forEach(Path file, Consumer<String> action) throws IOException {
        try (InputStream in = new FileInputStream(file.toFile())) {
            byte[] buffer = new byte[64 * 1024];
            byte[] line = new byte[1024];
            int lineLength = 0;
            boolean tooLong = false;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    if (b == '\n' || b == '\r') {
                        if (!tooLong) {
                            action.accept(new String(line, 0, lineLength, StandardCharsets.UTF_8));
                        }
                        lineLength = 0;
                        tooLong = false;
                    } else if (!tooLong) {
                        if (lineLength == MAX_LINE) {
                            tooLong = true;
                        } else {
                            if (lineLength == line.length) {
                                line = java.util.Arrays.copyOf(line, Math.min(MAX_LINE, line.length * 2));
                            }
                            line[lineLength++] = b;
                        }
                    }
                }
            }
            if (lineLength > 0 && !tooLong) {
                action.accept(new String(line, 0, lineLength, StandardCharsets.UTF_8));
            }
        }
    }

    /**
     * The last {@code count} non-blank lines of the file, read from its last {@link #TAIL_WINDOW}
     * bytes, joined with {@code \n}. A line redrawn with carriage returns shows as its last state.
     * When the window holds nothing but the end of one line longer than itself, that end is shown
     * (its last {@value #LONG_LINE_END} characters after {@code [...]}), so a log whose last line is
     * huge is never reported as empty. Empty when the file is missing or blank.
     */
    public static String tail(Path file, int count) throws IOException {
        if (count <= 0 || !Files.isRegularFile(file)) {
            return "";
        }
        byte[] bytes;
        boolean fromStart;
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            bytes = readEnd(in, TAIL_WINDOW);
            fromStart = bytes.length == in.length();
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        Deque<String> kept = new ArrayDeque<>();
        for (int i = lines.length - 1; i >= (fromStart ? 0 : 1) && kept.size() < count; i--) {
            String line = lastState(lines[i]);
            if (!line.isBlank()) {
                kept.addFirst(line);
            }
        }
        if (kept.isEmpty() && !fromStart) {
            String end = lastState(lines[0]);
            if (!end.isBlank()) {
                kept.add("[...] " + end.substring(Math.max(0, end.length() - LONG_LINE_END)).strip());
            }
        }
        return String.join("\n", kept);
    }

    /** The last {@code max} bytes of the file (all of it when shorter). */
    public static byte[] readEnd(RandomAccessFile in, int max) throws IOException {
        long size = in.length();
        int length = (int) Math.min(size, max);
        byte[] bytes = new byte[length];
        in.seek(size - length);
        in.readFully(bytes);
        return bytes;
    }

    private static String lastState(String line) {
        String[] states = line.split("\r");
        for (int i = states.length - 1; i >= 0; i--) {
            if (!states[i].isBlank()) {
                return states[i].stripTrailing();
            }
        }
        return "";
    }
}
