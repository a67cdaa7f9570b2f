package dev.autoresearch.runners.internal.slurm;

import java.time.Duration;

/** Durations in the form Slurm's {@code --time} takes: {@code days-hours:minutes:seconds}. */
final class SlurmTime {
    private SlurmTime() {
    }

    /** {@code 0-00:10:30} for 10 minutes 30 seconds; at least one second, fractions rounded up. */
    static String format(Duration duration) {
        long seconds = Math.max(1, duration.getSeconds() + (duration.getNano() > 0 ? 1 : 0));
        return String.format(java.util.Locale.ROOT, "%d-%02d:%02d:%02d", seconds / 86400, seconds / 3600 % 24,
                seconds / 60 % 60, seconds % 60);
    }
}
