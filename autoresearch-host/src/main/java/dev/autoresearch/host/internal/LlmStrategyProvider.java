package dev.autoresearch.host.internal;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.host.LoopComponents;
import dev.autoresearch.host.OptionStyle;
import dev.autoresearch.host.StrategyContext;
import dev.autoresearch.host.StrategyProvider;
import dev.autoresearch.host.UsageException;
import dev.autoresearch.llm.LlmStrategy;
import dev.autoresearch.llm.ModelFactory;
import dev.autoresearch.llm.ModelSpec;
import dev.langchain4j.model.chat.ChatModel;

/**
 * The built-in {@code llm} strategy: a language model proposing edits, through the model the options or
 * the environment name. A model writes code, so its runs are confined unless program.md says otherwise.
 */
public final class LlmStrategyProvider implements StrategyProvider {
    /** The strategy hosts use when a model is configured and none is named. */
    public static final String NAME = "llm";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void check(StrategyContext context) {
        OptionStyle style = context.style();
        if (context.settings().model().isEmpty()) {
            throw new UsageException("the llm strategy needs a model", "pass " + style.name("model")
                    + (style == OptionStyle.FLAGS ? " " : "=") + "PROVIDER:MODEL (such as openai:gpt-4o-mini) or set AUTORESEARCH_MODEL");
        }
    }

    @Override
    public LoopComponents.Strategy create(StrategyContext context) {
        LoopComponents.StrategySettings settings = context.settings();
        OptionStyle style = context.style();
        ModelFactory.Builder factory = ModelFactory.builder().environment(context.environment());
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
        return LoopComponents.Strategy.of(strategy.build());
    }
}
