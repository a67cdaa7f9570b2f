package dev.autoresearch.host;

import dev.autoresearch.core.ExperimentRunner;
import dev.autoresearch.core.MetricExtractor;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.runners.MetricExtractors;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The components of a real session: the default metric extractors, and the runner and strategy
 * named, made by the {@link Providers} found on the class path (the built-in {@code local} and
 * {@code slurm} runners, the {@code tune} and {@code llm} strategies, and any jar's).
 */
public final class DefaultComponents implements LoopComponents {
    private final Map<String, String> environment;
    private final OptionStyle style;
    private final Providers providers;

    /**
     * @param environment where API keys and {@code AUTORESEARCH_*} variables are read
     * @param style       how error messages name the host's options
     * @param providers   the runners and strategies that can be named
     */
    public DefaultComponents(Map<String, String> environment, OptionStyle style, Providers providers) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        this.style = Objects.requireNonNull(style, "style");
        this.providers = Objects.requireNonNull(providers, "providers");
    }

    /** Components with the providers on this library's class path. */
    public DefaultComponents(Map<String, String> environment, OptionStyle style) {
        this(environment, style, Providers.installed());
    }

    /** Components whose messages name the command's flags. */
    public DefaultComponents(Map<String, String> environment) {
        this(environment, OptionStyle.FLAGS);
    }

    @Override
    public Providers providers() {
        return providers;
    }

    @Override
    public ExperimentRunner runner(String name, RunnerContext context) {
        return providers.runner(name, "invalid value for option '" + style.name("runner") + "'").create(context);
    }

    @Override
    public MetricExtractor metrics() {
        return MetricExtractors.defaults();
    }

    @Override
    public Strategy strategy(StrategySettings settings, ProgramSpec spec, Path workingDirectory) {
        return providers.strategy(settings.name(), "invalid value for option '" + style.name("strategy") + "'")
                .create(new StrategyContext(settings, spec, workingDirectory, environment, style));
    }
}
