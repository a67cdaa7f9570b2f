package dev.autoresearch.host;

import dev.autoresearch.core.ComputedColumn;
import dev.autoresearch.core.DeviceList;
import dev.autoresearch.core.Direction;
import dev.autoresearch.core.Durations;
import dev.autoresearch.core.LaneSettings;
import dev.autoresearch.core.keep.Holdout;
import dev.autoresearch.core.keep.KeepSettings;
import dev.autoresearch.core.MinImprovement;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.StopCriteria;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * Every program.md key and the option that overrides it in a host: the command's flag
 * ({@code --max-experiments}) and the Maven plugin's parameter ({@code maxExperiments}, user property
 * {@code autoresearch.maxExperiments}), from one table so that the hosts cannot drift apart. A list
 * key's option replaces the file's list; {@code constraint} and {@code env} add to or replace the
 * file's entries by name.
 */
public enum ProgramKey {
    METRIC("metric", "metric", (b, v) -> b.metric(one(v))),
    DIRECTION("direction", "direction", (b, v) -> b.direction(Direction.parse(one(v)))),
    RUN("run", "run", (b, v) -> b.run(one(v))),
    TIMEOUT("timeout", "timeout", (b, v) -> b.timeout(Durations.parse(one(v)))),
    EDITABLE("editable", "editable", (b, v) -> b.editable(v)),
    READONLY("readonly", "readonly", (b, v) -> b.readonly(v)),
    KEEP_PATHS("keep-paths", "keep-paths", (b, v) -> b.keepPaths(v)),
    CHECKS("checks", "checks", (b, v) -> b.checks(one(v))),
    /** Ignores program.md's checks: a switch, any value but {@code false} sets it. */
    NO_CHECKS("checks", "no-checks", (b, v) -> {
        if (!one(v).equalsIgnoreCase("false")) {
            b.noChecks();
        }
    }),
    CHECKS_TIMEOUT("checks-timeout", "checks-timeout", (b, v) -> b.checksTimeout(Durations.parse(one(v)))),
    SECONDARY("secondary", "secondary", (b, v) -> b.secondary(v)),
    COLUMNS("columns", "column", (b, v) -> v.forEach(c -> {
        Map.Entry<String, String> column = ProgramValues.variable(c);
        b.column(ComputedColumn.parse(column.getKey(), column.getValue()));
    })),
    CONSTRAINTS("constraints", "constraint", (b, v) -> v.forEach(c -> b.constraint(ProgramValues.constraint(c)))),
    REPEATS("repeats", "repeats", (b, v) -> b.repeats(integer(v))),
    NOVELTY("novelty", "novelty", (b, v) -> b.novelty(number(v))),
    MIN_IMPROVEMENT("min-improvement", "min-improvement", (b, v) -> b.minImprovement(MinImprovement.parse(one(v)))),
    MAX_EXPERIMENTS("stop.max-experiments", "max-experiments", stop(v -> s -> s.withMaxExperiments(integer(v)))),
    MAX_DURATION("stop.max-duration", "max-duration", stop(v -> s -> s.withMaxDuration(Durations.parse(one(v))))),
    TARGET("stop.target", "target", stop(v -> s -> s.withTarget(number(v)))),
    PATIENCE("stop.patience", "patience", stop(v -> s -> s.withPatience(integer(v)))),
    CRASH_STREAK("stop.crash-streak", "crash-streak", stop(v -> s -> s.withCrashStreak(integer(v)))),
    ENV("env", "env", (b, v) -> v.forEach(e -> {
        Map.Entry<String, String> variable = ProgramValues.variable(e);
        b.environment(variable.getKey(), variable.getValue());
    })),
    TUNE("tune", "tune", (b, v) -> b.tune(v.stream().map(ProgramValues::tunedParameter).toList())),
    WORKERS("workers", "workers", (b, v) -> {
        LaneSettings now = b.lanes();
        b.lanes(new LaneSettings(OptionalInt.of(integer(v)), now.devices(), now.devicesPerExperiment()));
    }),
    /** A device list such as {@code 0-7} or {@code 0,1,2,3}: one value, or one per element. */
    DEVICES("devices", "devices", (b, v) -> {
        LaneSettings now = b.lanes();
        b.lanes(new LaneSettings(now.workers(), DeviceList.parse(String.join(",", v)), now.devicesPerExperiment()));
    }),
    DEVICES_PER_EXPERIMENT("devices-per-experiment", "devices-per-experiment", (b, v) -> {
        LaneSettings now = b.lanes();
        b.lanes(new LaneSettings(now.workers(), now.devices(), integer(v)));
    }),
    SESSION_DIR("session-dir", "session-dir", (b, v) -> b.sessionDirectory(one(v))),
    /** Confine the runs with bubblewrap: {@code true} or {@code false}. */
    SANDBOX("sandbox", "sandbox", (b, v) -> b.sandbox(bool(v))),
    SANDBOX_WRITABLE("sandbox-writable", "sandbox-writable", (b, v) -> b.sandboxWritable(v)),
    /** {@code greedy} or {@code significant}. */
    KEEP("keep", "keep", keep(v -> k -> k.withRule(KeepSettings.Rule.parse(one(v))))),
    CONFIDENCE("confidence", "confidence", keep(v -> k -> k.withConfidence(number(v)))),
    BASELINE_REPEATS("baseline-repeats", "baseline-repeats", keep(v -> k -> k.withBaselineRepeats(integer(v)))),
    MAX_REPEATS("max-repeats", "max-repeats", keep(v -> k -> k.withMaxRepeats(integer(v)))),
    REMEASURE_EVERY("remeasure-every", "remeasure-every", keep(v -> k -> k.withRemeasureEvery(integer(v)))),
    HOLDOUT_RUN("holdout.run", "holdout-run", keep(v -> k -> k.withHoldout(k.holdout()
            .map(h -> h.withRun(dev.autoresearch.core.Command.shell(one(v))))
            .orElseGet(() -> Holdout.of(one(v), "holdout"))))),
    HOLDOUT_METRIC("holdout.metric", "holdout-metric", keep(v -> k -> k.withHoldout(k.holdout()
            .map(h -> h.withMetric(one(v)))
            .orElseThrow(() -> new IllegalArgumentException("a holdout metric needs the holdout's run as well"))))),
    HOLDOUT_TIMEOUT("holdout.timeout", "holdout-timeout", keep(v -> k -> k.withHoldout(k.holdout()
            .map(h -> h.withTimeout(Durations.parse(one(v))))
            .orElseThrow(() -> new IllegalArgumentException("a holdout timeout needs the holdout's run as well"))))),
    HOLDOUT_EVERY("holdout-every", "holdout-every", keep(v -> k -> k.withHoldoutEvery(integer(v)))),
    HOLDOUT_GUARD("holdout-guard", "holdout-guard", keep(v -> k -> k.withHoldoutGuard(bool(v)))),
    SLURM_PARTITION("slurm.partition", "slurm-partition", slurm(v -> o -> o.withPartition(one(v)))),
    SLURM_ACCOUNT("slurm.account", "slurm-account", slurm(v -> o -> o.withAccount(one(v)))),
    SLURM_QOS("slurm.qos", "slurm-qos", slurm(v -> o -> o.withQos(one(v)))),
    SLURM_GRES("slurm.gres", "slurm-gres", slurm(v -> o -> o.withGres(one(v)))),
    SLURM_CPUS("slurm.cpus", "slurm-cpus", slurm(v -> o -> o.withCpus(integer(v)))),
    SLURM_MEM("slurm.mem", "slurm-mem", slurm(v -> o -> o.withMem(one(v)))),
    SLURM_TIME("slurm.time", "slurm-time", slurm(v -> o -> o.withTime(Durations.parse(one(v))))),
    /** Other sbatch options, with or without their leading dashes: {@code constraint=a100}. */
    SLURM_EXTRA("slurm.extra", "slurm-extra", slurm(v -> o -> o.withExtra(v.stream()
            .map(e -> e.startsWith("-") ? e : "--" + e).toList())));

