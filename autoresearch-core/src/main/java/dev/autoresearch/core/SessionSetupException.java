package dev.autoresearch.core;

/**
 * The host's own setup does not allow the session to start: a repository without a commit, a
 * session resumed with a program that measures something else. A usage error to fix, not an
 * infrastructure failure; the message says what to do.
 */
public class SessionSetupException extends AutoresearchException {
    private static final long serialVersionUID = 1L;

    public SessionSetupException(String message) {
        super(message);
    }
}
