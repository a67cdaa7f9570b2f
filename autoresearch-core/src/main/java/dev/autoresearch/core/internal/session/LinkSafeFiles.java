package dev.autoresearch.core.internal.session;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads and writes files under a directory that a run has had in its hands, never through a
 * symbolic link: the loop runs outside any sandbox, and a run that leaves {@code prepare.py -> ~/.bashrc}
 * must not get it to write the user's files. A link on the way is removed, not followed.
 */
final class LinkSafeFiles {
    private LinkSafeFiles() {
    }

    /**
     * The content of {@code relative} under {@code root}; empty when it is missing, is not a regular
     * file, or it or a directory on the way to it is a link.
     */
    static Optional<byte[]> read(Path root, String relative) throws IOException {
        Path file = root.resolve(relative);
        if (!directoriesOnTheWay(root, file) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        // NOFOLLOW_LINKS opens with O_NOFOLLOW: a link put there since the check is refused, not followed.
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(in.readAllBytes());
        }
    }

    /**
     * Writes {@code content} to {@code relative} under {@code root}: links and files standing where a
     * directory on the way must be, and a link or directory where the file must be, are removed first.
     */
    static void write(Path root, String relative, byte[] content) throws IOException {
        Path file = root.resolve(relative).normalize();
        Path at = root;
        for (Path part : root.relativize(file.getParent() == null ? root : file.getParent())) {
            at = at.resolve(part);
            if (!Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
                Files.deleteIfExists(at);
                Files.createDirectory(at);
            }
        }
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            deleteTree(file);
        }
        Files.deleteIfExists(file);
        Files.write(file, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    }

    /** Deletes {@code relative} under {@code root}, the link itself if it is one; nothing when the way to it is a link. */
    static void delete(Path root, String relative) throws IOException {
        Path file = root.resolve(relative).normalize();
        if (directoriesOnTheWay(root, file)) {
            Files.deleteIfExists(file);
        }
    }

    /** True when every directory between {@code root} and {@code file} is a directory and not a link. */
    private static boolean directoriesOnTheWay(Path root, Path file) {
        Path parent = file.normalize().getParent();
        if (parent == null || !parent.startsWith(root)) {
            return false;
        }
        for (Path at = parent; !at.equals(root); at = at.getParent()) {
            if (!Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
        }
        return true;
    }

    private static void deleteTree(Path directory) throws IOException {
        // Files.walk does not follow links: a link inside is deleted, not what it points at.
        try (Stream<Path> all = Files.walk(directory)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
