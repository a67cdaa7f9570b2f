package dev.autoresearch.host;

import dev.autoresearch.core.CodeMutator;
import dev.autoresearch.core.ExperimentRunner;
import dev.autoresearch.core.HypothesisGenerator;
import dev.autoresearch.core.MetricExtractor;
import dev.autoresearch.core.ProgramSpec;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The parts of a loop that {@code autoresearch run} assembles but does not implement: the experiment
 * runner, the metric reader and the strategies. {@link DefaultComponents} makes the runner and the
 * strategy named with the {@link Providers} it finds; tests give in-process fakes.
 */
public interface LoopComponents {

    /** The runners and strategies that can be named; those on this library's class path unless overridden. */
    default Providers providers() {
        return Providers.installed();
    }

    /**
     * The runner {@code name} (one of {@link #providers()}' runners) for experiment and checks commands.
     *
     * @throws UsageException when the runner cannot work with the context's settings
     */
    ExperimentRunner runner(String name, RunnerContext context);

    /** Reads the metrics from a run's output. */
    MetricExtractor metrics();

    /**
     * The strategy {@code settings} name (one of {@link #providers()}' strategies), for {@code spec}.
     *
     * @throws UsageException when the program or the flags do not allow it (no {@code tune} parameters,
     *                        an unknown model name)
     */
    Strategy strategy(StrategySettings settings, ProgramSpec spec, Path workingDirectory);

    /** A generator and the mutator that implements its hypotheses. */
    record Strategy(HypothesisGenerator generator, CodeMutator mutator) {
        public Strategy {
            Objects.requireNonNull(generator, "generator");
            Objects.requireNonNull(mutator, "mutator");
        }

        /** A strategy that is both. */
        public static <S extends HypothesisGenerator & CodeMutator> Strategy of(S both) {
            return new Strategy(both, both);
        }
    }

    /**
     * @param name    which strategy: a {@link StrategyProvider}'s name, such as {@code tune} or {@code llm}
     * @param seed    for every random choice the strategy makes
     * @param model   the model as {@code provider:model}, for the {@code llm} strategy
     * @param baseUrl an OpenAI-compatible endpoint overriding the provider's
     * @param maxReplyTokens the most tokens one model reply may have, when given
     * @param fileBudget     the largest editable file shown to the model, in bytes, when given
     */
    record StrategySettings(String name, long seed, Optional<String> model, Optional<String> baseUrl,
                            Optional<Integer> maxReplyTokens, Optional<Long> fileBudget) {
        public StrategySettings {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(maxReplyTokens, "maxReplyTokens");
            Objects.requireNonNull(fileBudget, "fileBudget");
        }

        /** Settings with the default file budget. */
        public StrategySettings(String name, long seed, Optional<String> model, Optional<String> baseUrl,
                                Optional<Integer> maxReplyTokens) {
            this(name, seed, model, baseUrl, maxReplyTokens, Optional.empty());
        }
    }
}
