package dev.autoresearch.core;

/**
 * Thrown by a {@link HypothesisGenerator} that has nothing left to propose (every candidate of a
 * finite search space tried). The loop does not treat it as a failure: it stops normally, with this
 * message as the report's stop reason.
 */
public class StrategyExhaustedException extends AutoresearchException {
    private static final long serialVersionUID = 1L;

    public StrategyExhaustedException(String message) {
        super(message);
    }
}
