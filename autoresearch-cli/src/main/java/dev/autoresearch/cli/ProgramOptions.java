package dev.autoresearch.cli;

import dev.autoresearch.core.ComputedColumn;
import dev.autoresearch.core.Command;
import dev.autoresearch.core.Constraint;
import dev.autoresearch.core.Direction;
import dev.autoresearch.core.MinImprovement;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.SlurmOptions;
import dev.autoresearch.core.StopCriteria;
import dev.autoresearch.core.TunedParameter;
import dev.autoresearch.core.keep.Holdout;
import dev.autoresearch.core.keep.KeepSettings;
import dev.autoresearch.host.UsageException;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A flag for every program.md key. A flag that is given overrides the file's value (a list flag
 * replaces the file's list; {@code --column}, {@code --constraint} and {@code --env} add to or replace the file's
 * entries by name); one that is not leaves the file's value alone.
 */
final class ProgramOptions {
    @Option(names = "--metric", paramLabel = "NAME", description = "The primary metric, as the run prints it.")
    String metric;

    @Option(names = "--direction", paramLabel = "minimize|maximize", converter = Converters.DirectionConverter.class,
            description = "Which way the metric is better.")
    Direction direction;

    @Option(names = "--run", paramLabel = "COMMAND", description = "The experiment command, run through sh -c in the worktree.")
    String run;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "Limit for one run, such as 90s, 10m or 1h30m (default 10m).")
    Duration timeout;

    @Option(names = "--editable", paramLabel = "GLOB", split = ",",
            description = "Files a change may edit; repeat the flag or separate with commas.")
    List<String> editable;

    @Option(names = "--readonly", paramLabel = "GLOB", split = ",",
            description = "Files no change and no run may alter (the evaluation harness).")
    List<String> readonly;

    @Option(names = "--keep-paths", paramLabel = "GLOB", split = ",",
            description = "Untracked paths kept from run to run (a virtual environment, caches); everything else a run "
                    + "leaves is removed before the next. Replaces the default list (.venv, node_modules, target, build, ...).")
    List<String> keepPaths;

    @Option(names = "--checks", paramLabel = "COMMAND", description = "A command that must pass for a keep, such as the tests.")
    String checks;

    @Option(names = "--no-checks", description = "Ignore program.md's checks command.")
    boolean noChecks;

    @Option(names = "--checks-timeout", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "Limit for one run of the checks (default: the run's timeout).")
    Duration checksTimeout;

    @Option(names = "--secondary", paramLabel = "NAME", split = ",", description = "Further metrics to record.")
    List<String> secondary;

    @Option(names = "--column", paramLabel = "NAME=EXPRESSION",
            description = "A results.tsv column computed from a metric, such as memory_gb=peak_vram_mb/1024 "
                    + "(a metric, optionally * or / a number); repeatable.")
    Map<String, String> columns;

    @Option(names = "--constraint", paramLabel = "NAME<=VALUE", converter = Converters.ConstraintConverter.class,
            description = "A bound a kept experiment must respect, such as memory_gb<=80; repeatable.")
    List<Constraint> constraints;

    @Option(names = "--repeats", paramLabel = "N", description = "Runs per experiment; medians are compared.")
    Integer repeats;

    @Option(names = "--novelty", paramLabel = "THRESHOLD",
            description = "How alike a proposal may be to a measured idea before it is refused as a near-duplicate,"
                    + " 0 to 1; 0 turns the check off (default 0.9).")
    Double novelty;

    @Option(names = "--min-improvement", paramLabel = "AMOUNT", converter = Converters.MinImprovementConverter.class,
            description = "Gain a keep needs over the best: an amount (0.001) or a percentage (0.5%%).")
    MinImprovement minImprovement;

    @Option(names = "--max-experiments", paramLabel = "N", description = "Stop after N experiments (after the baseline).")
    Integer maxExperiments;

    @Option(names = "--max-duration", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "Stop after this much session time, such as 2h.")
    Duration maxDuration;

    @Option(names = "--target", paramLabel = "VALUE", description = "Stop once the best metric reaches VALUE.")
    Double target;

    @Option(names = "--patience", paramLabel = "N", description = "Stop after N experiments in a row without a keep.")
    Integer patience;

    @Option(names = "--crash-streak", paramLabel = "N",
            description = "Stop after N crashed, timed-out or invalid experiments in a row (default 10).")
    Integer crashStreak;

    @Option(names = "--env", paramLabel = "NAME=VALUE", description = "A variable for every run; repeatable.")
    Map<String, String> env;

    @Option(names = "--tune", paramLabel = "FILE:NAME=LOW..HIGH[:SCALE]", converter = Converters.TunedParameterConverter.class,
            description = "A numeric constant for the tune strategy, such as train.py:LEARNING_RATE=0.0001..0.01:log "
                    + "(scale linear, log or int); repeatable, replaces program.md's tune list.")
    List<TunedParameter> tune;

    @Option(names = "--workers", paramLabel = "N",
            description = "Experiments run at once, each in a worktree of its own (default: one per device group, else 1).")
    Integer workers;

    @Option(names = "--devices", paramLabel = "IDS",
            description = "Accelerators to share out among the lanes, such as 0-7 or 0,1,2,3; each lane's runs see "
                    + "only their own (CUDA_VISIBLE_DEVICES, HIP_VISIBLE_DEVICES).")
    String devices;

    @Option(names = "--devices-per-experiment", paramLabel = "N",
            description = "Devices each lane gets (default 1): --devices 0-7 --devices-per-experiment 2 gives four lanes.")
    Integer devicesPerExperiment;

    @Option(names = "--session-dir", paramLabel = "DIR",
            description = "Where the session's files and worktrees go (default .autoresearch/TAG at the repository "
                    + "root), such as a shared file system that a cluster's nodes see.")
    String sessionDir;

    @Option(names = "--sandbox", negatable = true,
            description = "Run experiments under bubblewrap, writing only their worktree, a private /tmp and the "
                    + "--sandbox-writable paths (default: on with --strategy llm, off otherwise).")
    Boolean sandbox;

    @Option(names = "--sandbox-writable", paramLabel = "PATH", split = ",",
            description = "A path sandboxed runs may write too, such as ~/.cache; repeatable, replaces program.md's list.")
    List<String> sandboxWritable;

    @Option(names = "--keep", paramLabel = "greedy|significant", converter = Converters.KeepRuleConverter.class,
            description = "How keeps are decided: significant (default) keeps a change only when it is better at "
                    + "--confidence; greedy compares medians once, for deterministic metrics.")
    KeepSettings.Rule keep;

    @Option(names = "--confidence", paramLabel = "LEVEL",
            description = "The confidence a significant keep needs, 0.5 to 0.999 (default 0.95).")
    Double confidence;

    @Option(names = "--baseline-repeats", paramLabel = "N",
            description = "Runs of the baseline, which measure the noise (default 3).")
    Integer baselineRepeats;

    @Option(names = "--max-repeats", paramLabel = "N",
            description = "The most runs a candidate gets under the significant rule (default 5).")
    Integer maxRepeats;

    @Option(names = "--remeasure-every", paramLabel = "N",
            description = "Pool the champion's re-runs and check it still reproduces after N comparisons (default 10).")
    Integer remeasureEvery;

    @Option(names = "--holdout-run", paramLabel = "COMMAND",
            description = "A hidden check for new champions, run from your checkout, such as a test-set evaluation.")
    String holdoutRun;

    @Option(names = "--holdout-metric", paramLabel = "NAME", description = "The metric the holdout command prints.")
    String holdoutMetric;

    @Option(names = "--holdout-timeout", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "Limit for one holdout run (default: the run's timeout).")
    Duration holdoutTimeout;

    @Option(names = "--holdout-every", paramLabel = "K", description = "Run the holdout for every K-th new champion (default 1).")
    Integer holdoutEvery;

    @Option(names = "--holdout-guard", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
            description = "Discard a change whose holdout got worse than its parent's beyond noise.")
    Boolean holdoutGuard;

    @Option(names = "--slurm-partition", paramLabel = "NAME", description = "The Slurm partition of the jobs (--runner slurm).")
    String slurmPartition;

    @Option(names = "--slurm-account", paramLabel = "NAME", description = "The Slurm account the jobs are charged to.")
    String slurmAccount;

    @Option(names = "--slurm-qos", paramLabel = "NAME", description = "The Slurm quality of service of the jobs.")
    String slurmQos;

    @Option(names = "--slurm-gres", paramLabel = "GRES", description = "Generic resources per job, such as gpu:1.")
    String slurmGres;

    @Option(names = "--slurm-cpus", paramLabel = "N", description = "CPUs per job (--cpus-per-task).")
    Integer slurmCpus;

    @Option(names = "--slurm-mem", paramLabel = "SIZE", description = "Memory per job, such as 16G.")
    String slurmMem;

    @Option(names = "--slurm-time", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "The jobs' time limit (default: the timeout plus 2 minutes for the stop).")
    Duration slurmTime;

    @Option(names = "--slurm-extra", paramLabel = "OPTION",
            description = "Another sbatch option without its leading dashes, such as --slurm-extra constraint=a100 "
                    + "(for --constraint=a100); repeatable, replaces program.md's extra list.")
    List<String> slurmExtra;

    /** True when the flags alone name the three required keys. */
    boolean suppliesRequiredKeys() {
        return metric != null && direction != null && run != null;
    }

    /**
     * Sets every given flag on {@code b}.
     *
     * @throws UsageException naming the flag whose value the contract rejects
     */
    void applyTo(ProgramSpec.Builder b) {
        if (metric != null) {
            set("--metric", () -> b.metric(metric));
        }
        if (direction != null) {
            b.direction(direction);
        }
        if (run != null) {
            set("--run", () -> b.run(run));
        }
        if (timeout != null) {
            set("--timeout", () -> b.timeout(timeout));
        }
        if (editable != null) {
            set("--editable", () -> b.editable(trimmed(editable)));
        }
        if (readonly != null) {
            set("--readonly", () -> b.readonly(trimmed(readonly)));
        }
        if (keepPaths != null) {
            set("--keep-paths", () -> b.keepPaths(trimmed(keepPaths)));
        }
        if (noChecks) {
            b.noChecks();
        }
        if (checks != null) {
            set("--checks", () -> b.checks(checks));
        }
        if (checksTimeout != null) {
            set("--checks-timeout", () -> b.checksTimeout(checksTimeout));
        }
        if (secondary != null) {
            set("--secondary", () -> b.secondary(trimmed(secondary)));
        }
        if (columns != null) {
            columns.forEach((name, expression) -> set("--column", () -> b.column(ComputedColumn.parse(name, expression))));
        }
        if (constraints != null) {
            constraints.forEach(c -> set("--constraint", () -> b.constraint(c)));
        }
        if (repeats != null) {
            set("--repeats", () -> b.repeats(repeats));
        }
        if (novelty != null) {
            set("--novelty", () -> b.novelty(novelty));
        }
        if (minImprovement != null) {
            b.minImprovement(minImprovement);
        }
        if (maxExperiments != null) {
            stop(b, "--max-experiments", s -> s.withMaxExperiments(maxExperiments));
        }
        if (maxDuration != null) {
            stop(b, "--max-duration", s -> s.withMaxDuration(maxDuration));
        }
        if (target != null) {
            stop(b, "--target", s -> s.withTarget(target));
        }
        if (patience != null) {
            stop(b, "--patience", s -> s.withPatience(patience));
        }
        if (crashStreak != null) {
            stop(b, "--crash-streak", s -> s.withCrashStreak(crashStreak));
        }
        if (env != null) {
            env.forEach((k, v) -> set("--env", () -> b.environment(k, v)));
        }
        if (tune != null) {
            b.tune(tune);
        }
        if (workers != null || devices != null || devicesPerExperiment != null) {
            set(workers != null ? "--workers" : devices != null ? "--devices" : "--devices-per-experiment", () -> {
                dev.autoresearch.core.LaneSettings now = b.lanes();
                b.lanes(new dev.autoresearch.core.LaneSettings(
                        workers != null ? java.util.OptionalInt.of(workers) : now.workers(),
                        devices != null ? dev.autoresearch.core.DeviceList.parse(devices) : now.devices(),
                        devicesPerExperiment != null ? devicesPerExperiment : now.devicesPerExperiment()));
            });
        }
        if (sessionDir != null) {
            set("--session-dir", () -> b.sessionDirectory(sessionDir));
        }
        if (sandbox != null) {
            b.sandbox(sandbox);
        }
        if (sandboxWritable != null) {
            set("--sandbox-writable", () -> b.sandboxWritable(trimmed(sandboxWritable)));
        }

        if (slurmPartition != null) {
            slurm(b, "--slurm-partition", o -> o.withPartition(slurmPartition));
        }
        if (slurmAccount != null) {
            slurm(b, "--slurm-account", o -> o.withAccount(slurmAccount));
        }
        if (slurmQos != null) {
            slurm(b, "--slurm-qos", o -> o.withQos(slurmQos));
        }
        if (slurmGres != null) {
            slurm(b, "--slurm-gres", o -> o.withGres(slurmGres));
        }
        if (slurmCpus != null) {
            slurm(b, "--slurm-cpus", o -> o.withCpus(slurmCpus));
        }
        if (slurmMem != null) {
            slurm(b, "--slurm-mem", o -> o.withMem(slurmMem));
        }
        if (slurmTime != null) {
            slurm(b, "--slurm-time", o -> o.withTime(slurmTime));
        }
        if (slurmExtra != null) {
            // picocli takes a value that starts with dashes for an option, so the dashes are added here
            List<String> options = slurmExtra.stream().map(String::strip)
                    .map(o -> o.startsWith("-") ? o : "--" + o).toList();
            slurm(b, "--slurm-extra", o -> o.withExtra(options));
        }
        applyKeepTo(b);
    }

    private void applyKeepTo(ProgramSpec.Builder b) {
        if (keep != null) {
            keep(b, "--keep", k -> k.withRule(keep));
        }
        if (confidence != null) {
            keep(b, "--confidence", k -> k.withConfidence(confidence));
        }
        if (baselineRepeats != null) {
            keep(b, "--baseline-repeats", k -> k.withBaselineRepeats(baselineRepeats));
        }
        if (maxRepeats != null) {
            keep(b, "--max-repeats", k -> k.withMaxRepeats(maxRepeats));
        }
        if (remeasureEvery != null) {
            keep(b, "--remeasure-every", k -> k.withRemeasureEvery(remeasureEvery));
        }
        if (holdoutRun != null || holdoutMetric != null || holdoutTimeout != null) {
            Holdout holdout = holdout(b.keep().holdout());
            keep(b, holdoutRun != null ? "--holdout-run" : holdoutMetric != null ? "--holdout-metric" : "--holdout-timeout",
                    k -> k.withHoldout(holdout));
        }
        if (holdoutEvery != null) {
            keep(b, "--holdout-every", k -> k.withHoldoutEvery(holdoutEvery));
        }
        if (holdoutGuard != null) {
            keep(b, "--holdout-guard", k -> k.withHoldoutGuard(holdoutGuard));
        }
    }

    /** program.md's holdout with the given holdout flags applied, or a new one when both run and metric are given. */
    private Holdout holdout(Optional<Holdout> declared) {
        if (declared.isEmpty() && (holdoutRun == null || holdoutMetric == null)) {
            throw new UsageException("--holdout-run and --holdout-metric go together when program.md declares no "
                    + "holdout", "pass both, or declare 'holdout:' with run and metric in program.md");
        }
        Holdout[] h = new Holdout[1];
        set(holdoutRun != null ? "--holdout-run" : "--holdout-metric", () -> {
            Holdout base = declared.orElseGet(() -> Holdout.of(holdoutRun, holdoutMetric));
            base = holdoutRun != null ? base.withRun(Command.shell(holdoutRun)) : base;
            base = holdoutMetric != null ? base.withMetric(holdoutMetric.strip()) : base;
            h[0] = holdoutTimeout != null ? base.withTimeout(holdoutTimeout) : base;
        });
        return h[0];
    }

    private static void keep(ProgramSpec.Builder b, String flag, UnaryOperator<KeepSettings> change) {
        set(flag, () -> b.keep(change.apply(b.keep())));
    }

    private static void slurm(ProgramSpec.Builder b, String flag, UnaryOperator<SlurmOptions> change) {
        set(flag, () -> b.slurm(change.apply(b.slurm())));
    }

    private static void stop(ProgramSpec.Builder b, String flag, UnaryOperator<StopCriteria> change) {
        set(flag, () -> b.stop(change.apply(b.stop())));
    }

    private static List<String> trimmed(List<String> values) {
        return values.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static void set(String flag, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid value for option '" + flag + "': " + e.getMessage(),
                    "see 'autoresearch run --help'");
        }
    }
}
