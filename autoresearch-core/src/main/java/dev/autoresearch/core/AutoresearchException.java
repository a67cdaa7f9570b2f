package dev.autoresearch.core;

/**
 * The root of every exception the library throws. Messages name the file, key or command at fault
 * and say what to do about it.
 *
 * <p>Exceptions are for configuration mistakes and for infrastructure that cannot go on (git
 * missing, a disk full). An experiment that crashes, times out or is rejected is not an exception:
 * it is an {@link ExperimentRecord} with a {@link Status}.
 */
public class AutoresearchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AutoresearchException(String message) {
        super(message);
    }

    public AutoresearchException(String message, Throwable cause) {
        super(message, cause);
    }
}
