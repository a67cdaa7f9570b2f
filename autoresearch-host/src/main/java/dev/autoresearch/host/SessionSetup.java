package dev.autoresearch.host;

import dev.autoresearch.core.ExperimentRunner;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ideas.NoveltyCheck;
import dev.autoresearch.llm.EmbeddingNoveltyCheck;
import dev.autoresearch.core.StoppingPolicies;
import dev.autoresearch.host.internal.LlmStrategyProvider;
import dev.autoresearch.host.internal.LocalRunnerProvider;
import dev.autoresearch.host.internal.TuneStrategyProvider;
import dev.autoresearch.runners.Sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds a session's loop from a program and a host's options, with the checks every host makes
 * before the baseline is spent: the strategy the program and the environment ask for (the one named,
 * else the language model when one is configured, else the tuner over program.md's {@code tune} list),
 * its pre-checks, the runner named (else {@code local}), the metric readers, the tag and the token and
 * cost budgets. The host adds its listeners and runs the loop.
 */
public final class SessionSetup {
    private SessionSetup() {
    }

    /**
     * A loop builder for {@code spec} in the repository around {@code workingDirectory}, whose runs
     * are confined as the command confines them ({@link RunnerChoice#sandbox}: program.md's
     * {@code sandbox}, else on for the llm strategy; {@code ~} is the {@code HOME} variable's).
     *
     * @param components the runner, metrics and strategies: {@link DefaultComponents} for a real session
     * @throws UsageException when the options or the program do not allow a session, with a hint
     */
    public static ResearchLoop.Builder configure(Path workingDirectory, ProgramSpec spec, HostOptions options,
                                                 LoopComponents components) {
        return configure(workingDirectory, spec, options, components, sandbox(spec, options, workingDirectory, components,
                Optional.ofNullable(System.getenv("HOME"))));
    }

    /**
     * The sandbox for the session's runs ({@link RunnerChoice#sandbox}), with the default of the strategy
     * the program and the options choose.
     *
     * @param home the {@code HOME} variable, when set, for {@code ~} in {@code sandbox-writable}
     */
    public static Optional<Sandbox> sandbox(ProgramSpec spec, HostOptions options, Path workingDirectory,
                                            LoopComponents components, Optional<String> home) {
        Providers providers = components.providers();
        LoopComponents.StrategySettings settings = strategySettings(spec, options, workingDirectory, providers);
        return RunnerChoice.sandbox(spec, providers.strategy(settings.name(), invalid("strategy", options.style())),
                home, options.style());
    }

    /**
     * A loop builder as {@link #configure(Path, ProgramSpec, HostOptions, LoopComponents)}, whose runs
     * are confined by {@code sandbox} when one is given and run unconfined otherwise: for a host that
     * made the choice itself, with {@link RunnerChoice#sandbox}.
     */
    public static ResearchLoop.Builder configure(Path workingDirectory, ProgramSpec spec, HostOptions options,
                                                 LoopComponents components, Optional<Sandbox> sandbox) {
        Objects.requireNonNull(sandbox, "sandbox");
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(components, "components");
        OptionStyle style = options.style();
        LoopComponents.StrategySettings settings = strategySettings(spec, options, workingDirectory,
                components.providers());
        // The runner before the strategy: a runner's refusal (a sandbox asked of Slurm) is about the options,
        // and comes before a model is asked for or a tuned file read.
        String runnerName = components.providers().runner(runnerName(spec), invalid("runner", style)).name();
        ExperimentRunner runner = components.runner(runnerName, new RunnerContext(spec, List.of(), sandbox,
                options.environment(), style));
        LoopComponents.Strategy chosen = components.strategy(settings, spec, workingDirectory);
        ResearchLoop.Builder builder = ResearchLoop.builder()
                .repository(workingDirectory)
                .program(spec)
                .strategy(chosen.generator(), chosen.mutator())
                .runner(runner)
                .metrics(components.metrics())
                .rebase(options.rebase())
                .freshMemory(options.freshMemory());
        if (spec.novelty() > 0 && chosen.generator().readsIdeas()) {
            builder.noveltyCheck(loadedOnFirstUse(spec.novelty()));
        }
        if (options.tag().isPresent()) {
            try {
                builder.tag(options.tag().get());
            } catch (IllegalArgumentException e) {
                throw new UsageException("invalid value for option '" + style.name("tag") + "': " + e.getMessage());
            }
        }
        if (options.maxTokens().isPresent()) {
            try {
                builder.stopWhen(StoppingPolicies.maxTokens(options.maxTokens().get()));
            } catch (IllegalArgumentException e) {
                throw new UsageException("invalid value for option '" + style.name("max-tokens") + "': "
                        + e.getMessage());
            }
        }
        if (options.maxCost().isPresent()) {
            try {
                builder.stopWhen(StoppingPolicies.maxCost(options.maxCost().get(), options.inputPrice().orElseThrow(),
                        options.outputPrice().orElseThrow()));
            } catch (IllegalArgumentException e) {
                throw new UsageException("invalid value for option '" + style.name("max-cost") + "' or '"
                        + style.name("prices") + "': " + e.getMessage());
            }
        }
        return builder;
    }

    /**
     * The embedding check of near-duplicates at {@code threshold}, its model (seconds to load) loaded
     * when a proposal is first compared with a measured idea, not when the session starts.
     */
    private static NoveltyCheck loadedOnFirstUse(double threshold) {
        // Proposals made at once check at once: the model is loaded once, by the first, the others waiting.
        class Loaded {
            private NoveltyCheck check;

            synchronized NoveltyCheck get() {
                if (check == null) {
                    check = new EmbeddingNoveltyCheck(threshold);
                }
                return check;
            }
        }
        Loaded loaded = new Loaded();
        return (candidate, measured) -> measured.isEmpty() ? Optional.empty()
                : loaded.get().nearest(candidate, measured);
    }

    /**
     * The strategy the program, the options and the environment ask for, among the providers on this
     * library's class path: see {@link #strategySettings(ProgramSpec, HostOptions, Path, Providers)}.
     */
    public static LoopComponents.StrategySettings strategySettings(ProgramSpec spec, HostOptions options,
                                                                   Path workingDirectory) {
        return strategySettings(spec, options, workingDirectory, Providers.installed());
    }

    /**
     * The strategy the program and the environment ask for: the one named (program.md's {@code strategy},
     * or the host's option over it), else the language model when a model is configured, else the tuner;
     * after the strategy's own pre-checks.
     *
     * @throws UsageException when no strategy has that name, or the strategy's checks fail (the llm
     *                        strategy without a model, the tuner without parameters)
     */
    public static LoopComponents.StrategySettings strategySettings(ProgramSpec spec, HostOptions options,
                                                                   Path workingDirectory, Providers providers) {
        OptionStyle style = options.style();
        String name = spec.providers().strategy().orElse(options.model().isPresent()
                ? LlmStrategyProvider.NAME : TuneStrategyProvider.NAME);
        StrategyProvider provider = providers.strategy(name, invalid("strategy", style));
        LoopComponents.StrategySettings settings = new LoopComponents.StrategySettings(provider.name(), options.seed(),
                options.model(), options.baseUrl(), options.maxReplyTokens(), options.fileBudget());
        provider.check(new StrategyContext(settings, spec, workingDirectory, options.environment(), style));
        return settings;
    }

    /**
     * Checks the runner and the strategy that the host's options name (they override program.md's), so that
     * an unknown name is reported as the option's: {@code Invalid value for option '--runner': expected 'local'
     * or 'slurm', got 'cloud'}.
     *
     * @throws UsageException naming the option, the names there are, and the nearest of them
     */
    public static void checkNames(Optional<String> runner, Optional<String> strategy, Providers providers,
                                  OptionStyle style) {
        String invalid = style == OptionStyle.FLAGS ? "Invalid value for option '" : "invalid value for option '";
        runner.ifPresent(r -> providers.runner(r, invalid + style.name("runner") + "'"));
        strategy.ifPresent(s -> providers.strategy(s, invalid + style.name("strategy") + "'"));
    }

    /** The runner program.md (or the host's option over it) names, else the local one. */
    static String runnerName(ProgramSpec spec) {
        return spec.providers().runner().orElse(LocalRunnerProvider.NAME);
    }

    /** How the error for an unknown name in program.md begins: {@code invalid value for 'runner' (program.md, or --runner)}. */
    private static String invalid(String key, OptionStyle style) {
        return "invalid value for '" + key + "' (program.md, or " + style.name(key) + ")";
    }
}
