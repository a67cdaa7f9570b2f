package dev.autoresearch.host;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.ExperimentRunner;
import dev.autoresearch.core.MetricExtractor;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.SlurmOptions;
import dev.autoresearch.core.tune.ParameterTuner;
import dev.autoresearch.llm.LlmStrategy;
import dev.autoresearch.llm.ModelFactory;
import dev.autoresearch.llm.ModelSpec;
import dev.autoresearch.runners.MetricExtractors;
import dev.autoresearch.runners.ProcessRunner;
import dev.autoresearch.runners.Sandbox;
import dev.autoresearch.runners.SlurmRunner;
import dev.langchain4j.model.chat.ChatModel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The components of a real session: the subprocess runner with the default metric extractors, and
 * the library's strategies (the parameter tuner, the language-model strategy).
 */
public final class DefaultComponents implements LoopComponents {
    private final Map<String, String> environment;
    private final OptionStyle style;

    /**
     * @param environment where API keys and {@code AUTORESEARCH_*} variables are read
     * @param style       how error messages name the host's options
     */
    public DefaultComponents(Map<String, String> environment, OptionStyle style) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        this.style = Objects.requireNonNull(style, "style");
    }

    /** Components whose messages name the command's flags. */
    public DefaultComponents(Map<String, String> environment) {
        this(environment, OptionStyle.FLAGS);
    }

    @Override
    public ExperimentRunner runner(List<String> devices, Optional<Sandbox> sandbox) {
        ProcessRunner.Builder runner;
        try {
            runner = ProcessRunner.builder().devices(devices);
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid value for option '" + style.name("devices") + "': " + e.getMessage());
        }
        try {
            return runner.sandbox(sandbox).build();
        } catch (AutoresearchException e) {
            // bwrap is missing: one line, before the session opens
            throw new UsageException(e.getMessage());
        }
    }

    @Override
    public ExperimentRunner slurmRunner(SlurmOptions options) {
        return SlurmRunner.builder().options(options).build();
    }

    @Override
    public MetricExtractor metrics() {
        return MetricExtractors.defaults();
    }

    @Override
    public Strategy strategy(StrategySettings settings, ProgramSpec spec, Path workingDirectory) {
        if (settings.kind() == Kind.LLM) {
            return Strategy.of(llm(settings));
        }
        return Strategy.of(tuner(settings, spec, workingDirectory));
    }

    private ParameterTuner tuner(StrategySettings settings, ProgramSpec spec, Path workingDirectory) {
        String hint = spec.source()
                .map(p -> "fix the 'tune' list in " + p.getFileName() + " or the " + style.name("tune") + " "
                        + style.plural())
                .orElse("fix the " + style.name("tune") + " " + style.plural());
        ParameterTuner tuner;
        try {
            tuner = ParameterTuner.create(spec.tune(), settings.seed());
        } catch (UsageException e) {
            throw e;
        } catch (AutoresearchException e) {
            throw new UsageException(e.getMessage(), hint);
        }
        // Every tuned constant must be assigned once, to a number: a usage error before the session
        // opens. A new session's experiments start from the last commit, so that is what is read; a
        // repository without one is told to commit when the session opens.
        Path root = Sessions.repositoryRoot(workingDirectory);
        Optional<CommittedFiles> head = CommittedFiles.head(root);
        if (head.isEmpty()) {
            return tuner;
        }
        Set<String> uncommittedChanges = new TreeSet<>();
        try {
            tuner.validate(file -> {
                Optional<String> committed = head.get().read(file);
                Optional<String> checkout = readIfPresent(root.resolve(file));
                if (committed.isEmpty() && checkout.isPresent()) {
                    throw new UsageException(file + " is not committed; the experiments start from the last commit "
                            + "(HEAD), which does not have it", "commit it first: git add " + file + " && git commit");
                }
                if (!committed.equals(checkout)) {
                    uncommittedChanges.add(file);
                }
                return committed;
            });
        } catch (UsageException e) {
            throw e;
        } catch (AutoresearchException e) {
            if (uncommittedChanges.isEmpty()) {
                throw new UsageException(e.getMessage(), hint);
            }
            throw new UsageException(e.getMessage() + "\n  (as committed: the experiments start from the last commit, "
                    + "and " + String.join(", ", uncommittedChanges) + " has uncommitted changes)",
                    "commit your changes first, or " + hint);
        }
        return tuner;
    }

    private static Optional<String> readIfPresent(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private LlmStrategy llm(StrategySettings settings) {
        ModelFactory.Builder factory = ModelFactory.builder().environment(environment);
        if (settings.maxReplyTokens().isPresent()) {
            try {
                factory.maxOutputTokens(settings.maxReplyTokens().get());
            } catch (IllegalArgumentException e) {
                throw new UsageException("invalid value for option '" + style.name("max-reply-tokens") + "': " + e.getMessage());
            }
        }
        ModelFactory models = factory.build();
        ChatModel model;
        try {
            // A model name that does not parse, an unknown provider or a missing API key: the
            // user's configuration, caught before the baseline is spent.
            ModelSpec spec = models.resolve(settings.model(), settings.baseUrl());
            model = models.create(spec);
        } catch (AutoresearchException e) {
            throw new UsageException(e.getMessage(), style.help() + " (" + style.name("model") + ", " + style.name("base-url") + ")");
        }
        LlmStrategy.Builder strategy = LlmStrategy.builder().model(model);
        if (settings.fileBudget().isPresent()) {
            long bytes = settings.fileBudget().get();
            try {
                // the files together keep the default ratio to one file, so one flag moves both
                strategy.totalBudgetBytes(Math.multiplyExact(bytes, LlmStrategy.DEFAULT_TOTAL_BUDGET_BYTES
                        / LlmStrategy.DEFAULT_FILE_BUDGET_BYTES)).fileBudgetBytes(bytes);
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new UsageException("invalid value for option '" + style.name("file-budget") + "': " + e.getMessage());
            }
        }
        return strategy.build();
    }
}
