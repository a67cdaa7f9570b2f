package dev.autoresearch.core.bench;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.keep.KeepSettings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;

/**
 * A study of the search policies on a landscape with many local optima and a known global optimum,
 * through the real loop (see {@link StudySession}): for each seed an {@link NkLandscape} of
 * {@code N} constants of {@code Q} values each depending on {@code K} others ({@code LANDSCAPE}
 * {@code N:K:Q}, by default ten constants of {@code scale: int}, {@code range: [0, 3]}, K = 3) in
 * {@code params.py}, from a start drawn from the seed, and one session of the tune strategy per
 * search policy, each with the same budget of {@code max-experiments}, on one lane. The metric is
 * the landscape's value (to maximize) plus Gaussian noise, none by default; {@code keep: greedy}
 * by default, so that with no noise every keep is a true improvement and the policies differ in
 * where they search, not in what they believe. It prints per seed and policy the true value of the
 * champion's {@code params.py}, the global optimum (by enumeration), experiments and runs; then per
 * policy the mean true value and the share of the gap between greedy's value and the optimum it
 * closed, as the mean over seeds of {@code (final - greedy) / (optimum - greedy)} (seeds where greedy
 * found the optimum left out) and as the ratio of the means. A benchmark, not a test: figures only.
 *
 * <pre>
 * mvn -B -q -pl autoresearch-core test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp autoresearch-core/target/test-classes:autoresearch-core/target/classes:$(cat autoresearch-core/target/cp.txt) \
 *     dev.autoresearch.core.bench.SearchStudy [EXPERIMENTS=100] [SEEDS=20] [LANDSCAPE=10:3:4] [NOISE_SD=0] [KEEP=greedy] [POLICY...]
 * </pre>
 *
 * <p>{@code SEEDS} is a count from 1, or a range such as {@code 11..20}, so that a study can be split
 * between processes and its rows put together. A {@code POLICY} is {@code greedy}, {@code tree}, {@code islands}, or one with program.md
 * settings: {@code tree,exploration=0.5}, {@code islands,islands=4,migrate-every=10}; greedy is
 * always run first, as the others are measured against it. {@code STUDY_VERBOSE=1} prints every keep.
 */
public final class SearchStudy {
    /** The policies compared when none is named. */
    static final List<String> POLICIES = List.of("greedy", "tree", "islands");
    private static final double GAP_TARGET = 0.5;

    private SearchStudy() {
    }

