package dev.autoresearch.runners.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * Reads a log as lines, in bounded memory whatever its size or content.
 *
 * <p>Both {@code \n} and {@code \r} end a line, so the steps of a progress display that redraws
 * itself with carriage returns are separate lines rather than one very long one. Lines longer than
 * {@link #MAX_LINE} bytes are skipped (no metric line is that long). Bytes that are not UTF-8 are
 * replaced, never an error.
 */
public final class LogLines {
    /** The longest line handed on, in bytes. */
    public static final int MAX_LINE = 64 * 1024;
    /** How much of the end of a log {@link #tail} reads. */
    public static final int TAIL_WINDOW = 32 * 1024;

    private LogLines() {
    }

    /** Hands every line of the file, in order, to {@code action}. */
    public static void forEach(Path file, Consumer<String> action) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
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
     * Empty when the file is missing or empty.
     */
    public static String tail(Path file, int count) throws IOException {
        if (count <= 0 || !Files.isRegularFile(file)) {
            return "";
        }
        byte[] bytes;
        boolean fromStart;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            int length = (int) Math.min(size, TAIL_WINDOW);
            fromStart = length == size;
            bytes = new byte[length];
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            long position = size - length;
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, position + buffer.position());
                if (n < 0) {
                    break;
                }
            }
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
        return String.join("\n", kept);
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
