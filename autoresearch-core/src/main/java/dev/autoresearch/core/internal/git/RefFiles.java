package dev.autoresearch.core.internal.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The files git keeps a checkout's HEAD and the repository's branches in, read as they are: the
 * checkout's {@code HEAD}, {@code packed-refs} and every loose ref under {@code refs/heads}, and the
 * table lists of the reftable format, which every update of a ref rewrites. Whatever the format,
 * a branch or HEAD cannot change without one of them changing, so equal digests of them mean that
 * nothing changed; a different digest says only that git must be asked.
 */
final class RefFiles {
    private final Path gitDirectory;
    private final Path common;

    /**
     * @param gitDirectory the checkout's own git directory, where its HEAD is
     * @param common       the directory the repository's refs are kept in (the same one unless the
     *                     checkout is a linked worktree)
     */
    RefFiles(Path gitDirectory, Path common) {
        this.gitDirectory = gitDirectory;
        this.common = common;
    }

    /** The digest of the files as they are now; empty when one could not be read (as while git replaces it). */
    Optional<String> fingerprint() {
        MessageDigest digest = sha256();
        try {
            add(digest, gitDirectory.resolve("HEAD"));
            add(digest, gitDirectory.resolve("reftable").resolve("tables.list"));
            add(digest, common.resolve("packed-refs"));
            add(digest, common.resolve("reftable").resolve("tables.list"));
            Path heads = common.resolve("refs").resolve("heads");
            if (Files.isDirectory(heads, LinkOption.NOFOLLOW_LINKS)) {
                List<Path> loose;
                try (Stream<Path> all = Files.walk(heads)) {
                    loose = all.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
                }
                for (Path ref : loose) {
                    add(digest, ref);
                }
            } else {
                add(digest, heads);
            }
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
        return Optional.of(HexFormat.of().formatHex(digest.digest()));
    }

    /** Adds a file's name, kind and content to the digest; a missing file counts as one that is absent. */
    private static void add(MessageDigest digest, Path file) throws IOException {
        digest.update(file.toString().getBytes(StandardCharsets.UTF_8));
        byte kind = '-';
        byte[] content = new byte[0];
        // Most of these files are absent in any one repository: looked for rather than failed to read.
        if (Files.isSymbolicLink(file)) {
            kind = 'L';
            content = Files.readSymbolicLink(file).toString().getBytes(StandardCharsets.UTF_8);
        } else if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            try {
                content = Files.readAllBytes(file);
                kind = 'F';
            } catch (NoSuchFileException e) {
                // removed since it was looked for: absent
            }
        }
        digest.update(kind);
        digest.update(Integer.toString(content.length).getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) 0);
        digest.update(content);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
