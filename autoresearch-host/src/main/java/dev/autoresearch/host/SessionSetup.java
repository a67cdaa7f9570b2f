package dev.autoresearch.host;

import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.StoppingPolicies;
import dev.autoresearch.runners.Sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds a session's loop from a program and a host's options, with the checks every host makes
 * before the baseline is spent: the strategy the options and the environment ask for (the language
 * model when one is configured, else the tuner over program.md's {@code tune} list), its pre-checks,
 * the runner, the metric readers, the tag and the token and cost budgets. The host adds its listeners
 * and runs the loop.
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
        LoopComponents.Kind kind = strategySettings(spec, options, workingDirectory).kind();
        return configure(workingDirectory, spec, options, components,
                RunnerChoice.sandbox(spec, kind, Optional.ofNullable(System.getenv("HOME")), options.style()));
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
        LoopComponents.StrategySettings settings = strategySettings(spec, options, workingDirectory);
        LoopComponents.Strategy chosen = components.strategy(settings, spec, workingDirectory);
        ResearchLoop.Builder builder = ResearchLoop.builder()
                .repository(workingDirectory)
                .program(spec)
                .strategy(chosen.generator(), chosen.mutator())
                .runner(components.runner(List.of(), sandbox))
                .metrics(components.metrics())
                .rebase(options.rebase())
                .freshMemory(options.freshMemory());
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
     * The strategy the options and the environment ask for: the one named, else the language model
     * when a model is configured, else the tuner.
     *
     * @throws UsageException when the llm strategy has no model, or the tuner no parameters
     */
    public static LoopComponents.StrategySettings strategySettings(ProgramSpec spec, HostOptions options,
                                                                   Path workingDirectory) {
        OptionStyle style = options.style();
        LoopComponents.Kind kind = options.strategy().orElse(options.model().isPresent()
                ? LoopComponents.Kind.LLM : LoopComponents.Kind.TUNE);
        if (kind == LoopComponents.Kind.LLM && options.model().isEmpty()) {
            throw new UsageException("the llm strategy needs a model", "pass " + style.name("model")
                    + (style == OptionStyle.FLAGS ? " " : "=") + "PROVIDER:MODEL (such as openai:gpt-4o-mini) or set AUTORESEARCH_MODEL");
        }
        if (kind == LoopComponents.Kind.TUNE && spec.tune().isEmpty()) {
            Path dir = workingDirectory.toAbsolutePath().normalize();
            throw new UsageException("no parameters for the tune strategy in "
                    + spec.source().map(p -> display(dir, p)).orElse("the " + style.plural()) + " or the "
                    + style.name("tune") + " " + style.plural(),
                    "add a 'tune' list to program.md or pass " + style.name("tune")
                            + (style == OptionStyle.FLAGS ? " " : "=") + "FILE:NAME=LOW..HIGH; or use a model: "
                            + style.name("model") + (style == OptionStyle.FLAGS ? " " : "=") + "PROVIDER:MODEL");
        }
        return new LoopComponents.StrategySettings(kind, options.seed(), options.model(), options.baseUrl(),
                options.maxReplyTokens(), options.fileBudget());
    }

    /** A path relative to {@code dir} where it lies under it. */
    static String display(Path dir, Path path) {
        Path p = path.toAbsolutePath().normalize();
        return p.startsWith(dir) && !p.equals(dir) ? dir.relativize(p).toString() : p.toString();
    }
}
