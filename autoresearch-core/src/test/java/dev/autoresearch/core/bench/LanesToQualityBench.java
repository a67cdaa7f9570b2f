package dev.autoresearch.core.bench;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchEvent;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.testing.InProcessRunner;
import dev.autoresearch.core.testing.SimpleMetrics;
import dev.autoresearch.core.testing.TestRepo;
import dev.autoresearch.core.tune.ParameterTuner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prints how much sooner several lanes reach the quality one lane reaches, on a study whose four
 * tuned constants sit on consecutive lines of one file (so that changes found side by side meet in
 * git as conflicts), with runs that sleep (a stand-in for GPU work, so 2 cores host 8 lanes). For 1,
 * 4 and 8 lanes, same seed, in one run: the time each takes to reach the final best of the 1-lane
 * session at its budget, experiments that beat their parent and were discarded for a conflict, runs
 * per experiment (replays included), and each session's final best. A benchmark, not a test.
 *
 * <pre>
 * mvn -B -q -pl autoresearch-core test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp autoresearch-core/target/test-classes:autoresearch-core/target/classes:$(cat autoresearch-core/target/cp.txt) \
 *     dev.autoresearch.core.bench.LanesToQualityBench [RUN_SECONDS] [BUDGET] [SEED]
 * </pre>
 *
 * <p>{@code -Drecords=true} also prints each session's records in the order they were recorded, with
 * when each ended: where a session spent its rounds.
 */
public final class LanesToQualityBench {
    private static final String TRAIN = "LR = 0.002\nWEIGHT_DECAY = 0.5\nWARMUP = 10\nDEPTH = 4\n";
    private static final String PROGRAM = """
            ---
            metric: loss
            direction: minimize
            run: ./train
            stop:
              max-experiments: %d
            tune:
              - {file: train.py, name: LR, range: [0.0001, 0.1], scale: log}
              - {file: train.py, name: WEIGHT_DECAY, range: [0, 1], scale: linear}
              - {file: train.py, name: WARMUP, range: [0, 100], scale: int}
              - {file: train.py, name: DEPTH, range: [1, 16], scale: int}
            ---
            Lower the loss by tuning train.py.
            """;

    private LanesToQualityBench() {
    }

    /** The loss, to minimize: a smooth bowl with its optimum at LR 0.01, WEIGHT_DECAY 0.1, WARMUP 40, DEPTH 9. */
    static double loss(List<Double> v) {
        double lr = Math.log10(v.get(0) / 0.01);
        double wd = (v.get(1) - 0.1) * 2;
        double warmup = (v.get(2) - 40) / 40;
        double depth = (v.get(3) - 9) / 6;
        return 1 + lr * lr + wd * wd + warmup * warmup + depth * depth;
    }

    record Session(int lanes, int budget, ResearchState state, long wallMillis, int runs, List<long[]> bestOverTime) {
        /** Milliseconds from the start until the running best first reached {@code target}; -1 if never. */
        long timeTo(double target) {
            for (long[] point : bestOverTime) {
                if (Double.longBitsToDouble(point[1]) <= target + 1e-12) {
                    return point[0];
                }
            }
            return -1;
        }

        double finalBest() {
            return state.best().orElseThrow().metric().orElseThrow();
        }

        long lostToConflicts() {
            return state.history().stream().filter(r -> r.status() == Status.DISCARD && r.reason().contains("superseded"))
                    .count();
        }

        long madeAgain() {
            return state.history().stream().filter(r -> r.reason().contains("made again on #")).count();
        }
    }

