package dev.autoresearch.host;

import dev.autoresearch.core.ProgramSpec;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link StrategyProvider} checks and builds its strategy from.
 *
 * @param settings         the strategy's name, seed and model options
 * @param spec             the session's program
 * @param workingDirectory where the host runs, inside the repository
 * @param environment      the host's environment (API keys, {@code AUTORESEARCH_*} variables)
 * @param style            how the host names its options, for messages
 */
public record StrategyContext(LoopComponents.StrategySettings settings, ProgramSpec spec, Path workingDirectory,
                              Map<String, String> environment, OptionStyle style) {
    public StrategyContext {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        environment = Map.copyOf(environment);
        Objects.requireNonNull(style, "style");
    }
}
