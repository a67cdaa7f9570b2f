package dev.autoresearch.core.internal.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.SessionInUseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Keeps a second loop off a session. The lock file names the owning process by pid and start
 * time; a lock whose process is gone (or whose pid now belongs to a process started later) is
 * stale and is taken over.
 */
public final class SessionLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionLock.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final String token;

    private SessionLock(Path file, String token) {
        this.file = file;
        this.token = token;
    }

    /**
     * Takes the lock for this process.
     *
     * @throws SessionInUseException when a live process holds it
     */
    public static SessionLock acquire(Path file, String tag) {
        ProcessHandle self = ProcessHandle.current();
        ObjectNode me = JSON.createObjectNode();
        me.put("pid", self.pid());
        self.info().startInstant().ifPresent(i -> me.put("processStart", i.toString()));
        me.put("lockedAt", Instant.now().toString());
        me.put("token", Long.toHexString(System.nanoTime()) + Long.toHexString(self.pid()));
        String content = me.toString() + "\n";
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE, StandardOpenOption.SYNC);
                return new SessionLock(file, me.get("token").asText());
            } catch (FileAlreadyExistsException e) {
                Optional<String> holder = liveHolder(file);
                if (holder.isPresent()) {
                    throw new SessionInUseException("session '" + tag + "' is in use by " + holder.get()
                            + "; wait for it to finish or stop it, or pick another --tag (lock: " + file + ")");
                }
                LOG.warn("taking over the lock of session '{}' left by a process that is no longer running", tag);
                try {
                    Files.deleteIfExists(file);
                } catch (IOException io) {
                    throw new AutoresearchException("cannot remove the stale lock " + file + ": " + io.getMessage(), io);
                }
            } catch (IOException e) {
                throw new AutoresearchException("cannot write the lock " + file + ": " + e.getMessage(), e);
            }
        }
        throw new SessionInUseException("session '" + tag + "' is being locked by another process at the same time; try again");
    }

    /**
     * A description of the live process holding the lock ({@code process 1234, since ...}), or empty
     * when there is no lock, or it is stale or unreadable. Reads only; takes nothing.
     */
    public static Optional<String> liveHolder(Path file) {
        return livePid(file).stream().mapToObj(pid -> "process " + pid
                + (pid == ProcessHandle.current().pid() ? " (this process)" : "")).findFirst();
    }

    /** The pid of the live process holding the lock, or empty when there is no lock or it is stale or unreadable. */
    public static OptionalLong livePid(Path file) {
        JsonNode lock;
        try {
            if (!Files.isRegularFile(file)) {
                return OptionalLong.empty();
            }
            lock = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty(); // a torn lock file: its writer died while writing it
        }
        if (lock == null || !lock.has("pid")) {
            return OptionalLong.empty();
        }
        long pid = lock.get("pid").asLong();
        Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (handle.isEmpty()) {
            return OptionalLong.empty();
        }
        if (lock.hasNonNull("processStart")) {
            Optional<Instant> started = handle.get().info().startInstant();
            try {
                if (started.isPresent() && !started.get().equals(Instant.parse(lock.get("processStart").asText()))) {
                    return OptionalLong.empty(); // the pid was reused by a newer process
                }
            } catch (RuntimeException unparsable) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(pid);
    }

    /** Releases the lock if this process still holds it. */
    @Override
    public void close() {
        try {
            JsonNode lock = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            if (lock != null && token.equals(lock.path("token").asText())) {
                Files.deleteIfExists(file);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not release the lock {}: {}", file, e.getMessage());
        }
    }
}
