package dev.autoresearch.core.program;

import dev.autoresearch.core.ComputedColumn;
import dev.autoresearch.core.DeviceList;
import dev.autoresearch.core.Direction;
import dev.autoresearch.core.Durations;
import dev.autoresearch.core.Glob;
import dev.autoresearch.core.LaneSettings;
import dev.autoresearch.core.MinImprovement;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.SlurmOptions;
import dev.autoresearch.core.StopCriteria;
import dev.autoresearch.core.keep.Holdout;
import dev.autoresearch.core.keep.KeepSettings;
import dev.autoresearch.core.program.ProgramKey.Type;
import dev.autoresearch.core.search.SearchSettings;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import static dev.autoresearch.core.program.KeyValues.bool;
import static dev.autoresearch.core.program.KeyValues.number;
import static dev.autoresearch.core.program.KeyValues.one;
import static dev.autoresearch.core.program.KeyValues.whole;
import static dev.autoresearch.core.program.ProgramKey.key;

/**
 * Every program.md key, declared once, in the order the documentation lists them. A new key is
 * declared here (with the code that uses it); the parser, the command's flags and the plugin's
 * parameters follow, and tests fail until the plugin has its parameter and the README its row.
 */
public final class ProgramKeys {
    private static final int MANY = Integer.MAX_VALUE;
    private static final String DURATION = "a duration such as 90s, 10m, 2h or 1h30m";