    private final String key;
    private final String option;
    private final BiConsumer<ProgramSpec.Builder, List<String>> setter;

    ProgramKey(String key, String option, BiConsumer<ProgramSpec.Builder, List<String>> setter) {
        this.key = key;
        this.option = option;
        this.setter = setter;
    }

    /** The key in program.md, with {@code stop.} before the stopping criteria: {@code stop.patience}. */
    public String key() {
        return key;
    }

    /** The option in kebab case, as the command's flag without its dashes: {@code max-experiments}. */
    public String option() {
        return option;
    }

    /** The Maven plugin's parameter: {@code maxExperiments}. */
    public String parameter() {
        return OptionStyle.camel(option);
    }

    /** True for the keys whose option takes several values. */
    public boolean isList() {
        return this == EDITABLE || this == READONLY || this == KEEP_PATHS || this == SECONDARY || this == COLUMNS || this == CONSTRAINTS
                || this == ENV || this == TUNE || this == DEVICES || this == SANDBOX_WRITABLE || this == SLURM_EXTRA;
    }

    /**
     * Sets {@code values} (one for a single-valued key, blank ones ignored) on {@code builder}.
     *
     * @throws UsageException naming the option, as {@code style} writes it, when the contract rejects the value
     */
    public void apply(ProgramSpec.Builder builder, List<String> values, OptionStyle style) {
        Objects.requireNonNull(builder, "builder");
        Objects.requireNonNull(style, "style");
        List<String> given = values.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (given.isEmpty() && !isList()) {
            return;
        }
        try {
            setter.accept(builder, given);
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid value for option '" + style.name(option) + "': " + e.getMessage(),
                    style.help());
        }
    }

    /**
     * Sets every key that has values on {@code builder}, in this table's order, after the checks
     * that span keys: a holdout's run and metric go together when program.md declares no holdout
     * (one alone would leave the other to a guess).
     *
     * @param values the values a host has for a key, empty when its option is not set
     * @throws UsageException naming the option at fault, as {@code style} writes it
     */
    public static void applyAll(ProgramSpec.Builder builder, java.util.function.Function<ProgramKey, List<String>> values,
                                OptionStyle style) {
        Objects.requireNonNull(builder, "builder");
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(style, "style");
        boolean run = given(values.apply(HOLDOUT_RUN));
        boolean metric = given(values.apply(HOLDOUT_METRIC));
        boolean timeout = given(values.apply(HOLDOUT_TIMEOUT));
        if (builder.keep().holdout().isEmpty() && (run || metric || timeout) && !(run && metric)) {
            throw new UsageException(style.name(HOLDOUT_RUN.option) + " and " + style.name(HOLDOUT_METRIC.option)
                    + " go together when program.md declares no holdout", "set both, or declare 'holdout:' with run "
                    + "and metric in program.md");
        }
        for (ProgramKey key : values()) {
            List<String> given = values.apply(key);
            if (!given.isEmpty()) {
                key.apply(builder, given, style);
            }
        }
    }

    private static boolean given(List<String> values) {
        return values.stream().anyMatch(v -> !v.isBlank());
    }

    private static BiConsumer<ProgramSpec.Builder, List<String>> keep(
            java.util.function.Function<List<String>, UnaryOperator<KeepSettings>> change) {
        return (b, v) -> b.keep(change.apply(v).apply(b.keep()));
    }

    private static BiConsumer<ProgramSpec.Builder, List<String>> slurm(
            java.util.function.Function<List<String>, UnaryOperator<dev.autoresearch.core.SlurmOptions>> change) {
        return (b, v) -> b.slurm(change.apply(v).apply(b.slurm()));
    }

    private static BiConsumer<ProgramSpec.Builder, List<String>> stop(
            java.util.function.Function<List<String>, UnaryOperator<StopCriteria>> change) {
        return (b, v) -> b.stop(change.apply(v).apply(b.stop()));
    }

    private static String one(List<String> values) {
        if (values.size() != 1) {
            throw new IllegalArgumentException("expected one value, got " + values.size() + ": " + values);
        }
        return values.get(0);
    }

    private static boolean bool(List<String> values) {
        String v = one(values).toLowerCase(java.util.Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("expected true or false, got '" + one(values) + "'");
        }
        return Boolean.parseBoolean(v);
    }

    private static int integer(List<String> values) {
        try {
            return Integer.parseInt(one(values));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number, got '" + one(values) + "'", e);
        }
    }

    private static double number(List<String> values) {
        try {
            return Double.parseDouble(one(values));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number, got '" + one(values) + "'", e);
        }
    }
}
