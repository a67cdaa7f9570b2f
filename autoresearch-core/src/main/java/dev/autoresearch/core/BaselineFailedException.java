package dev.autoresearch.core;

/**
 * The unchanged code did not produce a usable result (it crashed, printed no metric, timed out or
 * failed its checks), so there is nothing to compare experiments against. The message shows the
 * tail of the baseline's log; fix the program or the {@code run} command and start again.
 */
public final class BaselineFailedException extends AutoresearchException {
    private static final long serialVersionUID = 1L;

    public BaselineFailedException(String message) {
        super(message);
    }
}
