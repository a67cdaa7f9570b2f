package dev.autoresearch.core.bench;

import dev.autoresearch.core.Command;
import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.MinImprovement;
import dev.autoresearch.core.MutationResult;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchContext;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.RunRequest;
import dev.autoresearch.core.RunResult;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.StrategyExhaustedException;
import dev.autoresearch.core.TokenUsage;
import dev.autoresearch.core.TunedParameter;
import dev.autoresearch.core.keep.Comparison;
import dev.autoresearch.core.keep.DecisionLoop;
import dev.autoresearch.core.keep.KeepRule;
import dev.autoresearch.core.keep.KeepRules;
import dev.autoresearch.core.keep.KeepSettings;
import dev.autoresearch.core.keep.NoiseFloor;
import dev.autoresearch.core.keep.Verdict;
import dev.autoresearch.core.testing.InProcessRunner;
import dev.autoresearch.core.testing.SimpleMetrics;
import dev.autoresearch.core.tune.ParameterTuner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;

/**
 * A study with a known truth for the keep rules: the metric is a smooth function of four tuned
 * constants, two of which do nothing, plus Gaussian noise. The tune strategy proposes 200
 * experiments, once decided by {@code greedy} and once by {@code significant}, with the same seeds;
 * it prints the keeps, the false keeps (a keep whose true value is not better than its parent's),
 * the true gain found and the runs used. A benchmark, not a test: figures only.
 *
 * <p>Until the loop asks the keep rule itself, this drives the rule with a small simulation of the
 * decision loop ({@link DecisionLoop}: a candidate run, then a champion re-run and a candidate run
 * as often as the rule asks); the runs go through an in-process {@link InProcessRunner} that reads
 * the constants from the file in the worktree and prints the metric, read back by a metric
 * extractor. The champion's re-runs are pooled with its runs every {@code remeasure-every}
 * comparisons. A session ends early when the tuner has tried every neighbour of the best
 * configuration ({@code exps} below 200): it never retries a discarded configuration, so under
 * noise a real gain missed once stays missed.
 *
 * <pre>
 * mvn -B -q -pl autoresearch-core test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp autoresearch-core/target/test-classes:autoresearch-core/target/classes:$(cat autoresearch-core/target/cp.txt) \
 *     dev.autoresearch.core.bench.KeepRuleStudy [EXPERIMENTS] [NOISE_SD] [SEEDS]
 * </pre>
 */
public final class KeepRuleStudy {
    private static final String FILE = "params.py";
    private static final List<TunedParameter> PARAMETERS = List.of(
            new TunedParameter(FILE, "A", 0, 1, TunedParameter.Scale.LINEAR),
            new TunedParameter(FILE, "B", 0, 1, TunedParameter.Scale.LINEAR),
            new TunedParameter(FILE, "C", 0, 1, TunedParameter.Scale.LINEAR),
            new TunedParameter(FILE, "D", 0, 1, TunedParameter.Scale.LINEAR));
    private static final String START = "A = 0.5\nB = 0.5\nC = 0.5   # does nothing\nD = 0.5   # does nothing\n";

    private KeepRuleStudy() {
    }

    /** The true metric, to minimize: a bowl in A and B, flat in C and D. */
    static double truth(List<Double> v) {
        return 1 + 3 * Math.pow(v.get(0) - 0.8, 2) + 2 * Math.pow(v.get(1) - 0.3, 2);
    }

    public static void main(String[] args) throws Exception {
        int experiments = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        double sd = args.length > 1 ? Double.parseDouble(args[1]) : 0.005;
        int seeds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        KeepSettings settings = KeepSettings.DEFAULT;
        System.out.printf(Locale.ROOT, "%d experiments a session, noise sd %.3g, true baseline %.4f, true optimum 1%n",
                experiments, sd, truth(List.of(0.5, 0.5, 0.5, 0.5)));
        System.out.printf(Locale.ROOT, "%-12s %5s %6s %6s %12s %10s %8s %9s  %s%n", "rule", "seed", "exps", "keeps",
                "false keeps", "true gain", "runs", "runs/exp", "last keep, as the rule saw it");
        for (String name : List.of("greedy", "significant")) {
            int keeps = 0;
            int falseKeeps = 0;
            int runs = 0;
            int comparisons = 0;
            double gain = 0;
            for (int seed = 1; seed <= seeds; seed++) {
                KeepRule rule = name.equals("greedy") ? KeepRules.greedy(Direction.MINIMIZE, MinImprovement.NONE)
                        : KeepRules.significant(settings.confidence(), Direction.MINIMIZE, MinImprovement.NONE,
                        settings.maxRepeats());
                int baselineRuns = name.equals("greedy") ? 1 : settings.baselineRepeats();
                Session s = new Session(rule, seed, sd, baselineRuns, settings.remeasureEvery());
                s.run(experiments);
                System.out.printf(Locale.ROOT, "%-12s %5d %6d %6d %6d (%3.0f%%) %9.2f%% %8d %9.2f  %s%n", name, seed,
                        s.comparisons, s.keeps, s.falseKeeps, percent(s.falseKeeps, s.keeps), s.trueGain() * 100, s.runs,
                        s.runs / (double) Math.max(1, s.comparisons), s.lastEvidence);
                keeps += s.keeps;
                falseKeeps += s.falseKeeps;
                runs += s.runs;
                comparisons += s.comparisons;
                gain += s.trueGain();
            }
            System.out.printf(Locale.ROOT, "%-12s %5s %6d %6d %6d (%3.0f%%) %9.2f%% %8d %9.2f  (all seeds; gain: mean)%n",
                    name, "all", comparisons, keeps, falseKeeps, percent(falseKeeps, keeps), gain / seeds * 100, runs,
                    runs / (double) Math.max(1, comparisons));
        }
    }

