package dev.autoresearch.core.keep;

import dev.autoresearch.core.Command;
import dev.autoresearch.core.ProgramSpec;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A check the strategy cannot see or game, such as a test-set evaluation: its command runs from the
 * user's checkout at a kept commit and prints {@code metric}, which is recorded beside the primary
 * metric and never shown to a model. Its direction is the primary metric's.
 *
 * @param run     the command, run through {@code sh -c}
 * @param metric  the metric it prints
 * @param timeout the limit of one run; the experiment timeout when empty
 */
public record Holdout(Command run, String metric, Optional<Duration> timeout) {
    public Holdout {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(timeout, "timeout");
        if (!ProgramSpec.METRIC_NAME.matcher(metric).matches()) {
            throw new IllegalArgumentException("holdout metric must be a name without spaces such as test_acc, got '"
                    + metric + "'");
        }
        timeout.ifPresent(t -> {
            if (t.isNegative() || t.isZero()) {
                throw new IllegalArgumentException("holdout timeout must be positive, got " + t);
            }
        });
    }

    /** A holdout running {@code commandLine} through {@code sh -c}, with the experiment timeout. */
    public static Holdout of(String commandLine, String metric) {
        return new Holdout(Command.shell(commandLine), metric, Optional.empty());
    }

    /** What its values are recorded under, in a record's metrics and results.tsv: {@code <metric>@holdout}. */
    public String recordKey() {
        return metric + "@holdout";
    }

    public Holdout withRun(Command command) {
        return new Holdout(command, metric, timeout);
    }

    public Holdout withMetric(String name) {
        return new Holdout(run, name, timeout);
    }

    public Holdout withTimeout(Duration limit) {
        return new Holdout(run, metric, Optional.of(limit));
    }
}
