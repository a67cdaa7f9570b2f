package dev.autoresearch.core.internal.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Removes what runs left in a worktree (untracked and ignored paths, as git lists them) except the
 * paths a program keeps, so that no run reads what an earlier one wrote. A link is removed, never
 * followed; a kept path deep inside a folder that is otherwise removed survives with its folders.
 */
final class Leftovers {
    private Leftovers() {
    }

    /**
     * Removes each of {@code entries} (relative to {@code root}, a folder with a trailing {@code /})
     * unless {@code keep} accepts it or something under it.
     */
    static void remove(Path root, List<String> entries, Predicate<String> keep) throws IOException {
        for (String entry : entries) {
            String relative = entry.endsWith("/") ? entry.substring(0, entry.length() - 1) : entry;
            if (!relative.isEmpty()) {
                remove(root, relative, keep);
            }
        }
    }

    private static void remove(Path root, String relative, Predicate<String> keep) throws IOException {
        if (keep.test(relative)) {
            return;
        }
        Path path = root.resolve(relative);
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(path);
            return;
        }
        List<Path> children;
        try (Stream<Path> listed = Files.list(path)) {
            children = listed.toList();
        }
        for (Path child : children) {
            remove(root, relative + "/" + child.getFileName(), keep);
        }
        try (Stream<Path> left = Files.list(path)) {
            if (left.findAny().isEmpty()) {
                Files.delete(path);
            }
        }
    }
}
