package dev.autoresearch.core;

import dev.autoresearch.core.internal.program.ProgramSpecParser;
import dev.autoresearch.core.keep.KeepSettings;
import dev.autoresearch.core.search.SearchSettings;
import dev.autoresearch.core.program.KeyValues;
import dev.autoresearch.core.program.ProgramKeys;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The research contract: what to measure, which way is better, how to run an experiment, which
 * files may change, and when to stop. Usually read from {@code program.md} with {@link #parse},
 * whose prose body goes unchanged to model-driven strategies; a host can also build one in code.
 *
 * <pre>{@code
 * ProgramSpec spec = ProgramSpec.builder()
 *         .metric("val_bpb").direction(Direction.MINIMIZE)
 *         .run("uv run train.py").timeout(Duration.ofMinutes(10))
 *         .editable("train.py")
 *         .build();
 * }</pre>
 */
public final class ProgramSpec {
    /** What a metric name may be: anything without white space, not starting with '-' or '#'. */
    public static final java.util.regex.Pattern METRIC_NAME = java.util.regex.Pattern.compile("[^\\s#-]\\S*");

    /** The default per-run timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    /**
     * The default novelty threshold: a proposal this alike to a measured idea is refused (when a check is
     * given); the embedding check's, chosen on labelled pairs of ideas (see the README's near-duplicates).
     */
    public static final double DEFAULT_NOVELTY = 0.75;
    /**
     * The paths kept from run to run unless program.md says otherwise: virtual environments,
     * dependency folders, build output and the caches of the usual tools, at any depth.
     */
    public static final List<String> DEFAULT_KEEP_PATHS = List.of("**/.venv", "**/venv", "**/node_modules",
            "**/target", "**/build", "**/.gradle", "**/__pycache__", "**/.mypy_cache", "**/.pytest_cache",
            "**/.ruff_cache", "**/.tox");

    private final Optional<Path> source;
    private final String prose;
    private final String metric;
    private final Direction direction;
    private final Command run;
    private final Duration timeout;
    private final List<Glob> editable;
    private final List<Glob> readonly;
    private final List<Glob> keepPaths;
    private final Optional<Command> checks;
    private final Optional<Duration> checksTimeout;
    private final List<String> secondary;
    private final List<ComputedColumn> columns;
    private final List<Constraint> constraints;
    private final int repeats;
    private final MinImprovement minImprovement;
    private final StopCriteria stop;
    private final List<TunedParameter> tune;
    private final Map<String, String> environment;
    private final LaneSettings lanes;
    private final Optional<String> sessionDirectory;
    private final Optional<Boolean> sandbox;
    private final List<String> sandboxWritable;
    private final KeepSettings keep;
    private final SlurmOptions slurm;
    private final ProviderChoice providers;
    private final double novelty;
    private final SearchSettings search;

    private ProgramSpec(Builder b) {
        this.source = b.source;
        this.prose = b.prose;
        this.metric = b.metric;
        this.direction = b.direction;
        this.run = b.run;
        this.timeout = b.timeout;
        this.editable = List.copyOf(b.editable);
        this.readonly = List.copyOf(b.readonly);
        this.keepPaths = List.copyOf(b.keepPaths);
        this.checks = b.checks;
        this.checksTimeout = b.checksTimeout;
        this.secondary = List.copyOf(b.secondary);
        this.columns = List.copyOf(b.columns.values());
        this.constraints = List.copyOf(b.constraints.values());
        this.repeats = b.repeats;
        this.minImprovement = b.minImprovement;
        this.stop = b.stop;
        this.tune = List.copyOf(b.tune);
        this.environment = Map.copyOf(b.environment);
        this.lanes = b.lanes;
        this.sessionDirectory = b.sessionDirectory;
        this.sandbox = b.sandbox;
        this.sandboxWritable = List.copyOf(b.sandboxWritable);
        this.keep = b.keep;
        this.slurm = b.slurm;
        this.providers = b.providers;
        this.novelty = b.novelty;
        this.search = b.search;
    }

    /**
     * Reads a program.md: YAML front matter between {@code ---} lines, then prose. The returned
     * builder holds the file's values; set or override keys (from flags, say) and call
     * {@link Builder#build()}, which reports any required key still missing.
     *
     * @throws ProgramSpecException naming the file, the line, the key and what is expected
     */
    public static Builder parse(Path programFile) {
        return parse(ProgramSpecParser.read(programFile), programFile);
    }

    /** Parses program.md text; {@code source} names it in error messages. */
    public static Builder parse(String text, Path source) {
        Builder b = ProgramSpecParser.parse(text, source);
        // A missing required key is reported at the front matter's end; only a parsed file knows it.
        b.frontMatterEnd = OptionalInt.of(ProgramSpecParser.frontMatterEnd(text, source));
        return b;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this spec's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.source = source;
        b.prose = prose;
        b.metric = metric;
        b.direction = direction;
        b.run = run;
        b.timeout = timeout;
        b.editable.addAll(editable);
        b.readonly.addAll(readonly);
        b.keepPaths.clear();
        b.keepPaths.addAll(keepPaths);
        b.checks = checks;
        b.checksTimeout = checksTimeout;
        b.secondary.addAll(secondary);
        columns.forEach(c -> b.columns.put(c.name(), c));
        constraints.forEach(c -> b.constraints.put(c.metric(), c));
        b.repeats = repeats;
        b.novelty = novelty;
        b.search = search;
        b.minImprovement = minImprovement;
        b.stop = stop;
        b.tune.addAll(tune);
        b.environment.putAll(environment);
        b.lanes = lanes;
        b.sessionDirectory = sessionDirectory;
        b.sandbox = sandbox;
        b.sandboxWritable.addAll(sandboxWritable);
        b.keep = keep;
        b.slurm = slurm;
        b.providers = providers;
        return b;
    }

    /** How many experiments run at once, on which devices ({@code workers}, {@code devices}, {@code devices-per-experiment}). */
    public LaneSettings lanes() {
        return lanes;
    }

    /**
     * Where the session folder goes ({@code session-dir}), relative to the repository root unless
     * absolute; by default {@code .autoresearch/<tag>/}. A cluster's nodes must see it.
     */
    public Optional<String> sessionDirectory() {
        return sessionDirectory;
    }

    /** The program.md this came from, if any. */
    public Optional<Path> source() {
        return source;
    }

    /** The Markdown body after the front matter, unchanged. */
    public String prose() {
        return prose;
    }

    /** The primary metric's name. */
    public String metric() {
        return metric;
    }

    public Direction direction() {
        return direction;
    }

    /** The experiment command. */
    public Command run() {
        return run;
    }

    /** The limit for one run of the experiment command. */
    public Duration timeout() {
        return timeout;
    }

    /** Patterns of files a change may edit (the {@code tune} files are editable too). */
    public List<Glob> editable() {
        return editable;
    }

    /** Patterns of files no change and no run may alter (the evaluation harness). */
    public List<Glob> readonly() {
        return readonly;
    }

    /**
     * Patterns of untracked and ignored paths that survive from one run to the next (a virtual
     * environment, build output, caches); everything else a run leaves is removed before the next
     * run, so that no run reads what an earlier one wrote. {@link #DEFAULT_KEEP_PATHS} unless set.
     */
    public List<Glob> keepPaths() {
        return keepPaths;
    }

    /** True when {@code relativePath}, untracked, survives from run to run: it matches {@link #keepPaths()}. */
    public boolean keeps(String relativePath) {
        return keepPaths.stream().anyMatch(glob -> glob.matches(relativePath));
    }

    /** The command that must pass for a keep, such as the test suite. */
    public Optional<Command> checks() {
        return checks;
    }

    /** The limit for one run of {@link #checks()}; the experiment timeout unless set. */
    public Duration checksTimeout() {
        return checksTimeout.orElse(timeout);
    }

    /** Further metrics to record beside the primary one. */
    public List<String> secondary() {
        return secondary;
    }

    /** Metrics computed from others, recorded and shown in results.tsv after the secondary ones. */
    public List<ComputedColumn> columns() {
        return columns;
    }

    public List<Constraint> constraints() {
        return constraints;
    }

    /**
     * Runs per experiment; the judge compares medians. Under the {@code significant} keep rule it is
     * the number of runs a candidate gets before the rule first looks; it then gets more, up to the
     * larger of this and {@link KeepSettings#maxRepeats()}.
     */
    public int repeats() {
        return repeats;
    }

    /**
     * How alike a proposal may be to an idea measured already before it is refused as a near-duplicate,
     * as the host's novelty check measures it (0 to 1); {@code 0} turns the check off.
     */
    public double novelty() {
        return novelty;
    }

    public MinImprovement minImprovement() {
        return minImprovement;
    }

    /** How the session searches: the policy, its parameters, and what a plateau does. */
    public SearchSettings search() {
        return search;
    }

    public StopCriteria stop() {
        return stop;
    }

    /** Parameters for the default tuning strategy. */
    public List<TunedParameter> tune() {
        return tune;
    }

    /** Variables added to the environment of every run. */
    public Map<String, String> environment() {
        return environment;
    }

    /** How keeps are decided: the rule, its confidence, the repeats, the re-measure and the holdout. */
    public KeepSettings keep() {
        return keep;
    }

    /** How experiments are submitted when they run as Slurm jobs (program.md's {@code slurm} map). */
    public SlurmOptions slurm() {
        return slurm;
    }

    /** The runner and strategy named ({@code runner}, {@code strategy}) and the runner's {@code runner-options}. */
    public ProviderChoice providers() {
        return providers;
    }

    /**
     * Whether runs are confined to their worktree ({@code sandbox: true}); empty when program.md does
     * not say, and the host chooses.
     */
    public Optional<Boolean> sandbox() {
        return sandbox;
    }

    /**
     * The paths a confined run may write besides its worktree and {@code /tmp}, as written: a
     * leading {@code ~/} stands for the home directory.
     */
    public List<String> sandboxWritable() {
        return sandboxWritable;
    }

    /**
     * True when a change may edit {@code relativePath}: it matches {@code editable} or names a
     * {@code tune} file, and is neither readonly nor the program file itself.
     */
    public boolean isEditable(String relativePath) {
        if (isProtected(relativePath)) {
            return false;
        }
        return editable.stream().anyMatch(g -> g.matches(relativePath))
                || tune.stream().anyMatch(p -> Glob.of(p.file()).matches(relativePath));
    }

    /** True when {@code relativePath} is readonly or is the program file. */
    public boolean isProtected(String relativePath) {
        if (readonly.stream().anyMatch(g -> g.matches(relativePath))) {
            return true;
        }
        // The spec does not know the repository root, so compare by trailing path elements.
        return source.map(p -> p.normalize().endsWith(Path.of(relativePath).normalize())).orElse(false);
    }

    /**
     * Every metric the session records: the primary, then the secondary ones, the computed columns
     * and the constrained ones.
     */
    public List<String> recordedMetrics() {
        List<String> all = new ArrayList<>();
        all.add(metric);
        for (String s : secondary) {
            if (!all.contains(s)) {
                all.add(s);
            }
        }
        for (ComputedColumn c : columns) {
            if (!all.contains(c.name())) {
                all.add(c.name());
            }
        }
        for (Constraint c : constraints) {
            if (!all.contains(c.metric())) {
                all.add(c.metric());
            }
        }
        return all;
    }

    /** A SHA-256 of the values that define the contract, for the journal header. */
    public String hash() {
        String canonical = String.join("\n", metric, direction.keyword(), run.display(),
                timeout.toString(), editable.toString(), readonly.toString(),
                checks.map(Command::display).orElse(""), secondary.toString(), constraints.toString(),
                Integer.toString(repeats), minImprovement.toString(), tune.toString(), prose)
                // Appended only when present, so that the hashes of sessions started without columns stay the same.
                + (columns.isEmpty() ? "" : "\n" + columns)
                // Only a non-default keep setting enters, so that journals written before it still match.
                + (keep.equals(KeepSettings.DEFAULT) ? "" : "\n" + keep);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    @Override
    public String toString() {
        return "ProgramSpec[" + metric + " " + direction.keyword() + ", run=" + run + "]";
    }

    /** A validating builder: each setter checks its argument, {@link #build()} checks what is required. */
    public static final class Builder {
        private Optional<Path> source = Optional.empty();
        private OptionalInt frontMatterEnd = OptionalInt.empty();
        private String prose = "";
        private String metric;
        private Direction direction;
        private Command run;
        private Duration timeout = DEFAULT_TIMEOUT;
        private final List<Glob> editable = new ArrayList<>();
        private final List<Glob> readonly = new ArrayList<>();
        private final List<Glob> keepPaths = new ArrayList<>(DEFAULT_KEEP_PATHS.stream().map(Glob::of).toList());
        private Optional<Command> checks = Optional.empty();
        private Optional<Duration> checksTimeout = Optional.empty();
        private final List<String> secondary = new ArrayList<>();
        private final Map<String, ComputedColumn> columns = new LinkedHashMap<>();
        private final Map<String, Constraint> constraints = new LinkedHashMap<>();
        private LaneSettings lanes = LaneSettings.DEFAULT;
        private Optional<String> sessionDirectory = Optional.empty();
        private int repeats = 1;
        private double novelty = DEFAULT_NOVELTY;
        private SearchSettings search = SearchSettings.DEFAULT;
        private MinImprovement minImprovement = MinImprovement.NONE;
        private StopCriteria stop = StopCriteria.DEFAULT;
        private final List<TunedParameter> tune = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Optional<Boolean> sandbox = Optional.empty();
        private final List<String> sandboxWritable = new ArrayList<>();
        private KeepSettings keep = KeepSettings.DEFAULT;
        private SlurmOptions slurm = SlurmOptions.NONE;
        private ProviderChoice providers = ProviderChoice.DEFAULT;

        private Builder() {
        }

        /** The program file, named in messages; its own changes make an experiment invalid. */
        public Builder source(Path programFile) {
            this.source = Optional.of(Objects.requireNonNull(programFile, "programFile"));
            return this;
        }

        public Builder prose(String prose) {
            this.prose = Objects.requireNonNull(prose, "prose");
            return this;
        }

        public Builder metric(String metric) {
            Objects.requireNonNull(metric, "metric");
            // Any name without white space: JMH names carry parameters (Bench.run:size=10), METRIC lines units (total_µs).
            if (!METRIC_NAME.matcher(metric.strip()).matches()) {
                throw new IllegalArgumentException("metric must be a name without spaces such as val_bpb, got '" + metric + "'");
            }
            this.metric = metric.strip();
            return this;
        }

        public Builder direction(Direction direction) {
            this.direction = Objects.requireNonNull(direction, "direction");
            return this;
        }

        /** The experiment command line, run through {@code sh -c}. */
        public Builder run(String commandLine) {
            return run(Command.shell(commandLine));
        }

        public Builder run(Command command) {
            this.run = Objects.requireNonNull(command, "command");
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = positive(timeout, "timeout");
            return this;
        }

        /** Replaces the editable patterns. */
        public Builder editable(String... patterns) {
            return editable(List.of(patterns));
        }

        /** Replaces the editable patterns. */
        public Builder editable(List<String> patterns) {
            editable.clear();
            patterns.forEach(p -> editable.add(Glob.of(p)));
            return this;
        }

        /** Replaces the readonly patterns. */
        public Builder readonly(String... patterns) {
            return readonly(List.of(patterns));
        }

        /** Replaces the readonly patterns. */
        public Builder readonly(List<String> patterns) {
            readonly.clear();
            patterns.forEach(p -> readonly.add(Glob.of(p)));
            return this;
        }

        /** Replaces the patterns of paths kept from run to run, the default ones included. */
        public Builder keepPaths(String... patterns) {
            return keepPaths(List.of(patterns));
        }

        /** Replaces the patterns of paths kept from run to run, the default ones included. */
        public Builder keepPaths(List<String> patterns) {
            keepPaths.clear();
            patterns.forEach(p -> keepPaths.add(Glob.of(p)));
            return this;
        }

        /** The checks command line, run through {@code sh -c}. */
        public Builder checks(String commandLine) {
            return checks(Command.shell(commandLine));
        }

        public Builder checks(Command command) {
            this.checks = Optional.of(Objects.requireNonNull(command, "command"));
            return this;
        }

        public Builder noChecks() {
            this.checks = Optional.empty();
            return this;
        }

        public Builder checksTimeout(Duration timeout) {
            this.checksTimeout = Optional.of(positive(timeout, "checks-timeout"));
            return this;
        }

        /** Replaces the secondary metric names. */
        public Builder secondary(List<String> names) {
            secondary.clear();
            for (String n : names) {
                secondary.add(Objects.requireNonNull(n, "secondary metric").strip());
            }
            return this;
        }

        public Builder secondary(String... names) {
            return secondary(List.of(names));
        }

        /** Adds a computed column, or replaces the one of the same name. */
        public Builder column(ComputedColumn column) {
            Objects.requireNonNull(column, "column");
            columns.put(column.name(), column);
            return this;
        }

        public Builder clearColumns() {
            columns.clear();
            return this;
        }

        /** Adds or replaces the constraint on its metric. */
        public Builder constraint(Constraint constraint) {
            constraints.put(constraint.metric(), Objects.requireNonNull(constraint, "constraint"));
            return this;
        }

        public Builder clearConstraints() {
            constraints.clear();
            return this;
        }

        /** How many experiments run at once, and on which devices. */
        public Builder lanes(LaneSettings lanes) {
            this.lanes = Objects.requireNonNull(lanes, "lanes");
            return this;
        }

        /** The lane settings so far, for a caller that changes one of them. */
        public LaneSettings lanes() {
            return lanes;
        }

        /** The session folder, relative to the repository root unless absolute. */
        public Builder sessionDirectory(String directory) {
            Objects.requireNonNull(directory, "directory");
            if (directory.isBlank()) {
                throw new IllegalArgumentException("session-dir must not be blank");
            }
            this.sessionDirectory = Optional.of(directory.strip());
            return this;
        }

        public Builder repeats(int repeats) {
            this.repeats = ProgramKeys.REPEATS.check(repeats);
            return this;
        }

        /** The novelty threshold, 0 (no check) to 1; see {@link ProgramSpec#novelty()}. */
        public Builder novelty(double threshold) {
            ProgramKeys.NOVELTY.check(threshold);
            this.novelty = threshold;
            return this;
        }

        public Builder minImprovement(MinImprovement minImprovement) {
            this.minImprovement = Objects.requireNonNull(minImprovement, "minImprovement");
            return this;
        }

        public Builder stop(StopCriteria stop) {
            this.stop = Objects.requireNonNull(stop, "stop");
            return this;
        }

        /** The stop criteria set so far, to derive new ones from. */
        public StopCriteria stop() {
            return stop;
        }

        /** Replaces the tuned parameters. */
        public Builder tune(List<TunedParameter> parameters) {
            tune.clear();
            tune.addAll(parameters);
            return this;
        }

        /** How the session searches; {@link SearchSettings#DEFAULT} (greedy) unless set. */
        public Builder search(SearchSettings search) {
            this.search = Objects.requireNonNull(search, "search");
            return this;
        }

        /** The search settings set so far, to derive new ones from. */
        public SearchSettings search() {
            return search;
        }

        public Builder keep(KeepSettings keep) {
            this.keep = Objects.requireNonNull(keep, "keep");
            return this;
        }

        /** The keep settings set so far, to derive new ones from. */
        public KeepSettings keep() {
            return keep;
        }

        /** Adds a variable to the environment of every run. */
        public Builder environment(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (name.isEmpty() || name.contains("=")) {
                throw new IllegalArgumentException("not an environment variable name: '" + name + "'");
            }
            environment.put(name, value);
            return this;
        }

        /** Confines runs to their worktree, or not; without this the host chooses. */
        public Builder sandbox(boolean confined) {
            this.sandbox = Optional.of(confined);
            return this;
        }

        /**
         * Replaces the paths a confined run may write besides its worktree and {@code /tmp}: absolute,
         * or starting with {@code ~/} for the home directory.
         */
        public Builder sandboxWritable(List<String> paths) {
            Objects.requireNonNull(paths, "paths");
            for (String path : paths) {
                Objects.requireNonNull(path, "path");
                if (!KeyValues.isWritablePath(path)) {
                    throw new IllegalArgumentException("a sandbox-writable path must be absolute or start with ~/, got '"
                            + path + "'");
                }
            }
            sandboxWritable.clear();
            sandboxWritable.addAll(paths);
            return this;
        }

        /** How experiments are submitted as Slurm jobs; used only when they run on Slurm. */
        public Builder slurm(SlurmOptions options) {
            this.slurm = Objects.requireNonNull(options, "options");
            return this;
        }

        /** The Slurm options set so far, to derive new ones from. */
        public SlurmOptions slurm() {
            return slurm;
        }

        /** The runner and strategy by name, and the runner's own settings. */
        public Builder providers(ProviderChoice choice) {
            this.providers = Objects.requireNonNull(choice, "choice");
            return this;
        }

        /** The names and runner settings set so far, to derive new ones from. */
        public ProviderChoice providers() {
            return providers;
        }

        /**
         * Checks that the required keys are present and consistent.
         *
         * @throws ProgramSpecException naming the missing key and how to supply it
         */
        public ProgramSpec build() {
            if (metric == null) {
                throw missing("metric", "the name of the primary metric, e.g. 'metric: val_bpb'");
            }
            if (direction == null) {
                throw missing("direction", "'minimize' or 'maximize'");
            }
            if (run == null) {
                throw missing("run", "the experiment command, e.g. 'run: uv run train.py'");
            }
            checkTunedFilesWritable();
            checkColumns();
            checkKeep();
            ProgramSpec spec = new ProgramSpec(this);
            checkHoldoutHidden(spec);
            return spec;
        }

        /**
         * A holdout whose command names a file a change may edit is not hidden: a model would see it
         * in its prompt and could change it. A cheap check of the command's words, not a proof.
         */
        private void checkHoldoutHidden(ProgramSpec spec) {
            if (keep.holdout().isEmpty()) {
                return;
            }
            for (String word : keep.holdout().get().run().toString().split("\\s+")) {
                String path = word.replaceAll("^['\"]|['\"]$", "").replaceFirst("^\\./", "");
                if (!path.isEmpty() && !path.startsWith("-") && !path.startsWith("/") && spec.isEditable(path)) {
                    throw new ProgramSpecException(where() + "holdout: its run command uses " + path + ", which a change "
                            + "may edit: the strategy would see it and could change it; keep the holdout's files out of "
                            + "editable and tune (best: untracked files of your checkout, which no worktree has)",
                            "holdout", 0);
                }
            }
        }

        // A readonly tuned file makes every experiment 'invalid'; better to say so before the first one.
        private void checkTunedFilesWritable() {
            for (TunedParameter p : tune) {
                for (Glob g : readonly) {
                    if (g.matches(p.file())) {
                        throw new ProgramSpecException(where() + "tune: " + p.file() + " (" + p.name()
                                + ") is also readonly (pattern '" + g.pattern() + "'), so no experiment could change it; "
                                + "remove it from readonly or from tune", "tune", 0);
                    }
                }
            }
        }

        private void checkColumns() {
            for (ComputedColumn c : columns.values()) {
                if (c.name().equals(metric)) {
                    throw new ProgramSpecException(where() + "columns: '" + c.name()
                            + "' is the primary metric; give the computed column another name", "columns", 0);
                }
                if (columns.containsKey(c.source())) {
                    throw new ProgramSpecException(where() + "columns: '" + c.name() + "' is computed from '"
                            + c.source() + "', another computed column; compute it from a metric the run prints",
                            "columns", 0);
                }
            }
        }

        private String where() {
            return source.map(p -> p + ": ").orElse("the program spec: ");
        }


        /** The keep settings that only make sense together with others. */
        private void checkKeep() {
            if (keep.rule() != KeepSettings.Rule.SIGNIFICANT) {
                return;
            }
            String where = source.map(p -> p + ": ").orElse("the program spec: ");
            if (keep.baselineRepeats() < 2) {
                throw new ProgramSpecException(where + "keep 'significant' measures the noise on the baseline's runs and "
                        + "needs baseline-repeats >= 2, got " + keep.baselineRepeats()
                        + "; raise baseline-repeats or set keep: greedy",
                        "baseline-repeats", 0, List.of(ProgramSpecException.KeyAdvice.set("baseline-repeats"),
                        ProgramSpecException.KeyAdvice.set("keep", "greedy")));
            }
            if (keep.maxRepeats() < 2) {
                throw new ProgramSpecException(where + "keep 'significant' needs max-repeats >= 2 to test a candidate, got "
                        + keep.maxRepeats() + "; raise max-repeats or set keep: greedy",
                        "max-repeats", 0, List.of(ProgramSpecException.KeyAdvice.set("max-repeats"),
                        ProgramSpecException.KeyAdvice.set("keep", "greedy")));
            }
        }

        /** Names the key; a host adds its own option for it from the advice. */
        private ProgramSpecException missing(String key, String expected) {
            String what = "missing required key '" + key + "' (" + expected + ")";
            List<ProgramSpecException.KeyAdvice> advice = List.of(ProgramSpecException.KeyAdvice.set(key));
            if (source.isEmpty()) {
                return new ProgramSpecException("the program spec: " + what + "; set it on the builder with " + key
                        + "(...)", key, 0, advice);
            }
            int end = frontMatterEnd.orElse(0);
            if (end > 0) {
                return new ProgramSpecException(source.get() + ":" + end + ": " + what
                        + "; add it to the front matter, which ends on this line", key, end, advice);
            }
            return new ProgramSpecException(source.get() + ": " + what
                    + (frontMatterEnd.isPresent() ? "; the file has no front matter: begin the file with a '---' line, "
                    + "the key, and another '---' line" : "; add it to the front matter"), key, 0, advice);
        }

        private static Duration positive(Duration d, String key) {
            Objects.requireNonNull(d, key);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(key + " must be positive, got " + d);
            }
            return d;
        }
    }
}
