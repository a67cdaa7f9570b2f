package dev.autoresearch.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which runner and which strategy a program names ({@code runner:}, {@code strategy:}), and the
 * runner's own settings ({@code runner-options:}). The core only carries the names: a host finds the
 * runner or strategy of that name among the providers on its classpath, and an absent name leaves
 * the host's default.
 *
 * @param runner        the runner's name, such as {@code local} or {@code slurm}
 * @param strategy      the strategy's name, such as {@code tune} or {@code llm}
 * @param runnerOptions settings for the runner named, by key, in the order given; each runner reads its own
 */
public record ProviderChoice(Optional<String> runner, Optional<String> strategy, Map<String, String> runnerOptions) {
    /** Nothing named: the host's defaults. */
    public static final ProviderChoice DEFAULT = new ProviderChoice(Optional.empty(), Optional.empty(), Map.of());

    public ProviderChoice {
        runner = name(runner, "runner");
        strategy = name(strategy, "strategy");
        Objects.requireNonNull(runnerOptions, "runnerOptions");
        for (Map.Entry<String, String> e : runnerOptions.entrySet()) {
            String key = Objects.requireNonNull(e.getKey(), "runner option key");
            Objects.requireNonNull(e.getValue(), "runner option value");
            if (key.isBlank() || key.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("a runner option's key must be one word without spaces, got '"
                        + key + "'");
            }
        }
        // kept in the order given, so that a runner that lists them shows them as written
        runnerOptions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(runnerOptions));
    }

    public ProviderChoice withRunner(String runner) {
        return new ProviderChoice(Optional.of(runner), strategy, runnerOptions);
    }

    public ProviderChoice withStrategy(String strategy) {
        return new ProviderChoice(runner, Optional.of(strategy), runnerOptions);
    }

    /** These options with {@code key} set to {@code value}, replacing an earlier value of that key. */
    public ProviderChoice withRunnerOption(String key, String value) {
        Map<String, String> options = new LinkedHashMap<>(runnerOptions);
        options.put(key, value);
        return new ProviderChoice(runner, strategy, options);
    }

    private static Optional<String> name(Optional<String> value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isPresent()) {
            String v = value.get();
            if (v.isBlank() || v.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("a " + what + " name must be one word without spaces, such as "
                        + (what.equals("runner") ? "'local'" : "'tune'") + ", got '" + v + "'");
            }
        }
        return value;
    }
}
