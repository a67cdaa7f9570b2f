package dev.autoresearch.host;

import dev.autoresearch.core.AutoresearchException;

/**
 * A mistake in how a host was asked to run a session, with what to do about it: an option value the
 * program contract rejects, a missing program file, a file {@code init} would overwrite. The command
 * exits with its usage code; the Maven plugin fails the build with the message.
 */
public final class UsageException extends AutoresearchException {
    private static final long serialVersionUID = 1L;

    private final String hint;

    /**
     * @param message what is wrong and where, one line
     * @param hint    what to do about it, one line, or empty
     */
    public UsageException(String message, String hint) {
        super(message);
        this.hint = hint == null ? "" : hint;
    }

    /** @param message what is wrong and where, one line */
    public UsageException(String message) {
        this(message, "");
    }

    /** What to do, or empty. */
    public String hint() {
        return hint;
    }
}
