package dev.autoresearch.core.session;

import dev.autoresearch.core.internal.session.SessionLock;

import java.nio.file.Files;
import java.nio.file.Path;

/** Holds a session lock in a JVM of its own until killed, having written {@code args[1]} once it holds it. */
public final class LockHolderMain {
    private LockHolderMain() {
    }

    public static void main(String[] args) throws Exception {
        SessionLock lock = SessionLock.acquire(Path.of(args[0]), "held");
        Files.writeString(Path.of(args[1]), "locked");
        Thread.sleep(120_000);
        lock.close();
    }
}