    private static double percent(int part, int whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }

    /** One session: the tuner proposes, the rule decides, the runner measures. */
    private static final class Session {
        final KeepRule rule;
        final ParameterTuner tuner;
        final Random noise;
        final double sd;
        final int remeasureEvery;
        final Path worktree;
        final InProcessRunner runner;
        ResearchState state;
        NoiseFloor floor;
        List<Double> championRuns;
        final List<Double> pendingReRuns = new ArrayList<>();
        double championTruth;
        final double baselineTruth;
        int comparisons;
        int keeps;
        int falseKeeps;
        int runs;
        String lastEvidence = "";

        Session(KeepRule rule, long seed, double sd, int baselineRuns, int remeasureEvery) throws Exception {
            this.rule = rule;
            this.tuner = ParameterTuner.create(PARAMETERS, seed);
            this.noise = new Random(seed * 7919);
            this.sd = sd;
            this.remeasureEvery = remeasureEvery;
            this.worktree = Files.createTempDirectory("keep-study");
            Files.writeString(worktree.resolve(FILE), START);
            this.runner = new InProcessRunner(request -> InProcessRunner.Outcome.ok("score: "
                    + (truth(tuner.validate(request.workingDirectory())) + sd * noise.nextGaussian()) + "\n"));
            List<Double> baseline = new ArrayList<>();
            for (int i = 0; i < baselineRuns; i++) {
                baseline.add(measure(worktree, 0));
            }
            floor = new NoiseFloor(baseline);
            championRuns = baseline;
            baselineTruth = truth(tuner.validate(worktree));
            championTruth = baselineTruth;
            state = ResearchState.empty().with(record(0, Hypothesis.baseline(), Status.KEEP, baseline));
        }

        double measure(Path dir, int experiment) throws Exception {
            runs++;
            RunResult result = runner.run(new RunRequest(Command.shell("study"), dir, Duration.ofMinutes(1),
                    dir.resolve("run-" + experiment + ".log"), Map.of(), experiment, RunRequest.Purpose.EXPERIMENT));
            return SimpleMetrics.summaryLines().extract(result).get("score").orElseThrow();
        }

        void run(int experiments) throws Exception {
            ProgramSpec spec = ProgramSpec.builder().metric("score").direction(Direction.MINIMIZE).run("study")
                    .tune(PARAMETERS).build();
            for (int n = 1; n <= experiments; n++) {
                ResearchContext context = new ResearchContext(spec, state, n, worktree, worktree.resolve(".s"));
                Hypothesis h;
                try {
                    h = tuner.propose(context);
                } catch (StrategyExhaustedException e) {
                    return;
                }
                MutationResult.Applied applied = (MutationResult.Applied) tuner.mutate(h, context);
                Path candidate = Files.createTempDirectory("keep-study-candidate");
                String changed = applied.change().files().get(FILE);
                Files.writeString(candidate.resolve(FILE), changed);
                int experiment = n;
                int before = runs;
                DecisionLoop.Outcome o = DecisionLoop.decide(rule, Comparison.against(championRuns, floor), 1,
                        () -> unchecked(candidate, experiment), () -> unchecked(worktree, experiment));
                runs = before + o.runs();
                comparisons++;
                pendingReRuns.addAll(o.comparison().interleavedChampionRuns());
                if (comparisons % remeasureEvery == 0) {
                    championRuns = concat(championRuns, pendingReRuns);
                    pendingReRuns.clear();
                }
                Verdict v = o.verdict();
                List<Double> candidateRuns = o.comparison().candidateRuns();
                if (v instanceof Verdict.Keep) {
                    double t = truth(tuner.validate(candidate));
                    keeps++;
                    falseKeeps += t >= championTruth ? 1 : 0;
                    if (System.getenv("STUDY_VERBOSE") != null) {
                        System.out.printf(Locale.ROOT, "  keep %-16s true %+.5f  %s%n", h.title(), t - championTruth,
                                v.evidence().summary());
                    }
                    championTruth = t;
                    championRuns = candidateRuns;
                    pendingReRuns.clear();
                    Files.writeString(worktree.resolve(FILE), changed);
                    lastEvidence = v.evidence().summary();
                }
                state = state.with(record(n, h, v instanceof Verdict.Keep ? Status.KEEP : Status.DISCARD, candidateRuns));
            }
        }

        double trueGain() {
            return (baselineTruth - championTruth) / baselineTruth;
        }

        private double unchecked(Path dir, int experiment) {
            try {
                return measure(dir, experiment);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static List<Double> concat(List<Double> a, List<Double> b) {
        List<Double> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static ExperimentRecord record(int n, Hypothesis h, Status status, List<Double> runs) {
        OptionalDouble median = OptionalDouble.of(runs.stream().mapToDouble(Double::doubleValue).sorted()
                .toArray()[runs.size() / 2]);
        return new ExperimentRecord(n, "c" + n, "p" + n, status, median, Map.of("score", runs), h,
                n == 0 ? "baseline" : ParameterTuner.NAME, Instant.EPOCH, Duration.ZERO, "runs/" + n + ".log", "",
                TokenUsage.ZERO);
    }
}
