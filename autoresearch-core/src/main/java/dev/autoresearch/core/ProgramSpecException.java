package dev.autoresearch.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A program.md (or the equivalent flags) that cannot be used: the message names the file, line, key and what is expected. */
public final class ProgramSpecException extends AutoresearchException {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final int line;
    private final List<KeyAdvice> advice;

    /**
     * A key a user may set to put the error right, named as program.md names it, so that a host can
     * add its own option for it to the message ({@code --keep greedy}, {@code autoresearch.keep=greedy}).
     *
     * @param key   the program.md key, such as {@code baseline-repeats}
     * @param value the value to set, when the advice is a value; empty when any fitting value will do
     */
    public record KeyAdvice(String key, Optional<String> value) {
        public KeyAdvice {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }

        /** Advice to set {@code key} to a fitting value. */
        public static KeyAdvice set(String key) {
            return new KeyAdvice(key, Optional.empty());
        }

        /** Advice to set {@code key} to {@code value}. */
        public static KeyAdvice set(String key, String value) {
            return new KeyAdvice(key, Optional.of(value));
        }
    }

    /**
     * @param key  the key at fault, or empty
     * @param line the 1-based line in the program file, or 0 when no line applies
     */
    public ProgramSpecException(String message, String key, int line) {
        this(message, key, line, List.of());
    }

    /** As {@link #ProgramSpecException(String, String, int)}, with the keys whose setting would put it right. */
    public ProgramSpecException(String message, String key, int line, List<KeyAdvice> advice) {
        super(message);
        this.key = key;
        this.line = line;
        this.advice = List.copyOf(advice);
    }

    /** As {@link #ProgramSpecException(String, String, int)}, with the failure that caused it. */
    public ProgramSpecException(String message, String key, int line, Throwable cause) {
        super(message, cause);
        this.key = key;
        this.line = line;
        this.advice = cause instanceof ProgramSpecException p ? p.advice : List.of();
    }

    /** The keys the message advises setting, for a host to name its options for them; empty when none. */
    public List<KeyAdvice> advice() {
        return advice;
    }

    /** The key at fault, when one is. */
    public Optional<String> key() {
        return key == null || key.isEmpty() ? Optional.empty() : Optional.of(key);
    }

    /** The 1-based line, when one applies. */
    public java.util.OptionalInt line() {
        return line > 0 ? java.util.OptionalInt.of(line) : java.util.OptionalInt.empty();
    }
}