    public static final ProgramKey METRIC = key("metric", Type.METRIC).label("NAME")
            .expected("a metric name such as val_bpb").doc("The primary metric, as the run prints it.")
            .sets((b, v) -> b.metric(one(v)));
    public static final ProgramKey DIRECTION = key("direction", Type.TEXT).label("minimize|maximize")
            .expected("'minimize' or 'maximize'").form(Direction::parse).doc("Which way the metric is better.")
            .sets((b, v) -> b.direction(Direction.parse(one(v))));
    public static final ProgramKey RUN = key("run", Type.TEXT).label("COMMAND")
            .expected("a command line such as 'uv run train.py'")
            .doc("The experiment command, run through sh -c in the worktree.")
            .sets((b, v) -> b.run(one(v)));
    public static final ProgramKey TIMEOUT = duration("timeout").defaultValue("10m")
            .doc("Limit for one run, such as 90s, 10m or 1h30m.")
            .sets((b, v) -> b.timeout(Durations.parse(one(v))));
    public static final ProgramKey EDITABLE = patterns("editable")
            .doc("Files a change may edit; repeat the flag or separate with commas.")
            .sets((b, v) -> b.editable(v));
    public static final ProgramKey READONLY = patterns("readonly")
            .doc("Files no change and no run may alter (the evaluation harness).")
            .sets((b, v) -> b.readonly(v));
    public static final ProgramKey KEEP_PATHS = patterns("keep-paths")
            .doc("Untracked paths kept from run to run (a virtual environment, caches); everything else a run "
                    + "leaves is removed before the next. Replaces the default list (.venv, node_modules, target, build, ...).")
            .sets((b, v) -> b.keepPaths(v));
    public static final ProgramKey CHECKS = key("checks", Type.TEXT).label("COMMAND")
            .expected("a command line such as './gradlew test'")
            .doc("A command that must pass for a keep, such as the tests.")
            .sets((b, v) -> b.checks(one(v)));
    /** Not a key of program.md: the option that ignores its {@code checks}; any value but {@code false} sets it. */
    public static final ProgramKey NO_CHECKS = key("checks", Type.SWITCH).option("no-checks")
            .doc("Ignore program.md's checks command.")
            .sets((b, v) -> {
                if (!one(v).equalsIgnoreCase("false")) {
                    b.noChecks();
                }
            });
    public static final ProgramKey CHECKS_TIMEOUT = duration("checks-timeout").defaultValue("the run's timeout")
            .doc("Limit for one run of the checks.")
            .sets((b, v) -> b.checksTimeout(Durations.parse(one(v))));
    public static final ProgramKey SECONDARY = key("secondary", Type.METRICS).label("NAME")
            .expected("a metric name such as memory_gb").doc("Further metrics to record.")
            .sets((b, v) -> b.secondary(v));
    public static final ProgramKey COLUMNS = key("columns", Type.ENTRIES).option("column").label("NAME=EXPRESSION")
            .expected("an expression such as \"peak_vram_mb / 1024\"")
            .doc("A results.tsv column computed from a metric, such as memory_gb=peak_vram_mb/1024 "
                    + "(a metric, optionally * or / a number); repeatable.")
            .sets((b, v) -> v.forEach(c -> {
                Map.Entry<String, String> column = KeyValues.variable(c);
                b.column(ComputedColumn.parse(column.getKey(), column.getValue()));
            }));
    public static final ProgramKey CONSTRAINTS = key("constraints", Type.ITEMS).option("constraint").label("NAME<=VALUE")
            .expected("a comparison such as \"<= 80000\" or \">= 0.9\"").form(KeyValues::constraint)
            .doc("A bound a kept experiment must respect, such as memory_gb<=80; repeatable.")
            .sets((b, v) -> v.forEach(c -> b.constraint(KeyValues.constraint(c))));
    public static final ProgramKey REPEATS = wholeKey("repeats", 1, 1000, "a whole number from 1 to 1000").defaultValue("1")
            .doc("Runs per experiment; medians are compared.")
            .sets((b, v) -> b.repeats(whole(v)));
    public static final ProgramKey MIN_IMPROVEMENT = key("min-improvement", Type.TEXT).label("AMOUNT")
            .expected("an amount >= 0 such as 0.001 or a percentage such as 0.5%").form(MinImprovement::parse)
            .doc("Gain a keep needs over the best: an amount (0.001) or a percentage (0.5%).")
            .sets((b, v) -> b.minImprovement(MinImprovement.parse(one(v))));
    public static final ProgramKey MAX_EXPERIMENTS = wholeKey("stop.max-experiments", 0, MANY, "a whole number >= 0")
            .doc("Stop after N experiments (after the baseline).")
            .sets(stop(v -> s -> s.withMaxExperiments(whole(v))));
    public static final ProgramKey MAX_DURATION = duration("stop.max-duration")
            .doc("Stop after this much session time, such as 2h.")
            .sets(stop(v -> s -> s.withMaxDuration(Durations.parse(one(v)))));
    public static final ProgramKey TARGET = key("stop.target", Type.NUMBER).label("VALUE")
            .expected("a number, the metric value to reach").doc("Stop once the best metric reaches VALUE.")
            .sets(stop(v -> s -> s.withTarget(number(v))));
    public static final ProgramKey PATIENCE = wholeKey("stop.patience", 1, MANY,
            "a whole number >= 1 (experiments in a row without a keep)")
            .doc("Stop after N experiments in a row without a keep.")
            .sets(stop(v -> s -> s.withPatience(whole(v))));
    public static final ProgramKey CRASH_STREAK = wholeKey("stop.crash-streak", 1, MANY,
            "a whole number >= 1 (failed experiments in a row)").defaultValue("10")
            .doc("Stop after N crashed, timed-out or invalid experiments in a row.")
            .sets(stop(v -> s -> s.withCrashStreak(whole(v))));
    public static final ProgramKey ENV = key("env", Type.ENTRIES).label("NAME=VALUE")
            .expected("a value such as \"0\" or \"fast\"").doc("A variable for every run; repeatable.")
            .sets((b, v) -> v.forEach(e -> {
                Map.Entry<String, String> variable = KeyValues.variable(e);
                b.environment(variable.getKey(), variable.getValue());
            }));
    public static final ProgramKey TUNE = key("tune", Type.ITEMS).label("FILE:NAME=LOW..HIGH[:SCALE]")
            .expected("a list of parameters").form(KeyValues::tunedParameter)
            .doc("A numeric constant for the tune strategy, such as train.py:LEARNING_RATE=0.0001..0.01:log "
                    + "(scale linear, log or int); repeatable, replaces program.md's tune list.")
            .sets((b, v) -> b.tune(v.stream().map(KeyValues::tunedParameter).toList()));
    public static final ProgramKey WORKERS = wholeKey("workers", 1, 256, "a whole number of lanes from 1 to 256")
            .defaultValue("one per device group, else 1")
            .doc("Experiments run at once, each in a worktree of its own.")
            .sets(lanes(v -> l -> new LaneSettings(OptionalInt.of(whole(v)), l.devices(), l.devicesPerExperiment())));
    public static final ProgramKey DEVICES = key("devices", Type.DEVICES).label("IDS")
            .expected("device ids such as 0-7 or 0,1").form(DeviceList::parse)
            .doc("Accelerators to share out among the lanes, such as 0-7 or 0,1,2,3; each lane's runs see "
                    + "only their own (CUDA_VISIBLE_DEVICES, HIP_VISIBLE_DEVICES).")
            .sets(lanes(v -> l -> new LaneSettings(l.workers(), DeviceList.parse(String.join(",", v)),
                    l.devicesPerExperiment())));
    public static final ProgramKey DEVICES_PER_EXPERIMENT = wholeKey("devices-per-experiment", 1, 64,
            "a whole number of devices from 1 to 64").defaultValue("1")
            .doc("Devices each lane gets: devices 0-7 with 2 per experiment gives four lanes.")
            .sets(lanes(v -> l -> new LaneSettings(l.workers(), l.devices(), whole(v))));
    public static final ProgramKey SESSION_DIR = key("session-dir", Type.TEXT).label("DIR")
            .expected("a directory such as /shared/sessions/nov28").defaultValue(".autoresearch/TAG")
            .doc("Where the session's files and worktrees go, relative to the repository root unless absolute, "
                    + "such as a shared file system that a cluster's nodes see.")
            .sets((b, v) -> b.sessionDirectory(one(v)));
    public static final ProgramKey SANDBOX = key("sandbox", Type.BOOLEAN).label("true|false")
            .expected("true or false").defaultValue("on with the llm strategy, off otherwise")
            .doc("Run experiments under bubblewrap, writing only their worktree, a private /tmp and the "
                    + "sandbox-writable paths.")
            .sets((b, v) -> b.sandbox(bool(v)));
    public static final ProgramKey SANDBOX_WRITABLE = key("sandbox-writable", Type.PATHS).label("PATH")
            .expected("an absolute path or one starting with ~/, such as ~/.cache")
            .doc("A path sandboxed runs may write too, such as ~/.cache; repeatable, replaces program.md's list.")
            .sets((b, v) -> b.sandboxWritable(v));
    public static final ProgramKey KEEP = key("keep", Type.TEXT).label("greedy|significant")
            .expected("'greedy' or 'significant'").form(KeepSettings.Rule::parse).defaultValue("significant")
            .doc("How keeps are decided: significant keeps a change only when it is better at the confidence; "
                    + "greedy compares medians once, for deterministic metrics.")
            .sets(keep(v -> k -> k.withRule(KeepSettings.Rule.parse(one(v)))));
    public static final ProgramKey CONFIDENCE = key("confidence", Type.NUMBER).label("LEVEL")
            .range(0.5, 0.999, "0.95").expected("a number from 0.5 to 0.999, such as 0.95").defaultValue("0.95")
            .doc("The confidence a significant keep needs, 0.5 to 0.999.")
            .sets(keep(v -> k -> k.withConfidence(number(v))));
    public static final ProgramKey BASELINE_REPEATS = wholeKey("baseline-repeats", 1, 1000, "a whole number from 1 to 1000")
            .defaultValue("3").doc("Runs of the baseline, which measure the noise.")
            .sets(keep(v -> k -> k.withBaselineRepeats(whole(v))));
    public static final ProgramKey MAX_REPEATS = wholeKey("max-repeats", 1, 1000, "a whole number from 1 to 1000")
            .defaultValue("5").doc("The most runs a candidate gets under the significant rule.")
            .sets(keep(v -> k -> k.withMaxRepeats(whole(v))));
    public static final ProgramKey REMEASURE_EVERY = wholeKey("remeasure-every", 1, MANY,
            "a whole number >= 1 (comparisons of a champion)").defaultValue("10")
            .doc("Pool the champion's re-runs and check it still reproduces after N comparisons.")
            .sets(keep(v -> k -> k.withRemeasureEvery(whole(v))));
    public static final ProgramKey HOLDOUT_RUN = key("holdout.run", Type.TEXT).label("COMMAND")
            .expected("a command line such as './eval-test.sh'")
            .doc("A hidden check for new champions, run from your checkout, such as a test-set evaluation.")
            .sets(keep(v -> k -> k.withHoldout(k.holdout()
                    .map(h -> h.withRun(dev.autoresearch.core.Command.shell(one(v))))
                    .orElseGet(() -> Holdout.of(one(v), "holdout")))));
    public static final ProgramKey HOLDOUT_METRIC = key("holdout.metric", Type.METRIC).label("NAME")
            .expected("a metric name such as test_acc").doc("The metric the holdout command prints.")
            .sets(keep(v -> k -> k.withHoldout(k.holdout().map(h -> h.withMetric(one(v)))
                    .orElseThrow(() -> new IllegalArgumentException("a holdout metric needs the holdout's run as well")))));
    public static final ProgramKey HOLDOUT_TIMEOUT = duration("holdout.timeout").defaultValue("the run's timeout")
            .doc("Limit for one holdout run.")
            .sets(keep(v -> k -> k.withHoldout(k.holdout().map(h -> h.withTimeout(Durations.parse(one(v))))
                    .orElseThrow(() -> new IllegalArgumentException("a holdout timeout needs the holdout's run as well")))));
    public static final ProgramKey HOLDOUT_EVERY = wholeKey("holdout-every", 1, MANY,
            "a whole number >= 1 (run the holdout for every k-th new champion)").label("K").defaultValue("1")
            .doc("Run the holdout for every K-th new champion.")
            .sets(keep(v -> k -> k.withHoldoutEvery(whole(v))));
    public static final ProgramKey HOLDOUT_GUARD = key("holdout-guard", Type.BOOLEAN).label("true|false")
            .expected("true or false").defaultValue("false")
            .doc("Discard a change whose holdout got worse than its parent's beyond noise.")
            .sets(keep(v -> k -> k.withHoldoutGuard(bool(v))));
    public static final ProgramKey SLURM_PARTITION = slurmWord("slurm.partition", "a partition name such as gpu")
            .label("NAME").doc("The Slurm partition of the jobs (runner slurm).")
            .sets(slurm(v -> o -> o.withPartition(one(v))));
    public static final ProgramKey SLURM_ACCOUNT = slurmWord("slurm.account", "an account name such as research")
            .label("NAME").doc("The Slurm account the jobs are charged to.")
            .sets(slurm(v -> o -> o.withAccount(one(v))));
    public static final ProgramKey SLURM_QOS = slurmWord("slurm.qos", "a quality of service such as normal")
            .label("NAME").doc("The Slurm quality of service of the jobs.")
            .sets(slurm(v -> o -> o.withQos(one(v))));
    public static final ProgramKey SLURM_GRES = slurmWord("slurm.gres", "generic resources such as gpu:1 or gpu:a100:2")
            .label("GRES").doc("Generic resources per job, such as gpu:1.")
            .sets(slurm(v -> o -> o.withGres(one(v))));
    public static final ProgramKey SLURM_CPUS = wholeKey("slurm.cpus", 1, 100_000, "a whole number >= 1 (CPUs per task)")
            .doc("CPUs per job (--cpus-per-task).")
            .sets(slurm(v -> o -> o.withCpus(whole(v))));
    public static final ProgramKey SLURM_MEM = slurmWord("slurm.mem", "memory per node such as 16G or 4000M")
            .label("SIZE").doc("Memory per job, such as 16G.")
            .sets(slurm(v -> o -> o.withMem(one(v))));
    public static final ProgramKey SLURM_TIME = duration("slurm.time").defaultValue("the timeout plus 2 minutes")
            .doc("The jobs' time limit.")
            .sets(slurm(v -> o -> o.withTime(Durations.parse(one(v)))));
    /** Other sbatch options; outside program.md the leading dashes may be left out: {@code constraint=a100}. */
    public static final ProgramKey SLURM_EXTRA = key("slurm.extra", Type.ITEMS).label("OPTION")
            .expected("an sbatch option such as --constraint=a100")
            .doc("Another sbatch option, such as constraint=a100 (for --constraint=a100); repeatable, "
                    + "replaces program.md's extra list.")
            .sets(slurm(v -> o -> o.withExtra(v.stream().map(e -> e.startsWith("-") ? e : "--" + e).toList())));
    public static final ProgramKey RUNNER = key("runner", Type.TEXT).label("NAME").defaultValue("local")
            .expected("a runner's name such as local or slurm")
            .doc("Where runs happen: local, slurm, or the name a runner provider on the classpath gives.")
            .sets((b, v) -> b.providers(b.providers().withRunner(one(v).strip())));
    public static final ProgramKey RUNNER_OPTIONS = key("runner-options", Type.ENTRIES).option("runner-option")
            .label("KEY=VALUE").expected("a value such as research or 4")
            .doc("A setting of the runner's own, such as namespace=research; repeatable, added to program.md's by key.")
            .sets((b, v) -> v.forEach(e -> {
                Map.Entry<String, String> setting = KeyValues.variable(e);
                b.providers(b.providers().withRunnerOption(setting.getKey(), setting.getValue()));
            }));
    public static final ProgramKey STRATEGY = key("strategy", Type.TEXT).label("NAME")
            .defaultValue("llm when a model is configured, else tune")
            .expected("a strategy's name such as tune or llm")
            .doc("What proposes changes: tune, llm, or the name a strategy provider on the classpath gives.")
            .sets((b, v) -> b.providers(b.providers().withStrategy(one(v).strip())));
    public static final ProgramKey NOVELTY = key("novelty", Type.NUMBER).label("THRESHOLD")
            .range(0, 1, "0.75").expected("a number from 0 (no check) to 1, such as 0.75").defaultValue("0.75")
            .doc("How alike a proposal may be to a measured idea before it is refused as a near-duplicate; 0 turns "
                    + "the check off.")
            .sets((b, v) -> b.novelty(number(v)));
    public static final ProgramKey SEARCH = key("search", Type.TEXT).label("greedy|tree|islands")
            .expected("'greedy', 'tree' or 'islands'").form(SearchSettings.Kind::parse).defaultValue("greedy")
            .doc("Where proposals start: greedy always from the champion; tree from any kept experiment, the "
                    + "promising and the little explored first; islands from the champions of several lineages.")
            .sets(search(v -> s -> s.withKind(SearchSettings.Kind.parse(one(v)))));
    public static final ProgramKey EXPLORATION = key("exploration", Type.NUMBER).label("WEIGHT")
            .range(0, 10, "0.5").expected("a number from 0 to 10, such as 0.5").defaultValue("0")
            .doc("Once the tree leaves its champion, how much it favours little-explored nodes over good ones; 0 "
                    + "takes the best other node.")
            .sets(search(v -> s -> s.withExploration(number(v))));
    public static final ProgramKey ISLANDS = wholeKey("islands", 2, 64, "a whole number of islands from 2 to 64")
            .defaultValue("4").doc("How many lineages an island search keeps.")
            .sets(search(v -> s -> s.withIslands(whole(v))));
    public static final ProgramKey MIGRATE_EVERY = wholeKey("migrate-every", 1, MANY,
            "a whole number >= 1 (experiments between migrations)").defaultValue("10")
            .doc("Every N-th experiment of an island search brings the best island's champion to another island.")
            .sets(search(v -> s -> s.withMigrateEvery(whole(v))));
    public static final ProgramKey PLATEAU = wholeKey("plateau", 1, MANY,
            "a whole number >= 1 (experiments in a row without a keep)").defaultValue("20")
            .doc("Experiments in a row without a keep that make a plateau; repeats the loop refused count.")
            .sets(search(v -> s -> s.withPlateau(whole(v))));
    public static final ProgramKey ON_PLATEAU = key("on-plateau", Type.TEXT).label("explore|stop")
            .expected("'explore' or 'stop'").form(SearchSettings.OnPlateau::parse).defaultValue("explore")
            .doc("What a plateau does: explore (another node or island; a model is asked for a different kind of "
                    + "change) or stop (stop reason plateau).")
            .sets(search(v -> s -> s.withOnPlateau(SearchSettings.OnPlateau.parse(one(v)))));

