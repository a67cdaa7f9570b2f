package dev.autoresearch.core;

/** Another live process holds the session's lock; the message names it and what to do. */
public final class SessionInUseException extends AutoresearchException {
    private static final long serialVersionUID = 1L;

    public SessionInUseException(String message) {
        super(message);
    }
}
