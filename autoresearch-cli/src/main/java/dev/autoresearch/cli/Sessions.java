package dev.autoresearch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoresearch.core.journal.SessionFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds sessions and reads what their files say about them without taking their lock: the
 * repository root, the session directories under {@code .autoresearch/}, whether a live process
 * holds a session's lock, and which experiment it has in hand.
 */
final class Sessions {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Sessions() {
    }

    /** The experiment a running session has in hand, from {@code in-flight.json}. */
    record InFlight(int experiment, String title, Instant startedAt) {
    }

    /**
     * The root of the git checkout that contains {@code directory}: the nearest directory upwards
     * holding {@code .git} (a folder, or a file in a linked worktree).
     *
     * @throws UsageException when there is none
     */
    static Path repositoryRoot(Path directory) {
        for (Path d = directory.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
            if (Files.exists(d.resolve(".git"))) {
                return d;
            }
        }
        throw new UsageException(directory.toAbsolutePath().normalize() + " is not inside a git repository",
                "run autoresearch in your project's git checkout (git init and a first commit, if it has none)");
    }

    /** The tags of the sessions under {@code root}'s {@code .autoresearch/}, most recently active first. */
    static List<String> tags(Path root) {
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
    static SessionFiles select(Path root, Optional<String> tag) {
        List<String> tags = tags(root);
        if (tag.isPresent()) {
            SessionFiles files = SessionFiles.of(root, tag.get());
            if (!Files.isRegularFile(files.journal())) {
                throw new UsageException("no session '" + tag.get() + "' in " + root.resolve(SessionFiles.ROOT),
                        tags.isEmpty() ? "start one with 'autoresearch run --tag " + tag.get() + "'"
                                : "sessions here: " + String.join(", ", tags));
            }
            return files;
        }
        if (tags.isEmpty()) {
            throw new UsageException("no session in " + root.resolve(SessionFiles.ROOT),
                    "start one with 'autoresearch run'");
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

    /**
     * The live process holding a session's lock, described as {@code process 1234}; empty when the
     * lock is absent, unreadable or left by a process that is gone (or whose pid was reused).
     */
    static Optional<String> liveHolder(Path lockFile) {
        JsonNode lock;
        try {
            if (!Files.isRegularFile(lockFile)) {
                return Optional.empty();
            }
            lock = JSON.readTree(Files.readString(lockFile, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        if (lock == null || !lock.has("pid")) {
            return Optional.empty();
        }
        long pid = lock.get("pid").asLong();
        Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (handle.isEmpty()) {
            return Optional.empty();
        }
        if (lock.hasNonNull("processStart")) {
            Optional<Instant> started = handle.get().info().startInstant();
            try {
                if (started.isPresent() && !started.get().equals(Instant.parse(lock.get("processStart").asText()))) {
                    return Optional.empty();
                }
            } catch (RuntimeException unparsable) {
                return Optional.empty();
            }
        }
        return Optional.of("process " + pid);
    }

    /** The experiment in hand according to {@code in-flight.json}, if the file is there and readable. */
    static Optional<InFlight> inFlight(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            JsonNode n = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            return Optional.of(new InFlight(n.get("experiment").asInt(), n.path("title").asText(""),
                    Instant.parse(n.get("startedAt").asText())));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // being replaced, or torn: nothing to show
        }
    }
}
