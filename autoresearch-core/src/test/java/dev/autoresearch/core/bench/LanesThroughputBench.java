package dev.autoresearch.core.bench;

import dev.autoresearch.core.Change;
import dev.autoresearch.core.CodeMutator;
import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.HypothesisGenerator;
import dev.autoresearch.core.MutationResult;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchContext;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.StopCriteria;
import dev.autoresearch.core.TokenUsage;
import dev.autoresearch.core.TunedParameter;
import dev.autoresearch.core.testing.InProcessRunner;
import dev.autoresearch.core.testing.SimpleMetrics;
import dev.autoresearch.core.testing.TestRepo;
import dev.autoresearch.core.tune.ParameterTuner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prints how busy the lanes are kept: runs that sleep stand in for GPU work (so 2 cores can host
 * many lanes) and a strategy that sleeps stands in for a model's latency. For one lane it compares
 * a loop that asks the strategy only between runs (sequential) with one that proposes while the run
 * goes on (pipelined); then experiments per hour with 1, 2, 4 and 8 lanes; then how far two sessions
 * with the same seed and 4 lanes differ in their decisions. A benchmark, not a test: figures only.
 *
 * <pre>
 * mvn -B -q -pl autoresearch-core test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp autoresearch-core/target/test-classes:autoresearch-core/target/classes:$(cat autoresearch-core/target/cp.txt) \
 *     dev.autoresearch.core.bench.LanesThroughputBench [RUN_SECONDS] [MODEL_SECONDS] [EXPERIMENTS_PER_LANE]
 * </pre>
 */
