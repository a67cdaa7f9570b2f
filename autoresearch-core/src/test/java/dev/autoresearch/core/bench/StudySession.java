package dev.autoresearch.core.bench;

import dev.autoresearch.core.Direction;
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
 * One session of a study with a known truth through the real loop: a git repository in a temporary
 * directory holding {@code params.py} and a program.md whose {@code tune} section declares its
 * constants ({@link KnownTruth}), the tune strategy, one lane, the keep rule and search policy the
 * {@link Setup} names, and an in-process runner that reads the constants from the run's worktree and
 * prints {@code score: <truth + noise>}. The studies of keep rules and of search policies share it.
 *
 * <p>The noise of the k-th run of a session is the k-th Gaussian draw of a {@link Random} seeded
 * from the seed alone, whatever the rule or policy and whatever is being run (baseline, candidate or
 * champion re-run): two sessions with the same seed meet the same noise stream in the same order,
 * and diverge only in which code each draw lands on.
 */
final class StudySession {
    static final String FILE = "params.py";
    private static final String PROGRAM = """
            ---
            metric: score
            direction: %s
            run: ./study
            keep: %s
            %s%sstop:
              max-experiments: %d
            tune:
            %s---
            Tune the constants in params.py for the best score.
            """;

    /**
     * KeepRuleStudy's smooth study, to minimize: a bowl in A and B (optimum 1 at A = 0.8, B = 0.3),
     * flat in C and D, from A = B = C = D = 0.5.
     */
    static final KnownTruth SMOOTH = new KnownTruth("A = 0.5\nB = 0.5\nC = 0.5   # does nothing\nD = 0.5   # does nothing\n",
            KnownTruth.entry("A", "0", "1", "linear") + KnownTruth.entry("B", "0", "1", "linear")
                    + KnownTruth.entry("C", "0", "1", "linear") + KnownTruth.entry("D", "0", "1", "linear"),
            Direction.MINIMIZE, v -> 1 + 3 * Math.pow(v.get(0) - 0.8, 2) + 2 * Math.pow(v.get(1) - 0.3, 2));

    /**
     * What a session is asked to do, whatever its seed.
     *
     * @param truth       what is tuned, and its truth
     * @param rule        {@code greedy} or {@code significant}, as program.md's {@code keep} reads it
     * @param search      program.md's lines that choose the search policy and its settings, each
     *                    ending in a newline; empty for the default
     * @param experiments program.md's {@code max-experiments}
     * @param noiseSd     the standard deviation of the Gaussian noise added to every run
     * @param confidence  program.md's {@code confidence} for the significant rule; empty: its default
     * @param verbose     print each keep with its true effect
     */
    record Setup(KnownTruth truth, KeepSettings.Rule rule, String search, int experiments, double noiseSd,
                 OptionalDouble confidence, boolean verbose) {
    }

    /** What one session did, read back from its records and its runner. */
    record Figures(String rule, long seed, int experiments, int keeps, int falseKeeps, double baselineTruth,
                   double finalTruth, int runs, String stopReason, String lastKeepEvidence, Direction direction) {
        /** The true gain of the final best over the baseline, in percent. */
        double trueGainPercent() {
            return 100 * direction.gain(finalTruth, baselineTruth) / baselineTruth;
        }
    }

    private StudySession() {
    }

    /** Runs one session to its end; {@code seed} seeds both the tuner and the noise. */
    static Figures run(Setup setup, long seed) throws IOException {
        Path dir = Files.createTempDirectory("known-truth-study");
        try {
            return run(dir, setup, seed);
        } finally {
            deleteTree(dir);
        }
    }

    private static Figures run(Path dir, Setup setup, long seed) {
        TestRepo repo = TestRepo.init(dir.resolve("project"));
        KeepSettings.Rule rule = setup.rule();
        KnownTruth truth = setup.truth();
        String confidenceKey = setup.confidence().isPresent() && rule == KeepSettings.Rule.SIGNIFICANT
                ? String.format(Locale.ROOT, "confidence: %s%n", setup.confidence().getAsDouble()) : "";
        repo.write(FILE, truth.start()).write("program.md", String.format(Locale.ROOT, PROGRAM,
                truth.direction().keyword(), rule.keyword(), confidenceKey, setup.search(), setup.experiments(),
                truth.tune())).commitAll("initial");
        ProgramSpec spec = ProgramSpec.parse(repo.root().resolve("program.md")).build();
        ParameterTuner tuner = ParameterTuner.create(spec.tune(), seed);
        Random noise = new Random(seed);
        InProcessRunner runner = new InProcessRunner(request -> {
            double value = truth.of(tuner.validate(request.workingDirectory())) + setup.noiseSd() * draw(noise);
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
            double mine = truthAt(repo, tuner, truth, r.commit(), truthAt);
            double before = truthAt(repo, tuner, truth, parent.commit(), truthAt);
            keeps++;
            boolean falseKeep = !truth.direction().isBetter(mine, before);
            if (falseKeep) {
                falseKeeps++;
            }
            lastEvidence = r.reason();
            if (setup.verbose()) {
                System.out.printf(Locale.ROOT, "  %-11s seed %d #%-3d keep %-22s true %+.5f  %s%n", rule.keyword(),
                        seed, r.experiment(), r.hypothesis().title(), mine - before, r.reason());
                if (falseKeep) {
                    System.out.printf(Locale.ROOT, "      false keep: its runs %s, the champion's re-runs %s%n",
                            r.metrics().get("score"), r.metrics().getOrDefault("score@champion", List.of()));
                }
            }
        }
        double baseline = truthAt(repo, tuner, truth, state.baseline().orElseThrow().commit(), truthAt);
        double best = truthAt(repo, tuner, truth, state.best().orElseThrow().commit(), truthAt);
        return new Figures(rule.keyword(), seed, state.experimentsRun(), keeps, falseKeeps, baseline, best,
                runner.requests().size(), report.stopReason().kind().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                lastEvidence, truth.direction());
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
    private static double truthAt(TestRepo repo, ParameterTuner tuner, KnownTruth truth, String commit,
                                  Map<String, Double> cache) {
        return cache.computeIfAbsent(commit, c -> {
            String text = repo.git("show", c + ":" + FILE);
            return truth.of(tuner.validate(file -> file.equals(FILE) ? Optional.of(text + "\n") : Optional.empty()));
        });
    }
}
