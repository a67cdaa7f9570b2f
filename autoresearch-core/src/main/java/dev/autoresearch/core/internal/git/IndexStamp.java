package dev.autoresearch.core.internal.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Optional;

/**
 * What a worktree's index file is (its identity, size and modification time): git writes the index
 * whole under a new name and renames it over the old, so a stamp that still matches means that
 * nothing wrote the index since.
 */
record IndexStamp(Object fileKey, long size, FileTime modified) {
    /** The stamp of {@code index}, empty when it cannot be read (then nothing is known of it). */
    static Optional<IndexStamp> of(Path index) {
        try {
            BasicFileAttributes a = Files.readAttributes(index, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.fileKey() == null ? Optional.empty() : Optional.of(new IndexStamp(a.fileKey(), a.size(), a.lastModifiedTime()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