    public static void main(String[] args) throws Exception {
        int experiments = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        long[] seeds = seeds(args.length > 1 ? args[1] : "20");
        int[] shape = shape(args.length > 2 ? args[2] : "10:3:4");
        int n = shape[0];
        int k = shape[1];
        int q = shape[2];
        double sd = args.length > 3 ? Double.parseDouble(args[3]) : 0;
        KeepSettings.Rule rule = args.length > 4 ? rule(args[4]) : KeepSettings.Rule.GREEDY;
        List<SearchChoice> choices = SearchChoice.withGreedyFirst(
                args.length > 5 ? Arrays.asList(args).subList(5, args.length) : POLICIES);
        boolean verbose = System.getenv("STUDY_VERBOSE") != null;
        long start = System.nanoTime();
        System.out.printf(Locale.ROOT, "real loop, tune strategy, 1 lane, NK landscape n=%d k=%d, %d values a constant, "
                        + "max-experiments %d, seeds %d..%d, keep %s, noise sd %.3g%n", n, k, q, experiments, seeds[0], seeds[1],
                rule.keyword(), sd);
        System.out.printf(Locale.ROOT, "%-28s %4s %8s %8s %8s %6s %5s %5s %5s  %s%n", "policy", "seed", "start", "final",
                "optimum", "closed", "exps", "runs", "keeps", "stopped by");
        Map<SearchChoice, List<Outcome>> byChoice = new LinkedHashMap<>();
        choices.forEach(c -> byChoice.put(c, new ArrayList<>()));
        for (long seed = seeds[0]; seed <= seeds[1]; seed++) {
            NkLandscape landscape = NkLandscape.random(n, k, q, seed);
            double optimum = landscape.globalOptimum().value();
            KnownTruth truth = truth(landscape, new Random(-seed));
            double greedy = Double.NaN;
            for (SearchChoice choice : choices) {
                StudySession.Figures f = StudySession.run(new StudySession.Setup(truth, rule, choice.program(),
                        experiments, sd, OptionalDouble.empty(), verbose), seed);
                greedy = choice == choices.get(0) ? f.finalTruth() : greedy;
                Outcome o = new Outcome(f, optimum, greedy);
                byChoice.get(choice).add(o);
                System.out.printf(Locale.ROOT, "%-28s %4d %8.4f %8.4f %8.4f %6s %5d %5d %5d  %s%n", choice.label(), seed,
                        f.baselineTruth(), f.finalTruth(), optimum, o.closed().isPresent()
                                ? String.format(Locale.ROOT, "%5.0f%%", 100 * o.closed().getAsDouble()) : "-",
                        f.experiments(), f.runs(), f.keeps(), f.stopReason());
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%-28s %8s %8s %8s %13s %13s %6s %6s%n", "policy", "final", "optimum", "at opt.",
                "closed (mean)", "closed (means)", "exps", "runs");
        for (Map.Entry<SearchChoice, List<Outcome>> e : byChoice.entrySet()) {
            Summary s = Summary.of(e.getValue());
            System.out.printf(Locale.ROOT, "%-28s %8.4f %8.4f %5d/%-2d %12.0f%% %13.0f%% %6d %6d%n", e.getKey().label(),
                    s.meanFinal, s.meanOptimum, s.atOptimum, e.getValue().size(), 100 * s.meanClosed,
                    100 * s.closedOfMeans, s.experiments, s.runs);
        }
        for (SearchChoice c : choices.subList(1, choices.size())) {
            Summary s = Summary.of(byChoice.get(c));
            System.out.printf(Locale.ROOT, "target: %s closes at least half of greedy's gap to the optimum: %.0f%% "
                            + "(mean over seeds), %.0f%% (of the means), %s%n", c.label(), 100 * s.meanClosed,
                    100 * s.closedOfMeans, s.meanClosed >= GAP_TARGET && s.closedOfMeans >= GAP_TARGET ? "met" : "missed");
        }
        System.out.printf(Locale.ROOT, "wall time %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    /** {@code landscape} as {@code params.py}: constants {@code X0..X9} of scale int over 0..3, from a start drawn from {@code random}. */
    static KnownTruth truth(NkLandscape landscape, Random random) {
        StringBuilder start = new StringBuilder();
        StringBuilder tune = new StringBuilder();
        for (int i = 0; i < landscape.n(); i++) {
            start.append("X").append(i).append(" = ").append(random.nextInt(landscape.q())).append('\n');
            tune.append(KnownTruth.entry("X" + i, "0", Integer.toString(landscape.q() - 1), "int"));
        }
        return new KnownTruth(start.toString(), tune.toString(), Direction.MAXIMIZE,
                v -> landscape.value(v.stream().map(Double::intValue).toList()));
    }

    /** Reads {@code SEEDS}: {@code 20} for seeds 1 to 20, or {@code 11..20} for a part of them. */
    private static long[] seeds(String text) {
        String[] parts = text.split("\\.\\.");
        return parts.length == 1 ? new long[] {1, Long.parseLong(parts[0])}
                : new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
    }

    /** Reads {@code N:K:Q}. */
    private static int[] shape(String text) {
        String[] parts = text.split(":");
        if (parts.length != 3) {
            throw new IllegalArgumentException("LANDSCAPE is '" + text + "'; write N:K:Q, e.g. 10:3:4 for ten constants "
                    + "of four values each depending on three others");
        }
        return Arrays.stream(parts).mapToInt(Integer::parseInt).toArray();
    }

    static KeepSettings.Rule rule(String keyword) {
        return Arrays.stream(KeepSettings.Rule.values()).filter(r -> r.keyword().equals(keyword)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("KEEP is '" + keyword + "'; write greedy or significant"));
    }

    /** One session's figures beside the seed's optimum and greedy's final value on the same seed. */
    private record Outcome(StudySession.Figures figures, double optimum, double greedy) {
        /** The share of greedy's gap to the optimum this session closed; empty when greedy found the optimum. */
        OptionalDouble closed() {
            return optimum > greedy ? OptionalDouble.of((figures.finalTruth() - greedy) / (optimum - greedy))
                    : OptionalDouble.empty();
        }
    }

    /** One policy's outcomes over every seed. */
    private record Summary(double meanFinal, double meanOptimum, int atOptimum, double meanClosed, double closedOfMeans,
                           int experiments, int runs) {
        static Summary of(List<Outcome> outcomes) {
            double meanFinal = outcomes.stream().mapToDouble(o -> o.figures().finalTruth()).average().orElse(0);
            double meanOptimum = outcomes.stream().mapToDouble(Outcome::optimum).average().orElse(0);
            double meanGreedy = outcomes.stream().mapToDouble(Outcome::greedy).average().orElse(0);
            return new Summary(meanFinal, meanOptimum,
                    (int) outcomes.stream().filter(o -> o.figures().finalTruth() >= o.optimum()).count(),
                    outcomes.stream().map(Outcome::closed).filter(OptionalDouble::isPresent)
                            .mapToDouble(OptionalDouble::getAsDouble).average().orElse(0),
                    meanOptimum > meanGreedy ? (meanFinal - meanGreedy) / (meanOptimum - meanGreedy) : 0,
                    outcomes.stream().mapToInt(o -> o.figures().experiments()).sum(),
                    outcomes.stream().mapToInt(o -> o.figures().runs()).sum());
        }
    }
}
