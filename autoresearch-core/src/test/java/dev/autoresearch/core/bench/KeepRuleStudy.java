package dev.autoresearch.core.bench;

import dev.autoresearch.core.keep.KeepSettings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A study with a known truth for the keep rules, through the real loop: the metric is a smooth
 * function of four tuned constants, two of which do nothing, plus Gaussian noise. For each seed,
 * one session with {@code keep: greedy} and one with {@code keep: significant} (every other keep
 * setting at its default) run the tune strategy for up to {@code EXPERIMENTS} experiments on one
 * lane, in a real git repository (see {@link StudySession}). From each session's records it prints
 * the keeps, the false keeps (a keep whose true value, computed from the parameter file at its
 * commit, is not better than that of its parent's commit), the true gain of the final best over the
 * baseline, and the runs the runner was asked for (baseline repeats and champion re-runs included).
 * A session may end before {@code EXPERIMENTS} when the tuner has tried every neighbour of the best
 * configuration. A benchmark, not a test: figures only. {@code STUDY_VERBOSE=1} prints every keep.
 *
 * <pre>
 * mvn -B -q -pl autoresearch-core test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp autoresearch-core/target/test-classes:autoresearch-core/target/classes:$(cat autoresearch-core/target/cp.txt) \
 *     dev.autoresearch.core.bench.KeepRuleStudy [EXPERIMENTS=200] [SEEDS=5] [NOISE_SD=0.005] [CONFIDENCE]
 * </pre>
 *
 * <p>{@code CONFIDENCE}, when given, is written as program.md's {@code confidence} for the
 * significant sessions; without it they run at the loop's default. Each session's repository is
 * deleted when it ends.
 */
public final class KeepRuleStudy {
    private static final double FALSE_KEEP_TARGET = 0.05;
    private static final double RUNS_RATIO_TARGET = 2.0;

    private KeepRuleStudy() {
    }

    public static void main(String[] args) throws Exception {
        int experiments = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        double sd = args.length > 2 ? Double.parseDouble(args[2]) : 0.005;
        OptionalDouble confidence = args.length > 3 ? OptionalDouble.of(Double.parseDouble(args[3])) : OptionalDouble.empty();
        boolean verbose = System.getenv("STUDY_VERBOSE") != null;
        long start = System.nanoTime();
        double startTruth = StudySession.SMOOTH.of(List.of(0.5, 0.5, 0.5, 0.5));
        System.out.printf(Locale.ROOT, "real loop, tune strategy, 1 lane, max-experiments %d, seeds 1..%d, noise sd %.3g, "
                        + "true baseline %.4f, true optimum 1 (%.2f%% gain), significant at confidence %s%n", experiments,
                seeds, sd, startTruth, 100 * (startTruth - 1) / startTruth,
                confidence.isPresent() ? confidence.getAsDouble() : KeepSettings.DEFAULT.confidence() + " (default)");
        System.out.printf(Locale.ROOT, "%-12s %5s %6s %6s %13s %10s %7s %9s  %s%n", "rule", "seed", "exps", "keeps",
                "false keeps", "true gain", "runs", "runs/exp", "stopped by");
        Map<KeepSettings.Rule, List<StudySession.Figures>> byRule = new LinkedHashMap<>();
        for (KeepSettings.Rule rule : List.of(KeepSettings.Rule.GREEDY, KeepSettings.Rule.SIGNIFICANT)) {
            List<StudySession.Figures> all = new ArrayList<>();
            StudySession.Setup setup = new StudySession.Setup(StudySession.SMOOTH, rule, "", experiments, sd,
                    confidence, verbose);
            for (long seed = 1; seed <= seeds; seed++) {
                StudySession.Figures f = StudySession.run(setup, seed);
                System.out.printf(Locale.ROOT, "%-12s %5d %6d %6d %6d (%3.0f%%) %9.2f%% %7d %9.2f  %s%n", f.rule(),
                        f.seed(), f.experiments(), f.keeps(), f.falseKeeps(), percent(f.falseKeeps(), f.keeps()),
                        f.trueGainPercent(), f.runs(), f.runs() / (double) Math.max(1, f.experiments()), f.stopReason());
                all.add(f);
            }
            byRule.put(rule, all);
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%-12s %6s %6s %13s %10s %10s %7s %9s%n", "rule", "exps", "keeps", "false keeps",
                "mean gain", "med. gain", "runs", "runs/exp");
        for (Map.Entry<KeepSettings.Rule, List<StudySession.Figures>> e : byRule.entrySet()) {
            Totals t = Totals.of(e.getValue());
            System.out.printf(Locale.ROOT, "%-12s %6d %6d %6d (%3.0f%%) %9.2f%% %9.2f%% %7d %9.2f%n",
                    e.getKey().keyword(), t.experiments, t.keeps, t.falseKeeps, percent(t.falseKeeps, t.keeps),
                    t.meanGain, t.medianGain, t.runs, t.runs / (double) Math.max(1, t.experiments));
        }
        Totals greedy = Totals.of(byRule.get(KeepSettings.Rule.GREEDY));
        Totals significant = Totals.of(byRule.get(KeepSettings.Rule.SIGNIFICANT));
        double[] seedRatios = new double[seeds];
        for (int i = 0; i < seeds; i++) {
            seedRatios[i] = byRule.get(KeepSettings.Rule.SIGNIFICANT).get(i).runs()
                    / (double) byRule.get(KeepSettings.Rule.GREEDY).get(i).runs();
        }
        double runsRatio = significant.runs / (double) greedy.runs;
        System.out.printf(Locale.ROOT, "significant/greedy: runs %.2fx (median over seeds %.2fx), runs per experiment %.2fx, "
                        + "keeps %.2fx%n", runsRatio, median(seedRatios),
                (significant.runs / (double) significant.experiments) / (greedy.runs / (double) greedy.experiments),
                significant.keeps / (double) Math.max(1, greedy.keeps));
        double falseShare = significant.falseKeeps / (double) Math.max(1, significant.keeps);
        System.out.printf(Locale.ROOT, "target: false keeps <= 5%% of keeps under significant: %.1f%%, %s%n",
                100 * falseShare, falseShare <= FALSE_KEEP_TARGET ? "met" : "missed");
        System.out.printf(Locale.ROOT, "target: true gain at least greedy's: mean %.2f%% vs %.2f%%, %s; median %.2f%% vs "
                        + "%.2f%%, %s%n", significant.meanGain, greedy.meanGain,
                significant.meanGain >= greedy.meanGain ? "met" : "missed", significant.medianGain, greedy.medianGain,
                significant.medianGain >= greedy.medianGain ? "met" : "missed");
        System.out.printf(Locale.ROOT, "target: at most %.0fx greedy's runs: %.2fx, %s%n", RUNS_RATIO_TARGET, runsRatio,
                runsRatio <= RUNS_RATIO_TARGET ? "met" : "missed");
        System.out.printf(Locale.ROOT, "wall time %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    /** One rule's figures over every seed: sums, and the mean and median of the true gain. */
    private record Totals(int experiments, int keeps, int falseKeeps, int runs, double meanGain, double medianGain) {
        static Totals of(List<StudySession.Figures> sessions) {
            double[] gains = sessions.stream().mapToDouble(StudySession.Figures::trueGainPercent).toArray();
            return new Totals(sessions.stream().mapToInt(StudySession.Figures::experiments).sum(),
                    sessions.stream().mapToInt(StudySession.Figures::keeps).sum(),
                    sessions.stream().mapToInt(StudySession.Figures::falseKeeps).sum(),
                    sessions.stream().mapToInt(StudySession.Figures::runs).sum(),
                    Arrays.stream(gains).average().orElse(0), median(gains));
        }
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static double percent(int part, int whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }
}
