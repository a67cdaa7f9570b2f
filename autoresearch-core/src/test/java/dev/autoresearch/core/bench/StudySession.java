package dev.autoresearch.core.bench;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.keep.KeepSettings;
import dev.autoresearch.core.testing.InProcessRunner;
import dev.autoresearch.core.testing.SimpleMetrics;
import dev.autoresearch.core.testing.TestRepo;
import dev.autoresearch.core.tune.ParameterTuner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.stream.Stream;

/**
 * One session of the keep-rule study through the real loop: a git repository in a temporary
 * directory holding {@code params.py} and a program.md whose {@code tune} section declares its four
 * constants, the tune strategy, one lane, and an in-process runner that reads the constants from
 * the run's worktree and prints {@code score: <truth + noise>}.
 *
 * <p>The noise of the k-th run of a session is the k-th Gaussian draw of a {@link Random} seeded
 * from the seed alone, whatever the rule and whatever is being run (baseline, candidate or
 * champion re-run): two sessions with the same seed meet the same noise stream in the same order,
 * and diverge only in which code each draw lands on.
 */
final class StudySession {
    static final String FILE = "params.py";
    private static final String START = "A = 0.5\nB = 0.5\nC = 0.5   # does nothing\nD = 0.5   # does nothing\n";
    private static final String PROGRAM = """
            ---
            metric: score
            direction: minimize
            run: ./study
            keep: %s
            %sstop:
              max-experiments: %d
            tune:
              - file: params.py
                name: A
                range: [0, 1]
                scale: linear
              - file: params.py
                name: B
                range: [0, 1]
                scale: linear
              - file: params.py
                name: C
                range: [0, 1]
                scale: linear
              - file: params.py
                name: D
                range: [0, 1]
                scale: linear
            ---
            Minimize the score by tuning the constants in params.py.
            """;

    /** What one session did, read back from its records and its runner. */
    record Figures(String rule, long seed, int experiments, int keeps, int falseKeeps, double baselineTruth,
                   double finalTruth, int runs, String stopReason, String lastKeepEvidence) {
        /** The true gain of the final best over the baseline, in percent. */
        double trueGainPercent() {
            return 100 * (baselineTruth - finalTruth) / baselineTruth;
        }
    }

    private StudySession() {
    }

    /** The true metric, to minimize: a bowl in A and B (optimum 1 at A = 0.8, B = 0.3), flat in C and D. */
    static double truth(List<Double> v) {
        return 1 + 3 * Math.pow(v.get(0) - 0.8, 2) + 2 * Math.pow(v.get(1) - 0.3, 2);
    }

    /** The true metric at the start, {@code A = B = 0.5}. */
    static double startTruth() {
        return truth(List.of(0.5, 0.5, 0.5, 0.5));
    }

    /**
     * Runs one session to its end.
     *
     * @param rule        {@code greedy} or {@code significant}, as program.md's {@code keep} reads it
     * @param seed        seeds both the tuner and the noise
     * @param experiments program.md's {@code max-experiments}
     * @param noiseSd     the standard deviation of the Gaussian noise added to every run
     * @param confidence  program.md's {@code confidence} for the significant rule; empty: its default
     * @param verbose     print each keep with its true effect
     */
    static Figures run(KeepSettings.Rule rule, long seed, int experiments, double noiseSd, OptionalDouble confidence,
                       boolean verbose)
            throws IOException {
        Path dir = Files.createTempDirectory("keep-rule-study");
        try {
            return run(dir, rule, seed, experiments, noiseSd, confidence, verbose);
        } finally {
            deleteTree(dir);
        }
    }

    private static Figures run(Path dir, KeepSettings.Rule rule, long seed, int experiments, double noiseSd,
                               OptionalDouble confidence, boolean verbose) {
        TestRepo repo = TestRepo.init(dir.resolve("project"));
        String confidenceKey = confidence.isPresent() && rule == KeepSettings.Rule.SIGNIFICANT
                ? String.format(Locale.ROOT, "confidence: %s%n", confidence.getAsDouble()) : "";
        repo.write(FILE, START).write("program.md", String.format(Locale.ROOT, PROGRAM, rule.keyword(), confidenceKey,
                experiments)).commitAll("initial");
        ProgramSpec spec = ProgramSpec.parse(repo.root().resolve("program.md")).build();
        ParameterTuner tuner = ParameterTuner.create(spec.tune(), seed);
        Random noise = new Random(seed);
        InProcessRunner runner = new InProcessRunner(request -> {
            double value = truth(tuner.validate(request.workingDirectory())) + noiseSd * draw(noise);
            return InProcessRunner.Outcome.ok("score: " + value + "\n");
        });
        ResearchReport report = ResearchLoop.builder().repository(repo.root()).tag("study").program(spec)
                .strategy(tuner).runner(runner).metrics(SimpleMetrics.summaryLines()).workers(1).build().run();

        ResearchState state = report.state();
        Map<String, Double> truthAt = new HashMap<>();
        int keeps = 0;
        int falseKeeps = 0;
        String lastEvidence = "";
        for (ExperimentRecord r : state.history()) {
            if (r.isBaseline() || r.status() != Status.KEEP) {
                continue;
            }
            ExperimentRecord parent = state.parentOf(r).orElseThrow();
            double mine = truthAt(repo, tuner, r.commit(), truthAt);
            double before = truthAt(repo, tuner, parent.commit(), truthAt);
            keeps++;
            if (mine >= before) {
                falseKeeps++;
            }
            lastEvidence = r.reason();
            if (verbose) {
                System.out.printf(Locale.ROOT, "  %-11s seed %d #%-3d keep %-22s true %+.5f  %s%n", rule.keyword(),
                        seed, r.experiment(), r.hypothesis().title(), mine - before, r.reason());
                if (mine >= before) {
                    System.out.printf(Locale.ROOT, "      false keep: its runs %s, the champion's re-runs %s%n",
                            r.metrics().get("score"), r.metrics().getOrDefault("score@champion", List.of()));
                }
            }
        }
        double baseline = truthAt(repo, tuner, state.baseline().orElseThrow().commit(), truthAt);
        double best = truthAt(repo, tuner, state.best().orElseThrow().commit(), truthAt);
        return new Figures(rule.keyword(), seed, state.experimentsRun(), keeps, falseKeeps, baseline, best,
                runner.requests().size(), report.stopReason().kind().name().toLowerCase(Locale.ROOT).replace('_', '-'), lastEvidence);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static synchronized double draw(Random noise) {
        return noise.nextGaussian();
    }

    /** The true metric of the parameter file as committed, read with {@code git show}. */
    private static double truthAt(TestRepo repo, ParameterTuner tuner, String commit, Map<String, Double> cache) {
        return cache.computeIfAbsent(commit, c -> {
            String text = repo.git("show", c + ":" + FILE);
            return truth(tuner.validate(file -> file.equals(FILE) ? Optional.of(text + "\n") : Optional.empty()));
        });
    }
}
