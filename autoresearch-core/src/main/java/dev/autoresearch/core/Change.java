package dev.autoresearch.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The new content of the files a hypothesis changes, by path relative to the repository root
 * ({@code /} separators). The loop checks every path against {@code editable} and {@code readonly}
 * before it writes anything, so a strategy cannot touch a file it may not.
 *
 * @param files new full content by relative path, not empty
 */
public record Change(Map<String, String> files) {
    public Change {
        Objects.requireNonNull(files, "files");
        Map<String, String> copy = new LinkedHashMap<>();
        files.forEach((path, content) -> {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(content, "content of " + path);
            copy.put(path.replace('\\', '/'), content);
        });
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("a change must touch at least one file");
        }
        files = Collections.unmodifiableMap(copy);
    }

    /** A change to one file. */
    public static Change of(String path, String newContent) {
        return new Change(Map.of(path, newContent));
    }
}
