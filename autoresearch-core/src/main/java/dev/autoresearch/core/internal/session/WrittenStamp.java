package dev.autoresearch.core.internal.session;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * What a session file looked like right after the loop last wrote it: its identity, size, change and
 * modification times, and its last bytes as the loop wrote them. A file that still matches all of them
 * was not written since, which is checked after every run in constant time, however long the session;
 * only a file that does not match is compared whole. What it cannot see: an edit of the same size,
 * before the last bytes, in the same tick of the file system's clock (a few milliseconds) as the
 * loop's own last write.
 */
public final class WrittenStamp {
    /** How many of the last bytes are compared: any append, cut or rewrite of the end shows there. */
    public static final int TAIL = 4096;

    private final Map<String, Object> attributes;
    private final byte[] tail;

    private WrittenStamp(Map<String, Object> attributes, byte[] tail) {
        this.attributes = attributes;
        this.tail = tail;
    }

    /**
     * The stamp of {@code file} as it is now, whose last bytes the loop wrote as {@code tail}; empty when
     * the file cannot be read (the next check then compares it whole).
     */
    public static Optional<WrittenStamp> of(Path file, byte[] tail) {
        return attributes(file).map(a -> new WrittenStamp(a, tail.clone()));
    }

    /** True when {@code file} is still the file this stamp was taken of, unwritten since. */
    public boolean matches(Path file) {
        Optional<Map<String, Object>> now = attributes(file);
        if (now.isEmpty() || !now.get().equals(attributes)) {
            return false;
        }
        long size = (Long) attributes.get("size");
        try (SeekableByteChannel c = Files.newByteChannel(file, LinkOption.NOFOLLOW_LINKS)) {
            c.position(size - tail.length);
            InputStream in = Channels.newInputStream(c);
            return Arrays.equals(in.readNBytes(tail.length + 1), tail);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The file's identity, size and times, not following a link. The change time (where the platform
     * gives it) moves with every write and cannot be set back by a program, as the modification time can.
     */
    private static Optional<Map<String, Object>> attributes(Path file) {
        try {
            return Optional.of(Map.copyOf(Files.readAttributes(file, "unix:ino,dev,size,ctime,lastModifiedTime,isRegularFile",
                    LinkOption.NOFOLLOW_LINKS)));
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return basic(file);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Map<String, Object>> basic(Path file) {
        try {
            var a = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.fileKey() == null) {
                return Optional.empty(); // no identity: every check compares the file whole
            }
            return Optional.of(Map.of("size", a.size(), "key", a.fileKey(), "lastModifiedTime", a.lastModifiedTime(),
                    "isRegularFile", a.isRegularFile()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
