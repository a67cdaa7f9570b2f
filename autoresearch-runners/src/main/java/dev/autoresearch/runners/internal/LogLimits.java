package dev.autoresearch.runners.internal;

/**
 * The checks on a run log's bounds that every runner's builder applies, so that a cap or a tail
 * means the same, and is refused the same, whatever runs the command.
 */
public final class LogLimits {
    /** The largest kept tail, held in memory while the run goes on: 64 MiB. */
    public static final long MAX_KEEP_TAIL = 64L * 1024 * 1024;

    private LogLimits() {
    }

    /** @return {@code bytes}, when positive */
    public static long outputCap(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("outputCap must be positive, got " + bytes);
        }
        return bytes;
    }

    /** @return {@code bytes}, when between 1 byte and {@link #MAX_KEEP_TAIL} */
    public static long keepTail(long bytes) {
        if (bytes <= 0 || bytes > MAX_KEEP_TAIL) {
            throw new IllegalArgumentException("keepTail must be between 1 byte and 64 MiB, got " + bytes);
        }
        return bytes;
    }

    /** @return {@code lines}, when between 0 and 1000 */
    public static int tailLines(int lines) {
        if (lines < 0 || lines > 1000) {
            throw new IllegalArgumentException("tailLines must be between 0 and 1000, got " + lines);
        }
        return lines;
    }

    /** @throws IllegalStateException when the kept tail is not smaller than the cap */
    public static void tailUnderCap(long keepTail, long outputCap) {
        if (keepTail >= outputCap) {
            throw new IllegalStateException("keepTail (" + BoundedLog.size(keepTail)
                    + ") must be smaller than outputCap (" + BoundedLog.size(outputCap) + ")");
        }
    }
}
