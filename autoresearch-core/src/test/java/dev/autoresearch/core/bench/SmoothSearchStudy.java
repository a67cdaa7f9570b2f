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
 * What searching beyond one hill costs where there is only one: {@link KeepRuleStudy}'s smooth study
 * (a bowl in two of four constants, plus Gaussian noise) run through the real loop under each search
 * policy on the same seeds and noise, {@code keep: significant} by default as a session at the
 * defaults has. It prints per seed and policy the true gain of the final best over the baseline, then
 * per policy the mean and median gain, the runs, and the difference in points from greedy's mean gain.
 * A benchmark, not a test: figures only.
 *
 * <pre>
 * java -cp ... dev.autoresearch.core.bench.SmoothSearchStudy [EXPERIMENTS=200] [SEEDS=20] [NOISE_SD=0.005] \
 *     [KEEP=significant] [POLICY...]
 * </pre>
 *
 * <p>{@code POLICY} as for {@link SearchStudy}; greedy is always run first.
 */
public final class SmoothSearchStudy {
    private static final double LOSS_TARGET_POINTS = 0.5;

    private SmoothSearchStudy() {
    }

    public static void main(String[] args) throws Exception {
        int experiments = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        double sd = args.length > 2 ? Double.parseDouble(args[2]) : 0.005;
        KeepSettings.Rule rule = args.length > 3 ? SearchStudy.rule(args[3]) : KeepSettings.Rule.SIGNIFICANT;
        List<SearchChoice> choices = SearchChoice.withGreedyFirst(
                args.length > 4 ? Arrays.asList(args).subList(4, args.length) : SearchStudy.POLICIES);
        boolean verbose = System.getenv("STUDY_VERBOSE") != null;
        long start = System.nanoTime();
        System.out.printf(Locale.ROOT, "real loop, tune strategy, 1 lane, smooth study, max-experiments %d, seeds 1..%d, "
                + "keep %s, noise sd %.3g%n", experiments, seeds, rule.keyword(), sd);
        System.out.printf(Locale.ROOT, "%-28s %4s %5s %5s %9s %5s  %s%n", "policy", "seed", "exps", "keeps", "true gain",
                "runs", "stopped by");
        Map<SearchChoice, List<StudySession.Figures>> byChoice = new LinkedHashMap<>();
        choices.forEach(c -> byChoice.put(c, new ArrayList<>()));
        for (long seed = 1; seed <= seeds; seed++) {
            for (SearchChoice choice : choices) {
                StudySession.Figures f = StudySession.run(new StudySession.Setup(StudySession.SMOOTH, rule,
                        choice.program(), experiments, sd, OptionalDouble.empty(), verbose), seed);
                byChoice.get(choice).add(f);
                System.out.printf(Locale.ROOT, "%-28s %4d %5d %5d %8.2f%% %5d  %s%n", choice.label(), seed,
                        f.experiments(), f.keeps(), f.trueGainPercent(), f.runs(), f.stopReason());
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%-28s %6s %10s %10s %7s %12s%n", "policy", "exps", "mean gain", "med. gain", "runs",
                "vs greedy");
        double greedyMean = mean(byChoice.get(SearchChoice.GREEDY));
        for (Map.Entry<SearchChoice, List<StudySession.Figures>> e : byChoice.entrySet()) {
            List<StudySession.Figures> all = e.getValue();
            System.out.printf(Locale.ROOT, "%-28s %6d %9.2f%% %9.2f%% %7d %+9.2f pts%n", e.getKey().label(),
                    all.stream().mapToInt(StudySession.Figures::experiments).sum(), mean(all), median(all),
                    all.stream().mapToInt(StudySession.Figures::runs).sum(), mean(all) - greedyMean);
        }
        for (SearchChoice c : choices.subList(1, choices.size())) {
            double loss = greedyMean - mean(byChoice.get(c));
            System.out.printf(Locale.ROOT, "target: %s loses at most %.1f points of gain against greedy: %+.2f points, %s%n",
                    c.label(), LOSS_TARGET_POINTS, -loss, loss <= LOSS_TARGET_POINTS ? "met" : "missed");
        }
        System.out.printf(Locale.ROOT, "wall time %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    private static double mean(List<StudySession.Figures> sessions) {
        return sessions.stream().mapToDouble(StudySession.Figures::trueGainPercent).average().orElse(0);
    }

    private static double median(List<StudySession.Figures> sessions) {
        return KeepRuleStudy.median(sessions.stream().mapToDouble(StudySession.Figures::trueGainPercent).toArray());
    }
}
