package dev.autoresearch.runners.internal;

import java.time.Duration;

/**
 * A point in time on the monotonic clock ({@link System#nanoTime()}), for bounded waits. Durations
 * too long for nanoseconds (centuries) saturate instead of overflowing.
 */
public final class Deadline {
    private final long start;
    private final long nanos;

    private Deadline(long start, long nanos) {
        this.start = start;
        this.nanos = nanos;
    }

    /** The deadline {@code duration} from now. */
    public static Deadline after(Duration duration) {
        return new Deadline(System.nanoTime(), nanos(duration));
    }

    /** Nanoseconds left, 0 once passed. */
    public long remainingNanos() {
        return Math.max(0, nanos - (System.nanoTime() - start));
    }

    public boolean passed() {
        return remainingNanos() == 0;
    }

    /** The duration in nanoseconds, saturated at {@link Long#MAX_VALUE}; negative counts as 0. */
    public static long nanos(Duration duration) {
        if (duration.isNegative()) {
            return 0;
        }
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