    private static final List<ProgramKey> ALL = List.of(METRIC, DIRECTION, RUN, TIMEOUT, EDITABLE, READONLY, KEEP_PATHS,
            CHECKS, NO_CHECKS, CHECKS_TIMEOUT, SECONDARY, COLUMNS, CONSTRAINTS, REPEATS, MIN_IMPROVEMENT,
            MAX_EXPERIMENTS, MAX_DURATION, TARGET, PATIENCE, CRASH_STREAK, ENV, TUNE, WORKERS, DEVICES,
            DEVICES_PER_EXPERIMENT, SESSION_DIR, SANDBOX, SANDBOX_WRITABLE, KEEP, CONFIDENCE, BASELINE_REPEATS,
            MAX_REPEATS, REMEASURE_EVERY, HOLDOUT_RUN, HOLDOUT_METRIC, HOLDOUT_TIMEOUT, HOLDOUT_EVERY, HOLDOUT_GUARD,
            SLURM_PARTITION, SLURM_ACCOUNT, SLURM_QOS, SLURM_GRES, SLURM_CPUS, SLURM_MEM, SLURM_TIME, SLURM_EXTRA,
            RUNNER, RUNNER_OPTIONS, STRATEGY, NOVELTY, SEARCH, EXPLORATION, ISLANDS, MIGRATE_EVERY, PLATEAU,
            ON_PLATEAU);

