package dev.autoresearch.host;

import dev.autoresearch.core.CodeMutator;
import dev.autoresearch.core.ExperimentRunner;
import dev.autoresearch.core.HypothesisGenerator;
import dev.autoresearch.core.MetricExtractor;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.SlurmOptions;
import dev.autoresearch.runners.Sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The parts of a loop that {@code autoresearch run} assembles but does not implement: the experiment
 * runner, the metric reader and the strategies. {@link DefaultComponents} gives the subprocess runner
 * and the library's strategies; tests give in-process fakes.
 */
public interface LoopComponents {

    /**
     * The runner for experiment and checks commands; {@code devices} are the accelerators to spread
     * runs over, and {@code sandbox}, when present, confines the runs.
     */
    ExperimentRunner runner(List<String> devices, Optional<Sandbox> sandbox);

    /**
     * The runner that submits experiment and checks commands as Slurm jobs with {@code options}.
     *
     * @throws UsageException when this host cannot run on Slurm
     */
    default ExperimentRunner slurmRunner(SlurmOptions options) {
        throw new UsageException("--runner slurm is not available with these components");
    }

    /** Reads the metrics from a run's output. */
    MetricExtractor metrics();

    /**
     * The strategy {@code settings} name, for {@code spec}.
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

    /** Which strategy, and what it needs. */
    enum Kind {
        /** The default tuner over program.md's {@code tune} parameters. */
        TUNE,
        /** A language model proposing edits. */
        LLM;

        public String keyword() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * @param kind    which strategy
     * @param seed    for every random choice the strategy makes
     * @param model   the model as {@code provider:model}, for {@link Kind#LLM}
     * @param baseUrl an OpenAI-compatible endpoint overriding the provider's
     * @param maxReplyTokens the most tokens one model reply may have, when given
     * @param fileBudget     the largest editable file shown to the model, in bytes, when given
     */
    record StrategySettings(Kind kind, long seed, Optional<String> model, Optional<String> baseUrl,
                            Optional<Integer> maxReplyTokens, Optional<Long> fileBudget) {
        public StrategySettings {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(maxReplyTokens, "maxReplyTokens");
            Objects.requireNonNull(fileBudget, "fileBudget");
        }

        /** Settings with the default file budget. */
        public StrategySettings(Kind kind, long seed, Optional<String> model, Optional<String> baseUrl,
                                Optional<Integer> maxReplyTokens) {
            this(kind, seed, model, baseUrl, maxReplyTokens, Optional.empty());
        }
    }
}
