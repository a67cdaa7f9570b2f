package dev.autoresearch.core;

import java.util.Optional;

/** A program.md (or the equivalent flags) that cannot be used: the message names the file, line, key and what is expected. */
public final class ProgramSpecException extends AutoresearchException {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final int line;

    /**
     * @param key  the key at fault, or empty
     * @param line the 1-based line in the program file, or 0 when no line applies
     */
    public ProgramSpecException(String message, String key, int line) {
        super(message);
        this.key = key;
        this.line = line;
    }

    /** As {@link #ProgramSpecException(String, String, int)}, with the failure that caused it. */
    public ProgramSpecException(String message, String key, int line, Throwable cause) {
        super(message, cause);
        this.key = key;
        this.line = line;
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
