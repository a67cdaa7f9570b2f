package dev.autoresearch.cli;

/**
 * A mistake in how the command was called that picocli's parser cannot see: a flag value the
 * program contract rejects, a missing program file, a file {@code init} would overwrite. Exit code
 * {@value ExitCodes#USAGE}.
 */
public final class UsageException extends RuntimeException {
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

    public UsageException(String message) {
        this(message, "");
    }

    /** What to do, or empty. */
    public String hint() {
        return hint;
    }
}
