package dev.autoresearch.core;

import java.time.Duration;
import java.util.Optional;

/** The standard stopping policies, and the one a program's {@code stop} section describes. */
public final class StoppingPolicies {
    private StoppingPolicies() {
    }

    /** Never stops (an interrupt still does). */
    public static StoppingPolicy never() {
        return (state, spec) -> Optional.empty();
    }

    /**
     * Stops after {@code n} experiments beyond the baseline have started (those in flight count, so a
     * session with several lanes never overshoots), counted across resumes.
     */
    public static StoppingPolicy maxExperiments(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("max-experiments must be >= 0, got " + n);
        }
        return (state, spec) -> {
            int started = state.experimentsStarted();
            if (started < n) {
                return Optional.empty();
            }
            // A session resumed with a smaller budget than it ran with says how far it went, not just the limit.
            return Optional.of(new StopReason(StopReason.Kind.MAX_EXPERIMENTS, "reached max-experiments (" + n + ")"
                    + (started > n ? String.format(java.util.Locale.ROOT, ": %,d experiments after the baseline", started)
                    : "")));
        };
    }

    /**
     * Stops once the session's active wall-clock time reaches {@code limit}: the time during which
     * any experiment ran, summed over resumes (8 h on 8 lanes is 8 h).
     */
    public static StoppingPolicy maxDuration(Duration limit) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("max-duration must be positive, got " + limit);
        }
        return (state, spec) -> state.activeTime().compareTo(limit) >= 0
                ? Optional.of(new StopReason(StopReason.Kind.MAX_DURATION, "reached max-duration (" + Durations.format(limit) + ")"))
                : Optional.empty();
    }

    /** Stops once the best metric is at least as good as {@code target}. */
    public static StoppingPolicy target(double target) {
        return (state, spec) -> state.best().flatMap(b -> b.metric().isPresent()
                        ? Optional.of(b.metric().getAsDouble()) : Optional.<Double>empty())
                .filter(best -> best == target || spec.direction().isBetter(best, target))
                .map(best -> new StopReason(StopReason.Kind.TARGET,
                        "reached the target " + spec.metric() + " " + target + " (best " + best + ")"));
    }

    /** Stops after {@code n} experiments in a row without a keep. */
    public static StoppingPolicy patience(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("patience must be >= 1, got " + n);
        }
        return (state, spec) -> state.sinceLastKeep() >= n
                ? Optional.of(new StopReason(StopReason.Kind.PATIENCE, "no improvement in the last " + n + " experiments (patience)"))
                : Optional.empty();
    }

    /** Stops after {@code n} crash, invalid or timeout outcomes in a row. */
    public static StoppingPolicy crashStreak(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("crash-streak must be >= 1, got " + n);
        }
        return (state, spec) -> state.failureStreak() >= n
                ? Optional.of(new StopReason(StopReason.Kind.CRASH_STREAK, n + " experiments in a row crashed, timed out "
                        + "or were invalid; read the last logs under runs/, fix the cause (commit the fix on your branch), "
                        + "then resume with rebase on to bring the fix into the session"))
                : Optional.empty();
    }

    /** Stops once the model tokens spent (input plus output) reach {@code limit}. */
    public static StoppingPolicy maxTokens(long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("max-tokens must be >= 1, got " + limit);
        }
        return (state, spec) -> state.usage().total() >= limit
                ? Optional.of(new StopReason(StopReason.Kind.MAX_TOKENS,
                        "reached max-tokens (" + limit + ", spent " + state.usage().total() + ")"))
                : Optional.empty();
    }

    /**
     * Stops once the model cost reaches {@code limit}, with prices per million input and output
     * tokens in the same currency.
     */
    public static StoppingPolicy maxCost(double limit, double inputPricePerMillion, double outputPricePerMillion) {
        if (!(limit > 0) || !Double.isFinite(limit)) {
            throw new IllegalArgumentException("max-cost must be a positive number, got " + limit);
        }
        if (!(inputPricePerMillion >= 0) || !(outputPricePerMillion >= 0)
                || !Double.isFinite(inputPricePerMillion) || !Double.isFinite(outputPricePerMillion)) {
            throw new IllegalArgumentException("prices must be numbers >= 0, got " + inputPricePerMillion
                    + " and " + outputPricePerMillion);
        }
        if (inputPricePerMillion == 0 && outputPricePerMillion == 0) {
            throw new IllegalArgumentException("with both prices 0 the cost never grows and max-cost never stops "
                    + "the session; give the model's prices per million tokens");
        }
        return (state, spec) -> {
            TokenUsage u = state.usage();
            double cost = u.inputTokens() / 1e6 * inputPricePerMillion + u.outputTokens() / 1e6 * outputPricePerMillion;
            return cost >= limit
                    ? Optional.of(new StopReason(StopReason.Kind.MAX_COST,
                            String.format(java.util.Locale.ROOT, "reached max-cost (%.2f, spent %.2f)", limit, cost)))
                    : Optional.empty();
        };
    }

    /**
     * Stops on a plateau: {@code n} experiments in a row without a keep, refused repeats among them,
     * with stop reason {@link StopReason.Kind#PLATEAU}: the strategy has run out of new ideas here.
     */
    public static StoppingPolicy plateau(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("plateau must be >= 1, got " + n);
        }
        return (state, spec) -> state.sinceLastKeep() >= n
                ? Optional.of(new StopReason(StopReason.Kind.PLATEAU, "plateau: " + n + " experiments in a row brought "
                + "no keep; the strategy ran out of new ideas from where it searched. To go on, resume with "
                + "on-plateau: explore (another node or island, and a model asked for a different kind of change), "
                + "search: tree or islands, a wider tune range, or ideas of your own in ideas.md"))
                : Optional.empty();
    }

    /**
     * The policy a program's {@code stop} section describes: any of its criteria, and always the crash
     * streak, checked last: a session that met its budget or target is finished, whatever its last runs did.
     */
    public static StoppingPolicy fromSpec(StopCriteria stop) {
        StoppingPolicy policy = never();
        if (stop.maxExperiments().isPresent()) {
            policy = policy.or(maxExperiments(stop.maxExperiments().getAsInt()));
        }
        if (stop.maxDuration().isPresent()) {
            policy = policy.or(maxDuration(stop.maxDuration().get()));
        }
        if (stop.target().isPresent()) {
            policy = policy.or(target(stop.target().getAsDouble()));
        }
        if (stop.patience().isPresent()) {
            policy = policy.or(patience(stop.patience().getAsInt()));
        }
        return policy.or(crashStreak(stop.crashStreak()));
    }
}