    private ProgramKeys() {
    }

    /** Every key and option, in the order the documentation lists them. */
    public static List<ProgramKey> all() {
        return ALL;
    }

    /** The key of that program.md name ({@code stop.patience}); the {@code no-checks} switch is not one. */
    public static Optional<ProgramKey> named(String name) {
        return ALL.stream().filter(k -> k.type() != Type.SWITCH && k.name().equals(name)).findFirst();
    }

    /** The top-level names of program.md, in order: {@code stop} once for its criteria. */
    public static List<String> sections() {
        return ALL.stream().filter(k -> k.type() != Type.SWITCH).map(ProgramKey::section).distinct().toList();
    }

    /** The names under a section, without it: {@code max-experiments, ...} for {@code stop}. */
    public static List<String> under(String section) {
        return ALL.stream().filter(k -> k.type() != Type.SWITCH && k.name().startsWith(section + "."))
                .map(k -> k.name().substring(section.length() + 1)).toList();
    }

    private static ProgramKey.Builder duration(String name) {
        return key(name, Type.DURATION).label("DURATION").expected(DURATION).form(Durations::parse);
    }

    private static ProgramKey.Builder patterns(String name) {
        return key(name, Type.PATTERNS).label("GLOB").expected("a path pattern such as 'src/**/*.java'").form(Glob::of);
    }

