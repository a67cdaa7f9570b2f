package dev.autoresearch.core;

import dev.autoresearch.core.program.ProgramKeys;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The stopping criteria of program.md's {@code stop} section. Each is optional except the crash
 * streak, which always guards an unattended session (default 10).
 *
 * @param maxExperiments experiments after the baseline, counted across resumes
 * @param maxDuration    active wall-clock time of the session, counted across resumes
 * @param target         stop once the best metric reaches this value
 * @param patience       stop after this many experiments in a row without a keep
 * @param crashStreak    stop after this many crash, invalid or timeout outcomes in a row
 */
public record StopCriteria(
        OptionalInt maxExperiments,
        Optional<Duration> maxDuration,
        OptionalDouble target,
        OptionalInt patience,
        int crashStreak) {

    /** The default crash streak. */
    public static final int DEFAULT_CRASH_STREAK = 10;

    /** No limits but the default crash streak. */
    public static final StopCriteria DEFAULT = new StopCriteria(
            OptionalInt.empty(), Optional.empty(), OptionalDouble.empty(), OptionalInt.empty(), DEFAULT_CRASH_STREAK);

    public StopCriteria {
        Objects.requireNonNull(maxExperiments, "maxExperiments");
        Objects.requireNonNull(maxDuration, "maxDuration");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(patience, "patience");
        maxExperiments.ifPresent(ProgramKeys.MAX_EXPERIMENTS::check);
        if (maxDuration.isPresent() && (maxDuration.get().isNegative() || maxDuration.get().isZero())) {
            throw new IllegalArgumentException("max-duration must be positive");
        }
        patience.ifPresent(ProgramKeys.PATIENCE::check);
        if (target.isPresent() && !Double.isFinite(target.getAsDouble())) {
            throw new IllegalArgumentException("target must be a finite number");
        }
        ProgramKeys.CRASH_STREAK.check(crashStreak);
    }

    public StopCriteria withMaxExperiments(int n) {
        return new StopCriteria(OptionalInt.of(n), maxDuration, target, patience, crashStreak);
    }

    public StopCriteria withMaxDuration(Duration d) {
        return new StopCriteria(maxExperiments, Optional.of(d), target, patience, crashStreak);
    }

    public StopCriteria withTarget(double t) {
        return new StopCriteria(maxExperiments, maxDuration, OptionalDouble.of(t), patience, crashStreak);
    }

    public StopCriteria withPatience(int n) {
        return new StopCriteria(maxExperiments, maxDuration, target, OptionalInt.of(n), crashStreak);
    }

    public StopCriteria withCrashStreak(int n) {
        return new StopCriteria(maxExperiments, maxDuration, target, patience, n);
    }
}