public final class LanesThroughputBench {
    private LanesThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        double run = args.length > 0 ? Double.parseDouble(args[0]) : 2.0;
        double model = args.length > 1 ? Double.parseDouble(args[1]) : 0.4;
        int perLane = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        System.out.printf(Locale.ROOT, "runs of %.1f s, a model that answers in %.1f s, %d experiments per lane%n",
                run, model, perLane);
        System.out.printf(Locale.ROOT, "%-22s %6s %12s %10s %10s %12s%n", "loop", "lanes", "experiments", "wall s",
                "duty", "per hour");
        Result sequential = measure(1, run, model, perLane, false);
        sequential.print("sequential (before)");
        Result one = measure(1, run, model, perLane, true);
        one.print("pipelined");
        for (int lanes : new int[] {2, 4, 8}) {
            Result r = measure(lanes, run, model, perLane, true);
            r.print("pipelined");
            System.out.printf(Locale.ROOT, "%-22s %6d %45s%n", "", lanes,
                    String.format(Locale.ROOT, "%.2fx the experiments per hour of 1 lane", r.perHour() / one.perHour()));
        }
        reproducibility(4, run / 4, 24);
    }

    record Result(int lanes, int experiments, Duration wall, Duration running) {
        double duty() {
            return running.toNanos() / (double) (lanes * wall.toNanos());
        }

        double perHour() {
            return experiments * 3600.0 / (wall.toNanos() / 1e9);
        }

        void print(String name) {
            System.out.printf(Locale.ROOT, "%-22s %6d %12d %10.1f %10.3f %12.0f%n", name, lanes, experiments,
                    wall.toNanos() / 1e9, duty(), perHour());
        }
    }

    /** A strategy that thinks for {@code latency} and then changes a.txt to a value of its own. */
    static final class SlowModel implements HypothesisGenerator, CodeMutator {
        private final long latencyMillis;
        private final boolean ahead;

        SlowModel(double latency, boolean ahead) {
            this.latencyMillis = (long) (latency * 1000);
            this.ahead = ahead;
        }

        @Override
        public Hypothesis propose(ResearchContext context) {
            try {
                Thread.sleep(latencyMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            return new Hypothesis("a " + (1000 + context.experiment()), "", "", TokenUsage.ZERO);
        }

        @Override
        public MutationResult mutate(Hypothesis hypothesis, ResearchContext context) {
            return new MutationResult.Applied(Change.of("a.txt", hypothesis.title().substring(2) + "\n"));
        }

        @Override
        public boolean proposesAhead() {
            return ahead;
        }
    }

    static Result measure(int lanes, double run, double model, int perLane, boolean ahead) throws Exception {
        Path dir = Files.createTempDirectory("lanes-bench");
        TestRepo repo = TestRepo.init(dir.resolve("project"));
        repo.write("a.txt", "1\n").commitAll("initial");
        AtomicLong runningNanos = new AtomicLong();
        long sleep = (long) (run * 1000);
        InProcessRunner runner = new InProcessRunner(request -> {
            long start = System.nanoTime();
            if (request.experiment() > 0) {
                Thread.sleep(sleep);
                runningNanos.addAndGet(System.nanoTime() - start);
            }
            // Every experiment is worse than the baseline: the figures are about throughput, not replays.
            return InProcessRunner.Outcome.ok("score: " + Files.readString(request.workingDirectory().resolve("a.txt")).strip() + "\n");
        });
        int n = lanes * perLane;
        ProgramSpec spec = ProgramSpec.builder().metric("score").direction(Direction.MINIMIZE).run("train")
                .editable("a.txt").stop(StopCriteria.DEFAULT.withMaxExperiments(n)).build();
        SlowModel strategy = new SlowModel(model, ahead);
        long[] firstStart = {0};
        ResearchReport report = ResearchLoop.builder().repository(repo.root()).tag("bench").program(spec)
                .strategy(strategy).runner(runner).metrics(SimpleMetrics.summaryLines()).workers(lanes)
                .listener(e -> {
                    if (e instanceof dev.autoresearch.core.ResearchEvent.ExperimentFinished f && f.record().isBaseline()) {
                        firstStart[0] = System.nanoTime();
                    }
                }).build().run();
        Duration wall = Duration.ofNanos(System.nanoTime() - firstStart[0]);
        return new Result(lanes, report.state().experimentsRun(), wall, Duration.ofNanos(runningNanos.get()));
    }

    /**
     * Two sessions with the same seed, the tuner and {@code lanes} lanes, on a metric that is a
     * function of two constants and runs that take a jittered time: how many decisions differ.
     */
    static void reproducibility(int lanes, double run, int experiments) throws Exception {
        List<List<String>> decisions = new ArrayList<>();
        for (int attempt = 0; attempt < 2; attempt++) {
            Path dir = Files.createTempDirectory("lanes-repro");
            TestRepo repo = TestRepo.init(dir.resolve("project"));
            repo.write("params.txt", "X = 10\nY = 10\n").commitAll("initial");
            Random jitter = new Random();
            InProcessRunner runner = new InProcessRunner(request -> {
                Thread.sleep((long) (run * 1000 * (0.5 + jitter.nextDouble())));
                String text = Files.readString(request.workingDirectory().resolve("params.txt"));
                double x = Double.parseDouble(text.replaceAll("(?s).*X = ([-0-9.e]+).*", "$1"));
                double y = Double.parseDouble(text.replaceAll("(?s).*Y = ([-0-9.e]+).*", "$1"));
                return InProcessRunner.Outcome.ok("score: " + ((x - 3) * (x - 3) + (y - 7) * (y - 7)) + "\n");
            });
            List<TunedParameter> tune = List.of(
                    new TunedParameter("params.txt", "X", 0, 20, TunedParameter.Scale.LINEAR),
                    new TunedParameter("params.txt", "Y", 0, 20, TunedParameter.Scale.LINEAR));
            ProgramSpec spec = ProgramSpec.builder().metric("score").direction(Direction.MINIMIZE).run("train")
                    .tune(tune).stop(StopCriteria.DEFAULT.withMaxExperiments(experiments)).build();
            ResearchReport report = ResearchLoop.builder().repository(repo.root()).tag("repro").program(spec)
                    .strategy(ParameterTuner.create(tune, 42)).runner(runner).metrics(SimpleMetrics.summaryLines())
                    .workers(lanes).build().run();
            List<String> d = new ArrayList<>();
            for (ExperimentRecord r : report.state().byNumber()) {
                d.add(r.hypothesis().title() + " " + r.status().keyword());
            }
            decisions.add(d);
        }
        int differ = 0;
        for (int i = 0; i < Math.min(decisions.get(0).size(), decisions.get(1).size()); i++) {
            if (!decisions.get(0).get(i).equals(decisions.get(1).get(i))) {
                differ++;
            }
        }
        System.out.printf(Locale.ROOT, "same seed, tuner, %d lanes, runs jittered: %d of %d experiments differ between "
                + "two sessions (1 lane: none)%n", lanes, differ, decisions.get(0).size());
    }
}
