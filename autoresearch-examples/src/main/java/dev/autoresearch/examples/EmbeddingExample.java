package dev.autoresearch.examples;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.MetricExtractor;
import dev.autoresearch.core.Metrics;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchEvent;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.tune.ParameterTuner;
import dev.autoresearch.runners.MetricExtractors;
import dev.autoresearch.runners.ProcessRunner;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a host application embeds the loop: read the contract, pick a strategy, add a metric of its
 * own, run, and use the typed report. This one tunes the demo's {@code Train.java} and also records
 * the last training loss the run printed, a number the summary block does not carry.
 *
 * <pre>
 * java -cp ... dev.autoresearch.examples.EmbeddingExample [REPOSITORY] [EXPERIMENTS]
 * </pre>
 */
public final class EmbeddingExample {
    private static final Pattern PROGRESS = Pattern.compile("train_loss: ([0-9.]+)");

    private EmbeddingExample() {
    }

    /** A metric of the host's own: the last {@code train_loss: 0.73} of the progress lines. */
    static final MetricExtractor FINAL_TRAIN_LOSS = run -> {
        String last = null;
        try (BufferedReader log = Files.newBufferedReader(run.log())) {
            for (String line = log.readLine(); line != null; line = log.readLine()) {
                Matcher m = PROGRESS.matcher(line);
                last = m.find() ? m.group(1) : last;
            }
        }
        return last == null ? Metrics.empty() : Metrics.of("final_train_loss", Double.parseDouble(last));
    };

    /**
     * Tunes the program in {@code repository} for {@code experiments} experiments, telling
     * {@code progress} a line per finished experiment.
     */
    public static ResearchReport run(Path repository, String tag, int experiments, Consumer<String> progress) {
        ProgramSpec spec = ProgramSpec.parse(repository.resolve("program.md")).build();
        spec = spec.toBuilder()
                .secondary(List.of("val_accuracy", "final_train_loss"))
                .stop(spec.stop().withMaxExperiments(experiments))
                .build();
        return ResearchLoop.builder()
                .repository(repository)
                .tag(tag)
                .program(spec)
                .strategy(ParameterTuner.create(spec.tune(), 42))
                .runner(new ProcessRunner())
                .metrics(MetricExtractors.defaults().and(FINAL_TRAIN_LOSS))
                .listener(event -> {
                    if (event instanceof ResearchEvent.ExperimentFinished) {
                        var r = ((ResearchEvent.ExperimentFinished) event).record();
                        progress.accept(String.format(Locale.ROOT, "#%d %-32s %s %s", r.experiment(),
                                r.hypothesis().title(), r.status().keyword(), r.metrics()));
                    }
                })
                .build()
                .run();
    }

    /** Runs the example on a repository (the current directory by default) and prints the outcome. */
    public static void main(String[] args) {
        Path repository = Path.of(args.length > 0 ? args[0] : ".");
        int experiments = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        ResearchReport report = run(repository, "embedding-example", experiments, System.out::println);
        System.out.println(outcome(report));
    }

    /**
     * The outcome in one line: why it stopped, baseline to best, and the best's experiment and
     * hypothesis (the last kept change, which the branch's head holds).
     */
    static String outcome(ResearchReport report) {
        ExperimentRecord best = report.state().best().orElseThrow();
        return String.format(Locale.ROOT, "%s: %.6f -> %.6f, best #%d %s, on branch %s", report.stopReason(),
                report.baselineMetric().getAsDouble(), report.bestMetric().getAsDouble(), best.experiment(),
                best.hypothesis().title(), report.branch());
    }
}
