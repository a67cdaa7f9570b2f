package dev.autoresearch.core.session;

import dev.autoresearch.core.SessionInUseException;
import dev.autoresearch.core.internal.session.SessionLock;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionLockTest {
    @TempDir
    Path dir;

    @Test
    void aLiveProcessKeepsOthersOffAndItsLockIsFreeTheMomentItDies() throws Exception {
        Path lock = dir.resolve("session/lock");
        Path marker = dir.resolve("locked");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LockHolderMain.class.getName(), lock.toString(), marker.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("holder.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(marker) && holder.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(marker).as("holder log: %s", Files.readString(dir.resolve("holder.log"))).exists();

            assertThatThrownBy(() -> SessionLock.acquire(lock, "t1")).isInstanceOf(SessionInUseException.class)
                    .hasMessageContaining("session 't1' is in use by process " + holder.pid());
            assertThat(SessionLock.livePid(lock)).hasValue(holder.pid());
        } finally {
            holder.destroyForcibly(); // SIGKILL: the holder releases nothing itself
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(lock).as("a killed holder leaves its file behind").exists();
        assertThat(SessionLock.livePid(lock)).isEmpty();
        try (SessionLock mine = SessionLock.acquire(lock, "t1")) {
            assertThat(SessionLock.livePid(lock)).hasValue(ProcessHandle.current().pid());
            // Reading it here, as 'status' would in the same process, must not drop the lock.
            assertThat(SessionLock.liveHolder(lock)).isPresent();
            assertThatThrownBy(() -> SessionLock.acquire(dir.resolve("session/../session/lock"), "t1"))
                    .isInstanceOf(SessionInUseException.class);
        }
        assertThat(SessionLock.livePid(lock)).isEmpty();
    }

    @Test
    void aLockFileWithALivePidButNoLockIsTakenOver() throws Exception {
        // What an older version, or a torn write, may leave: content that names a live process, no lock held.
        Path lock = dir.resolve("lock");
        Files.writeString(lock, "{\"pid\":" + ProcessHandle.current().pid() + ",\"token\":\"old\"}");
        try (SessionLock mine = SessionLock.acquire(lock, "t1")) {
            assertThat(SessionLock.livePid(lock)).hasValue(ProcessHandle.current().pid());
        }
        assertThat(Files.readString(lock)).as("released: nobody is named as its owner").isEmpty();
    }

    @Test
    void aSecondLoopInTheSameProcessIsRefusedToo() {
        Path lock = dir.resolve("lock");
        try (SessionLock first = SessionLock.acquire(lock, "t1")) {
            assertThatThrownBy(() -> SessionLock.acquire(lock, "t1")).isInstanceOf(SessionInUseException.class)
                    .hasMessageContaining("(this process)");
        }
    }

    @Test
    void aReadOnlySessionFolderIsSaidToBeReadOnly() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("session"));
        // Root writes through file modes: an immutable folder is read-only to root as well.
        boolean root = "root".equals(System.getProperty("user.name"));
        boolean locked = root ? new ProcessBuilder("chattr", "+i", folder.toString()).start().waitFor() == 0
                : folder.toFile().setWritable(false);
        Assumptions.assumeTrue(locked, "cannot make a folder read-only here");
        try {
            assertThatThrownBy(() -> SessionLock.acquire(folder.resolve("lock"), "t1"))
                    .hasMessageContaining("cannot write the session folder " + folder)
                    .hasMessageContaining("read-only").hasMessageContaining("session-dir")
                    .hasMessageNotContaining("file locks");
        } finally {
            if (root) {
                new ProcessBuilder("chattr", "-i", folder.toString()).start().waitFor();
            } else {
                folder.toFile().setWritable(true);
            }
        }
    }
}
