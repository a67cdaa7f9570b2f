package dev.autoresearch.host.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The diffs and log tails already compressed, by file, size and modification time: a page
 * rewritten while a session runs compresses only the new experiments' files, not a thousand
 * again.
 */
final class EmbeddedTexts {
    private record Key(Path file, boolean tail) {
    }

    /** What a file held when it was compressed: a changed file replaces its entry, so the cache holds one per file. */
    private record Entry(int cap, long size, long modified, EmbeddedText text) {
    }

    private final Map<Key, Entry> texts = new ConcurrentHashMap<>();

    /** {@link EmbeddedText#head}, from the cache while the file is unchanged. */
    Optional<EmbeddedText> head(Path file, int cap) {
        return get(file, false, cap);
    }

    /** {@link EmbeddedText#tail}, from the cache while the file is unchanged. */
    Optional<EmbeddedText> tail(Path file, int cap) {
        return get(file, true, cap);
    }

    private Optional<EmbeddedText> get(Path file, boolean tail, int cap) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            return Optional.empty(); // missing or unreadable: shown as none recorded
        }
        Key key = new Key(file.toAbsolutePath(), tail);
        long modified = a.lastModifiedTime().toMillis();
        Entry known = texts.get(key);
        if (known != null && known.cap() == cap && known.size() == a.size() && known.modified() == modified) {
            return Optional.of(known.text());
        }
        Optional<EmbeddedText> read = tail ? EmbeddedText.tail(file, cap) : EmbeddedText.head(file, cap);
        read.ifPresent(t -> texts.put(key, new Entry(cap, a.size(), modified, t)));
        return read;
    }
}
