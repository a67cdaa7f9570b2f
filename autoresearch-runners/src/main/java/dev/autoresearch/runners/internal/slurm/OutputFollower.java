package dev.autoresearch.runners.internal.slurm;

import dev.autoresearch.runners.internal.BoundedLog;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Copies what a job writes to its output file into the run's bounded log, as it grows. The job
 * writes on a compute node, so the file is followed by reading past the last position read, not
 * through a pipe. {@link RandomAccessFile} rather than a channel: it keeps working on an
 * interrupted thread.
 */
final class OutputFollower {
    private final Path file;
    private final BoundedLog log;
    private final byte[] buffer = new byte[64 * 1024];
    private long position;
    private boolean seen;

    OutputFollower(Path file, BoundedLog log) {
        this.file = file;
        this.log = log;
    }

    /** Copies whatever was added since the last call; a file not there yet is no error. */
    void poll() {
        if (!Files.exists(file)) {
            return;
        }
        seen = true;
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            if (in.length() < position) {
                position = 0; // truncated: the file was written anew
            }
            in.seek(position);
            int n;
            while ((n = in.read(buffer)) > 0) {
                log.write(buffer, 0, n);
                position += n;
            }
        } catch (IOException e) {
            // shared storage can fail a read for a moment; the next poll reads from the same place
        }
    }

    /** True once the output file was found. */
    boolean seen() {
        return seen;
    }

    Path file() {
        return file;
    }
}
