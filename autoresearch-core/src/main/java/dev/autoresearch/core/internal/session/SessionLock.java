package dev.autoresearch.core.internal.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.SessionInUseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a second loop off a session. The authority is an operating-system lock on the lock file,
 * which the kernel drops when its process dies, however it dies; so a lock left by a dead process
 * is simply taken. The file's content names the owner (pid and start time) for messages and for
 * {@code autoresearch status}; on release it is emptied, and the file stays.
 *
 * <p>POSIX locks belong to the process and are lost when it closes any descriptor of the file, so
 * while this process holds a lock it never opens the file again: its own locks are answered from
 * {@link #HELD}, and the content is written and cleared through the locking channel.
 */
public final class SessionLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionLock.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Path, SessionLock> HELD = new ConcurrentHashMap<>();

    private final Path key;
    private FileChannel channel;
    private final java.util.List<FileChannel> replaced = new java.util.ArrayList<>();
    private String content = "";
    private Object fileKey;

    private SessionLock(Path key, FileChannel channel) {
        this.key = key;
        this.channel = channel;
    }

    /**
     * Puts the lock file back when an experiment deleted, replaced or rewrote it, so that a second
     * loop still finds the session in use and {@code status} still finds its owner.
     *
     * @return true when the file had to be put back
     */
    public synchronized boolean restoreIfChanged() {
        try {
            boolean same = Files.isRegularFile(key, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    && java.util.Objects.equals(fileKey, Files.readAttributes(key,
                    java.nio.file.attribute.BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS).fileKey());
            if (same) {
                ByteBuffer now = ByteBuffer.allocate((int) Math.min(channel.size(), 1 << 16));
                channel.read(now, 0);
                if (new String(now.array(), 0, now.position(), StandardCharsets.UTF_8).equals(content)) {
                    return false;
                }
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)), 0);
                channel.force(true);
                return true;
            }
            Files.deleteIfExists(key);
            FileChannel fresh = FileChannel.open(key, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            if (fresh.tryLock() == null) {
                fresh.close();
                throw new AutoresearchException("an experiment replaced the session lock " + key
                        + " and another process now holds it; stop that process");
            }
            fresh.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)), 0);
            fresh.force(true);
            replaced.add(channel); // still holds the lock on the old file; closed with the session
            channel = fresh;
            fileKey = Files.readAttributes(key, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            return true;
        } catch (IOException e) {
            throw new AutoresearchException("cannot restore the session lock " + key + ": " + e.getMessage(), e);
        }
    }

    /**
     * Takes the lock for this process.
     *
     * @throws SessionInUseException when a live process (this one included) holds it
     */
    public static SessionLock acquire(Path file, String tag) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new AutoresearchException("cannot create " + file.getParent() + ": " + e.getMessage(), e);
        }
        Path key = key(file);
        synchronized (HELD) {
            if (HELD.containsKey(key)) {
                throw inUse(tag, file, "process " + ProcessHandle.current().pid() + " (this process)");
            }
            FileChannel channel = null;
            try {
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                FileLock held = channel.tryLock();
                if (held == null) {
                    String holder = liveHolder(file).orElse("another process");
                    channel.close();
                    throw inUse(tag, file, holder);
                }
                if (channel.size() > 0) {
                    LOG.warn("taking over the lock of session '{}' left by a process that is no longer running", tag);
                }
                channel.truncate(0);
                String owner = ownerDescription();
                channel.write(ByteBuffer.wrap(owner.getBytes(StandardCharsets.UTF_8)), 0);
                channel.force(true);
                SessionLock lock = new SessionLock(key, channel);
                lock.content = owner;
                lock.fileKey = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
                HELD.put(key, lock);
                return lock;
            } catch (AccessDeniedException | java.nio.file.ReadOnlyFileSystemException e) {
                closeQuietly(channel);
                throw notWritable(file, e);
            } catch (FileSystemException e) {
                closeQuietly(channel);
                // EPERM and EROFS reach Java as a plain FileSystemException with the system's reason.
                String reason = String.valueOf(e.getReason());
                if (reason.contains("not permitted") || reason.contains("Read-only")) {
                    throw notWritable(file, e);
                }
                throw new AutoresearchException("cannot lock " + file + ": " + e.getMessage()
                        + "; the session folder must be on a file system that supports file locks", e);
            } catch (IOException e) {
                closeQuietly(channel);
                throw new AutoresearchException("cannot lock " + file + ": " + e.getMessage()
                        + (e instanceof ClosedByInterruptException ? " (interrupted)"
                        : "; the session folder must be on a file system that supports file locks"), e);
            } catch (RuntimeException e) {
                closeQuietly(channel);
                throw e;
            }
        }
    }

    private static AutoresearchException notWritable(Path file, Exception e) {
        return new AutoresearchException("cannot write the session folder " + file.toAbsolutePath().getParent()
                + " (" + e.getMessage() + "): it is read-only; make it writable, or put the session's files "
                + "elsewhere with session-dir in program.md", e);
    }

    private static SessionInUseException inUse(String tag, Path file, String holder) {
        return new SessionInUseException("session '" + tag + "' is in use by " + holder
                + "; wait for it to finish or stop it, or pick another tag (lock: " + file + ")");
    }

    private static String ownerDescription() {
        ProcessHandle self = ProcessHandle.current();
        ObjectNode me = JSON.createObjectNode();
        me.put("pid", self.pid());
        self.info().startInstant().ifPresent(i -> me.put("processStart", i.toString()));
        me.put("lockedAt", Instant.now().toString());
        return me.toString() + "\n";
    }

    /** The same file, however it is spelled, so that this process's own locks are recognised. */
    private static Path key(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        try {
            return absolute.getParent().toRealPath().resolve(absolute.getFileName());
        } catch (IOException e) {
            return absolute;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the lock, if any, goes with the channel
            }
        }
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
        if (HELD.containsKey(key(file))) {
            return OptionalLong.of(ProcessHandle.current().pid());
        }
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

    /** Releases the lock and empties the file, so that nobody reads this process as its owner. */
    @Override
    public void close() {
        synchronized (HELD) {
            // An interrupted thread would have the channel closed before the content is cleared.
            boolean interrupted = Thread.interrupted();
            try {
                channel.truncate(0);
                channel.force(true);
            } catch (IOException e) {
                LOG.warn("could not clear the lock {}: {}", key, e.getMessage());
            } finally {
                closeQuietly(channel);
                replaced.forEach(SessionLock::closeQuietly);
                HELD.remove(key);
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
