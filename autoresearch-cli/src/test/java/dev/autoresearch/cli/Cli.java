package dev.autoresearch.cli;

import dev.autoresearch.runners.Sandbox;
import dev.autoresearch.core.ExperimentRunner;
import dev.autoresearch.core.MetricExtractor;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.RunRequest;
import dev.autoresearch.core.testing.InProcessRunner.Outcome;
import dev.autoresearch.core.testing.InProcessRunner;
import dev.autoresearch.core.testing.ScriptedStrategy;
import dev.autoresearch.core.testing.SimpleMetrics;
import dev.autoresearch.host.LoopComponents;
import dev.autoresearch.host.RunnerContext;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the command in-process, as a user would from {@code directory}, with captured output, an
 * in-process runner that prints the number in {@code score.txt} as {@code score}, and a scripted
 * strategy in place of the real ones.
 */
final class Cli {
    /** What a command did. */
    record Result(int code, String out, String err) {
    }

    final Path directory;
    final Map<String, String> env = new HashMap<>();
    final List<LoopComponents.StrategySettings> strategiesAsked = new ArrayList<>();
    final List<List<String>> devicesAsked = new ArrayList<>();
    final List<Optional<Sandbox>> sandboxesAsked = new ArrayList<>();
    ScriptedStrategy strategy = ScriptedStrategy.writing("score.txt", "8\n", "9\n", "5\n");
    boolean terminal;
    InstantSource clock = InstantSource.system();
    ShutdownHooks hooks = ShutdownHooks.none();

    /** Added to score.txt's number by each run in turn, to make a noisy metric; none by default. */
    List<Double> noise = List.of();
    private final java.util.concurrent.atomic.AtomicInteger runsMade = new java.util.concurrent.atomic.AtomicInteger();

    /** Called at the start of every run, before the runner reads score.txt. */
    RunHook beforeRun = request -> { };

    /** Something a test does while a run is in hand. */
    @FunctionalInterface
    interface RunHook {
        void before(RunRequest request) throws Exception;
    }

    /** Prints score.txt's number (plus the next {@link #noise}) as 'score', or crashes when it says 'crash'. */
    final InProcessRunner runner = new InProcessRunner(request -> {
        beforeRun.before(request);
        String score = Files.readString(request.workingDirectory().resolve("score.txt")).strip();
        if (score.equals("crash")) {
            return Outcome.fail(2, "Traceback: boom\nValueError: crash\n");
        }
        if (score.startsWith("sleep")) {
            Thread.sleep(Long.parseLong(score.substring(5).strip()));
            return Outcome.ok("score: 7\n");
        }
        if (!noise.isEmpty()) {
            score = Double.toString(Double.parseDouble(score) + noise.get(runsMade.getAndIncrement() % noise.size()));
        }
        return Outcome.ok("training...\nscore: " + score + "\n");
    });

    Cli(Path directory) {
        this.directory = directory;
    }

    /** The output of the command running now, for a test that talks to a command that keeps running (serve). */
    volatile StringWriter liveOut = new StringWriter();

    Result run(String... args) {
        StringWriter out = new StringWriter();
        liveOut = out;
        StringWriter err = new StringWriter();
        LoopComponents components = new LoopComponents() {
            @Override
            public ExperimentRunner runner(String name, RunnerContext context) {
                if (!name.equals("local")) {
                    // another runner (slurm's refusals, a jar's runner) as the real components make it
                    return providers().runner(name, "runner").create(context);
                }
                Optional<Sandbox> sandbox = context.sandbox();
                devicesAsked.add(context.devices());
                sandboxesAsked.add(sandbox);
                if (sandbox.isEmpty()) {
                    return runner;
                }
                // Stands in for a runner built with the sandbox asked for, as the real components build one.
                return new ExperimentRunner() {
                    @Override
                    public dev.autoresearch.core.RunResult run(dev.autoresearch.core.RunRequest request) {
                        return runner.run(request);
                    }

                    @Override
                    public boolean confinesRuns() {
                        return true;
                    }
                };
            }

            @Override
            public MetricExtractor metrics() {
                return SimpleMetrics.summaryLines();
            }

            @Override
            public Strategy strategy(StrategySettings settings, ProgramSpec spec, Path workingDirectory) {
                strategiesAsked.add(settings);
                return Strategy.of(strategy);
            }
        };
        CliContext context = new CliContext(directory, new PrintWriter(out, true), new PrintWriter(err, true), env,
                terminal, components, clock, hooks);
        int code = AutoresearchCommand.execute(context, args);
        return new Result(code, out.toString(), err.toString());
    }
}