    private static ProgramKey.Builder wholeKey(String name, int min, int max, String expected) {
        return key(name, Type.WHOLE).label("N").range(min, max).expected(expected);
    }

    private static ProgramKey.Builder slurmWord(String name, String expected) {
        return key(name, Type.TEXT).expected(expected);
    }

    private static BiConsumer<ProgramSpec.Builder, List<String>> keep(
            Function<List<String>, UnaryOperator<KeepSettings>> change) {
        return (b, v) -> b.keep(change.apply(v).apply(b.keep()));
    }

    private static BiConsumer<ProgramSpec.Builder, List<String>> search(
            Function<List<String>, UnaryOperator<SearchSettings>> change) {
        return (b, v) -> b.search(change.apply(v).apply(b.search()));
    }

    private static BiConsumer<ProgramSpec.Builder, List<String>> slurm(
            Function<List<String>, UnaryOperator<SlurmOptions>> change) {
        return (b, v) -> b.slurm(change.apply(v).apply(b.slurm()));
    }

    private static BiConsumer<ProgramSpec.Builder, List<String>> stop(
            Function<List<String>, UnaryOperator<StopCriteria>> change) {
        return (b, v) -> b.stop(change.apply(v).apply(b.stop()));
    }

    private static BiConsumer<ProgramSpec.Builder, List<String>> lanes(
            Function<List<String>, UnaryOperator<LaneSettings>> change) {
        return (b, v) -> b.lanes(change.apply(v).apply(b.lanes()));
    }
}
