package dev.autoresearch.core;

import java.util.Objects;

/**
 * Why a session stopped, typed so that a host can act on it (fail a build on a crash streak,
 * report a budget) without parsing a message.
 *
 * @param kind    which criterion stopped it
 * @param message a one-line account for people, such as {@code reached max-experiments (12)}
 */
public record StopReason(Kind kind, String message) {

    /** The criteria a session stops on. */
    public enum Kind {
        /** {@code stop.max-experiments} experiments have started. */
        MAX_EXPERIMENTS,
        /** {@code stop.max-duration} of active wall-clock time was used. */
        MAX_DURATION,
        /** The best metric reached {@code stop.target}. */
        TARGET,
        /** {@code stop.patience} experiments in a row brought no keep. */
        PATIENCE,
        /** {@code plateau} experiments in a row brought no keep, and {@code on-plateau} is {@code stop}. */
        PLATEAU,
        /** {@code stop.crash-streak} failures in a row: something is broken. */
        CRASH_STREAK,
        /** The model token budget was spent. */
        MAX_TOKENS,
        /** The model cost budget was spent. */
        MAX_COST,
        /** The strategy has nothing left to propose. */
        STRATEGY_EXHAUSTED,
        /** The host interrupted or cancelled the session (Ctrl-C, {@code cancel()}). */
        INTERRUPTED,
        /** A policy of the host's own. */
        OTHER
    }

    public StopReason {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    /** True when the session stopped because something kept failing, not because it was done. */
    public boolean isFailure() {
        return kind == Kind.CRASH_STREAK;
    }

    @Override
    public String toString() {
        return message;
    }
}
