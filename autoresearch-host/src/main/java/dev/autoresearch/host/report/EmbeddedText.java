package dev.autoresearch.host.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * A diff or a log tail as the page carries it: cut to a size cap at a line boundary, gzipped and
 * base64-encoded (the page inflates it with the browser's DecompressionStream when it is opened),
 * with how much was left out, so the page can say so.
 *
 * @param gzipBase64 the text, gzipped, in base64
 * @param shownBytes how many bytes of the file it holds
 * @param fileBytes  how many bytes the file has
 */
record EmbeddedText(String gzipBase64, long shownBytes, long fileBytes) {

    /** True when part of the file was left out. */
    boolean cut() {
        return shownBytes < fileBytes;
    }

    /** The first {@code cap} bytes of {@code file} (to the last whole line); empty when there is no file. */
    static Optional<EmbeddedText> head(Path file, int cap) {
        return read(file).map(bytes -> {
            int end = bytes.length <= cap ? bytes.length : lineEndBefore(bytes, cap);
            return of(bytes, 0, end);
        });
    }

    /** The last {@code cap} bytes of {@code file} (from the first whole line); empty when there is no file. */
    static Optional<EmbeddedText> tail(Path file, int cap) {
        return read(file).map(bytes -> {
            int start = bytes.length <= cap ? 0 : lineStartAfter(bytes, bytes.length - cap);
            return of(bytes, start, bytes.length);
        });
    }

    private static EmbeddedText of(byte[] bytes, int from, int to) {
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(packed)) {
            gz.write(bytes, from, to - from);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
        return new EmbeddedText(Base64.getEncoder().encodeToString(packed.toByteArray()), to - from, bytes.length);
    }

    private static Optional<byte[]> read(Path file) {
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (IOException e) {
            // A missing or unreadable file is shown as missing: the rest of the report is still worth having.
            return Optional.empty();
        }
    }

    /** The end of the last whole line within the first {@code cap} bytes (or {@code cap} when there is none). */
    private static int lineEndBefore(byte[] bytes, int cap) {
        for (int i = cap - 1; i > 0; i--) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return cap;
    }

    /** The start of the first whole line at or after {@code from}, not splitting a UTF-8 character. */
    private static int lineStartAfter(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        int i = from;
        while (i < bytes.length && (bytes[i] & 0xC0) == 0x80) {
            i++;
        }
        return i;
    }

    /** Decodes {@link #gzipBase64()}, for tests and tools. */
    String text() {
        try (var in = new java.util.zip.GZIPInputStream(
                new java.io.ByteArrayInputStream(Base64.getDecoder().decode(gzipBase64)))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
