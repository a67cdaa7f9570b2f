package dev.autoresearch.host.report;

import dev.autoresearch.core.AutoresearchException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Replaces a report file whole: written to a temporary file of its own beside it, then moved over
 * it, so a browser or a second writer (a {@code report} while the session runs) never sees half a file.
 */
final class AtomicFiles {
    /** Writes the temporary file. */
    @FunctionalInterface
    interface Content {
        void writeTo(Path file) throws IOException;
    }

    private AtomicFiles() {
    }

    /** A temporary file is private to its owner; the report it becomes is read like any other file. */
    private static void readableByAll(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /**
     * @param what names the file in an error message: "the chart", "the report"
     * @throws AutoresearchException naming {@code target} when it cannot be written
     */
    static void replace(Path target, String what, Content content) {
        Path tmp = null;
        try {
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
            content.writeTo(tmp);
            readableByAll(tmp);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
        } catch (IOException e) {
            throw new AutoresearchException("cannot write " + what + " " + target + ": " + e, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the write already failed; that is what is reported
                }
            }
        }
    }
}
