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

    /**
     * The digests of the files as they are now, each file read once: of all of them, and of all but
     * the loose file of {@code branch} (a full ref name), with that file's content.
     *
     * @return empty when one could not be read (as while git replaces it)
     */
    Optional<GitWorkspace.RefsFingerprint> fingerprint(String branch) {
        MessageDigest all = sha256();
        MessageDigest besides = sha256();
        Path own = common.resolve(branch);
        byte[][] ownContent = {new byte[0]};
        try {
            for (Path file : files()) {
                Read read = read(file);
                add(all, file, read.kind(), read.content());
                if (file.equals(own)) {
                    ownContent[0] = read.content();
                } else {
                    add(besides, file, read.kind(), read.content());
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
        return Optional.of(new GitWorkspace.RefsFingerprint(HexFormat.of().formatHex(all.digest()),
                HexFormat.of().formatHex(besides.digest()), new String(ownContent[0], StandardCharsets.UTF_8).strip()));
    }

    private List<Path> files() throws IOException {
        List<Path> files = new java.util.ArrayList<>(List.of(gitDirectory.resolve("HEAD"),
                gitDirectory.resolve("reftable").resolve("tables.list"), common.resolve("packed-refs"),
                common.resolve("reftable").resolve("tables.list")));
        Path heads = common.resolve("refs").resolve("heads");
        if (Files.isDirectory(heads, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> all = Files.walk(heads)) {
                files.addAll(all.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList());
            }
        } else {
            files.add(heads);
        }
        return files;
    }

    /** What one of the files is: a link ('L', its target), a file ('F', its bytes), or absent ('-'). */
    private record Read(char kind, byte[] content) {
    }

    private static Read read(Path file) throws IOException {
        // Most of these files are absent in any one repository: looked for rather than failed to read.
        if (Files.isSymbolicLink(file)) {
            return new Read('L', Files.readSymbolicLink(file).toString().getBytes(StandardCharsets.UTF_8));
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            try {
                return new Read('F', Files.readAllBytes(file));
            } catch (NoSuchFileException e) {
                // removed since it was looked for: absent
            }
        }
        return new Read('-', new byte[0]);
    }

    /** Adds a file's name, kind and content to the digest. */
    private static void add(MessageDigest digest, Path file, char kind, byte[] content) {
        digest.update(file.toString().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) kind);
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
