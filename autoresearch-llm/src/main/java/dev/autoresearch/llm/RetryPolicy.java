package dev.autoresearch.llm;

import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * How model requests that fail for a passing reason (a rate limit, a server error, a timeout, a
 * broken connection, a reply that is not JSON such as a proxy's error page) are retried: up to {@link #maxRetries()} more tries, waiting an exponentially
 * growing delay with a random spread from a seed. Other failures (a rejected key, an unknown
 * model, a malformed request) are never retried.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.builder().maxRetries(4).initialDelay(Duration.ofSeconds(1)).build();
 * }</pre>
 */
public final class RetryPolicy {
    /** The default: 6 retries from 2 seconds, doubling, at most 2 minutes apart, 25% spread. */
    public static final RetryPolicy DEFAULT = builder().build();

    private final int maxRetries;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final double multiplier;
    private final double jitter;
    private final long seed;

    private RetryPolicy(Builder b) {
        this.maxRetries = b.maxRetries;
        this.initialDelay = b.initialDelay;
        this.maxDelay = b.maxDelay;
        this.multiplier = b.multiplier;
        this.jitter = b.jitter;
        this.seed = b.seed;
    }

    /** A builder with the values of {@link #DEFAULT}. */
    public static Builder builder() {
        return new Builder();
    }

    /** No retry at all. */
    public static RetryPolicy none() {
        return builder().maxRetries(0).build();
    }

    /** A builder holding this policy's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxRetries = maxRetries;
        b.initialDelay = initialDelay;
        b.maxDelay = maxDelay;
        b.multiplier = multiplier;
        b.jitter = jitter;
        b.seed = seed;
        return b;
    }

    /** Tries after the first one. */
    public int maxRetries() {
        return maxRetries;
    }

    /** The wait before the first retry, before the spread. */
    public Duration initialDelay() {
        return initialDelay;
    }

    /** The longest wait between two tries. */
    public Duration maxDelay() {
        return maxDelay;
    }

    /** How much each wait grows over the one before. */
    public double multiplier() {
        return multiplier;
    }

    /** The spread: each delay is scaled by a factor drawn from [1 - jitter, 1 + jitter]. */
    public double jitter() {
        return jitter;
    }

    /** The seed of the spread. */
    public long seed() {
        return seed;
    }

    /**
     * The wait before retry number {@code retry} (from 1). The spread is drawn from the seed and
     * {@code salt} (a request's identity), so the same request waits the same in every run.
     */
    public Duration delayBefore(int retry, long salt) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry counts from 1, got " + retry);
        }
        double base = initialDelay.toMillis() * Math.pow(multiplier, retry - 1);
        double capped = Math.min(base, maxDelay.toMillis());
        double factor = 1.0;
        if (jitter > 0) {
            SplittableRandom random = new SplittableRandom(seed ^ (salt * 0x9E3779B97F4A7C15L) ^ retry);
            factor = 1.0 - jitter + 2 * jitter * random.nextDouble();
        }
        return Duration.ofMillis(Math.round(Math.min(capped * factor, maxDelay.toMillis())));
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxRetries=" + maxRetries + ", initialDelay=" + initialDelay + ", maxDelay=" + maxDelay
                + ", multiplier=" + multiplier + ", jitter=" + jitter + ", seed=" + seed + "]";
    }

    /** Assembles a {@link RetryPolicy}; each setter checks its argument. */
    public static final class Builder {
        private int maxRetries = 6;
        private Duration initialDelay = Duration.ofSeconds(2);
        private Duration maxDelay = Duration.ofMinutes(2);
        private double multiplier = 2.0;
        private double jitter = 0.25;
        private long seed = 0;

        private Builder() {
        }

        /** Tries after the first one, 0 to 100; 6 by default. */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0 || maxRetries > 100) {
                throw new IllegalArgumentException("maxRetries must be between 0 and 100, got " + maxRetries);
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /** The wait before the first retry; 2 seconds by default. */
        public Builder initialDelay(Duration delay) {
            this.initialDelay = notNegative(delay, "initialDelay");
            return this;
        }

        /** The longest wait; 2 minutes by default. */
        public Builder maxDelay(Duration delay) {
            this.maxDelay = notNegative(delay, "maxDelay");
            return this;
        }

        /** The growth of each wait over the one before, at least 1; 2 by default. */
        public Builder multiplier(double multiplier) {
            if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
                throw new IllegalArgumentException("multiplier must be a number >= 1, got " + multiplier);
            }
            this.multiplier = multiplier;
            return this;
        }

        /** The spread, in [0, 1): each wait is scaled by a factor in [1 - jitter, 1 + jitter]; 0.25 by default. */
        public Builder jitter(double jitter) {
            if (!(jitter >= 0.0 && jitter < 1.0)) {
                throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
            }
            this.jitter = jitter;
            return this;
        }

        /** The seed the spread is drawn from, so that runs repeat; 0 by default. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** @throws IllegalArgumentException when the initial delay exceeds the maximum one */
        public RetryPolicy build() {
            if (initialDelay.compareTo(maxDelay) > 0) {
                throw new IllegalArgumentException("initialDelay (" + initialDelay + ") must not exceed maxDelay ("
                        + maxDelay + ")");
            }
            return new RetryPolicy(this);
        }

        private static Duration notNegative(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, got " + d);
            }
            return d;
        }
    }
}
