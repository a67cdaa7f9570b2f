package dev.autoresearch.cli;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.ExperimentRunner;
import dev.autoresearch.core.MetricExtractor;
import dev.autoresearch.core.ProgramSpec;

import java.nio.file.Path;
import java.util.List;

/**
 * The components of a real session: the subprocess runner with the default metric extractors, and
 * the library's strategies (the parameter tuner, the language-model strategy).
 */
public final class DefaultComponents implements LoopComponents {

    @Override
    public ExperimentRunner runner(List<String> devices) {
        throw notYet("the subprocess runner");
    }

    @Override
    public MetricExtractor metrics() {
        throw notYet("the metric extractors");
    }

    @Override
    public Strategy strategy(StrategySettings settings, ProgramSpec spec, Path workingDirectory) {
        throw notYet("the " + settings.kind().keyword() + " strategy");
    }

    // Until the runners, tune and llm modules land in this build.
    private static AutoresearchException notYet(String what) {
        return new AutoresearchException(what + " is not part of this build yet");
    }
}
