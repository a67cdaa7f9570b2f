package dev.autoresearch.core;

/**
 * Model tokens spent on one request, one experiment or a whole session. Strategies that use no
 * model report {@link #ZERO}.
 */
public record TokenUsage(long inputTokens, long outputTokens) {
    /** No tokens. */
    public static final TokenUsage ZERO = new TokenUsage(0, 0);

    public TokenUsage {
        if (inputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative");
        }
    }

    /** The sum of this and {@code other}. */
    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(inputTokens + other.inputTokens, outputTokens + other.outputTokens);
    }

    /** Input plus output tokens. */
    public long total() {
        return inputTokens + outputTokens;
    }
}