    public static void main(String[] args) throws Exception {
        double run = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
        int budget = args.length > 1 ? Integer.parseInt(args[1]) : 24;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 0;
        System.out.printf(Locale.ROOT, "runs of %.1f s, the tuner, seed %d; 1 lane: %d experiments; "
                + "4 and 8 lanes: up to %d%n", run, seed, budget, budget * 3);
        Session one = session(1, budget, run, seed);
        double target = one.finalBest();
        System.out.printf(Locale.ROOT, "%6s %12s %8s %12s %10s %12s %12s %10s%n", "lanes", "experiments", "wall s",
                "to 1-lane s", "sooner", "superseded", "made again", "runs/exp");
        print(one, target, one.timeTo(target));
        for (int lanes : new int[] {4, 8}) {
            print(session(lanes, budget * 3, run, seed), target, one.timeTo(target));
        }
        System.out.printf(Locale.ROOT, "target: the 1-lane session's final best, %.6f (the optimum is 1)%n", target);
    }

    private static void print(Session s, double target, long oneLane) {
        long t = s.timeTo(target);
        System.out.printf(Locale.ROOT, "%6d %12d %8.1f %12s %10s %12d %12d %10.2f   final best %.6f%n", s.lanes(),
                s.state().experimentsRun(), s.wallMillis() / 1000.0, t < 0 ? "never" : String.format(Locale.ROOT, "%.1f",
                        t / 1000.0), t <= 0 ? "-" : String.format(Locale.ROOT, "%.2fx", oneLane / (double) t),
                s.lostToConflicts(), s.madeAgain(), s.runs() / (double) Math.max(1, s.state().experimentsRun()),
                s.finalBest());
    }

    /** Each record in the order recorded: lanes, ms from the baseline's start to its end, number, commit, parent, verdict, title, reason. */
    private static void printRecords(int lanes, ResearchState state) {
        java.time.Instant began = state.history().get(0).startedAt();
        for (ExperimentRecord r : state.history()) {
            System.out.printf(Locale.ROOT, "%d lanes %6d ms #%d %.7s <- %.7s %s %.6f %s | %s%n", lanes,
                    java.time.Duration.between(began, r.startedAt().plus(r.duration())).toMillis(), r.experiment(),
                    r.commit(), r.parent(), r.status().keyword(), r.metric().orElse(Double.NaN), r.hypothesis().title(),
                    r.reason());
        }
    }

    private static Session session(int lanes, int budget, double runSeconds, long seed) throws Exception {
        Path dir = Files.createTempDirectory("lanes-to-quality");
        TestRepo repo = TestRepo.init(dir.resolve("project"));
        repo.write("train.py", TRAIN).write("program.md", String.format(Locale.ROOT, PROGRAM, budget)).commitAll("initial");
        ProgramSpec spec = ProgramSpec.parse(repo.root().resolve("program.md")).build();
        ParameterTuner tuner = ParameterTuner.create(spec.tune(), seed);
        InProcessRunner runner = new InProcessRunner(request -> {
            if (request.experiment() > 0) {
                Thread.sleep((long) (runSeconds * 1000));
            }
            return InProcessRunner.Outcome.ok("loss: " + loss(tuner.validate(request.workingDirectory())) + "\n");
        });
        AtomicLong start = new AtomicLong();
        List<long[]> best = new java.util.concurrent.CopyOnWriteArrayList<>();
        long began = System.nanoTime();
        ResearchReport report = ResearchLoop.builder().repository(repo.root()).tag("q").program(spec).strategy(tuner)
                .runner(runner).metrics(SimpleMetrics.summaryLines()).workers(lanes).listener(e -> {
                    if (e instanceof ResearchEvent.ExperimentFinished f) {
                        if (f.record().isBaseline()) {
                            start.set(System.nanoTime());
                        }
                        ExperimentRecord b = f.state().best().orElseThrow();
                        best.add(new long[] {(System.nanoTime() - start.get()) / 1_000_000,
                                Double.doubleToLongBits(b.metric().orElseThrow())});
                    }
                }).build().run();
        if (Boolean.getBoolean("records")) {
            printRecords(lanes, report.state());
        }
        return new Session(lanes, budget, report.state(), (System.nanoTime() - began) / 1_000_000,
                runner.requests().size(), best);
    }
}
