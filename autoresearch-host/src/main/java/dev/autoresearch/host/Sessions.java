package dev.autoresearch.host;

import dev.autoresearch.core.journal.SessionFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds sessions without taking their lock: the repository root and the session directories under
 * {@code .autoresearch/}. What a session is doing is {@link dev.autoresearch.core.journal.SessionActivity}'s.
 */
public final class Sessions {
    private Sessions() {
    }

    /**
     * The root of the git checkout that contains {@code directory}: the nearest directory upwards
     * holding {@code .git} (a folder, or a file in a linked worktree).
     *
     * @throws UsageException when there is none
     */
    public static Path repositoryRoot(Path directory) {
        for (Path d = directory.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
            if (Files.exists(d.resolve(".git"))) {
                return d;
            }
        }
        throw new UsageException(directory.toAbsolutePath().normalize() + " is not inside a git repository",
                "run autoresearch in your project's git checkout (git init and a first commit, if it has none)");
    }

    /** The tags of the sessions under {@code root}'s {@code .autoresearch/}, most recently active first. */
    public static List<String> tags(Path root) {
        Path dir = root.resolve(SessionFiles.ROOT);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> sessions = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> Files.isRegularFile(p.resolve("journal.jsonl"))).forEach(sessions::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        sessions.sort(Comparator.comparing(Sessions::lastModified).reversed()
                .thenComparing(p -> p.getFileName().toString()));
        return sessions.stream().map(p -> p.getFileName().toString()).toList();
    }

    /**
     * The files of session {@code tag}, or of the most recently active session when no tag is given.
     *
     * @throws UsageException when there is no such session, naming the ones there are
     */
    public static SessionFiles select(Path root, Optional<String> tag) {
        return select(root, tag, OptionStyle.FLAGS);
    }

    /**
     * The files of session {@code tag}, or of the most recently active session when no tag is given;
     * the hint names the command to start one as {@code style} writes it.
     *
     * @throws UsageException when there is no such session, naming the ones there are
     */
    public static SessionFiles select(Path root, Optional<String> tag, OptionStyle style) {
        List<String> tags = tags(root);
        if (tag.isPresent()) {
            SessionFiles files = SessionFiles.of(root, tag.get());
            if (!Files.isRegularFile(files.journal())) {
                throw new UsageException("no session '" + tag.get() + "' in " + root.resolve(SessionFiles.ROOT),
                        tags.isEmpty() ? "start one with '" + style.runCommand(tag) + "'"
                                : "sessions here: " + String.join(", ", tags));
            }
            return files;
        }
        if (tags.isEmpty()) {
            throw new UsageException("no session in " + root.resolve(SessionFiles.ROOT),
                    "start one with '" + style.runCommand(Optional.empty()) + "'");
        }
        return SessionFiles.of(root, tags.get(0));
    }

    private static FileTime lastModified(Path sessionDir) {
        try {
            return Files.getLastModifiedTime(sessionDir.resolve("journal.jsonl"));
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
