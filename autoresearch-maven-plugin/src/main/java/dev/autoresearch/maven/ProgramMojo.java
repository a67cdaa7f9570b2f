package dev.autoresearch.maven;

import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.program.ProgramKey;
import dev.autoresearch.core.program.ProgramKeys;
import dev.autoresearch.host.OptionStyle;
import dev.autoresearch.host.ProgramFile;
import dev.autoresearch.host.KeyOptions;
import dev.autoresearch.host.Sessions;
import dev.autoresearch.host.UsageException;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A goal that reads program.md, with a parameter for every program.md key ({@link ProgramKeys}): a
 * parameter that is set overrides the file's value, as the command's flags do. Each is a user
 * property {@code autoresearch.<name>} too. Maven needs them as fields, so they are written out here;
 * PluginParametersTest fails when a key has no field or a field no key.
 */
abstract class ProgramMojo extends AbstractAutoresearchMojo {
    /** The program file (default: program.md in the module's directory, else at the repository's root). */
    @Parameter(property = "autoresearch.program")
    File program;

    /** The primary metric, as the run prints it. */
    @Parameter(property = "autoresearch.metric")
    String metric;

    /** Which way the metric is better: minimize or maximize. */
    @Parameter(property = "autoresearch.direction")
    String direction;

    /** The experiment command, run through sh -c in the worktree. */
    @Parameter(property = "autoresearch.run")
    String run;

    /** Limit for one run, such as 90s, 10m or 1h30m. */
    @Parameter(property = "autoresearch.timeout")
    String timeout;

    /** Files a change may edit (globs). */
    @Parameter(property = "autoresearch.editable")
    List<String> editable;

    /** Files no change and no run may alter (the evaluation harness). */
    @Parameter(property = "autoresearch.readonly")
    List<String> readonly;

    /** Untracked paths kept from run to run (globs); replaces the default list of environments and caches. */
    @Parameter(property = "autoresearch.keepPaths")
    List<String> keepPaths;

    /** A command that must pass for a keep, such as the tests. */
    @Parameter(property = "autoresearch.checks")
    String checks;

    /** Ignore program.md's checks command. */
    @Parameter(property = "autoresearch.noChecks")
    String noChecks;

    /** Limit for one run of the checks (default: the run's timeout). */
    @Parameter(property = "autoresearch.checksTimeout")
    String checksTimeout;

    /** Further metrics to record. */
    @Parameter(property = "autoresearch.secondary")
    List<String> secondary;

    /** Columns of results.tsv computed from a metric, as NAME=EXPRESSION such as memory_gb=peak_vram_mb/1024. */
    @Parameter(property = "autoresearch.column")
    List<String> column;

    /** Bounds a kept experiment must respect, such as memory_gb&lt;=80; added to program.md's by metric. */
    @Parameter(property = "autoresearch.constraint")
    List<String> constraint;

    /** Runs per experiment; medians are compared. */
    @Parameter(property = "autoresearch.repeats")
    String repeats;

    /** How alike a proposal may be to a measured idea before it is refused, 0 to 1; 0 turns the check off. */
    @Parameter(property = "autoresearch.novelty")
    String novelty;

    /** Where proposals start: greedy, tree or islands. */
    @Parameter(property = "autoresearch.search")
    String search;

    /**
     * Once the tree leaves its champion, how much it favours little-explored nodes over good ones, 0 to
     * 10 (0 takes the best other node).
     */
    @Parameter(property = "autoresearch.exploration")
    String exploration;

    /** How many lineages an island search keeps. */
    @Parameter(property = "autoresearch.islands")
    String islands;

    /** Every N-th experiment of an island search brings the best island's champion to another island. */
    @Parameter(property = "autoresearch.migrateEvery")
    String migrateEvery;

    /** Experiments in a row without a keep that make a plateau. */
    @Parameter(property = "autoresearch.plateau")
    String plateau;

    /** What a plateau does: explore or stop. */
    @Parameter(property = "autoresearch.onPlateau")
    String onPlateau;

    /** Gain a keep needs over the best: an amount (0.001) or a percentage (0.5%). */
    @Parameter(property = "autoresearch.minImprovement")
    String minImprovement;

    /** Stop after this many experiments (after the baseline). */
    @Parameter(property = "autoresearch.maxExperiments")
    String maxExperiments;

    /** Stop after this much session time, such as 2h. */
    @Parameter(property = "autoresearch.maxDuration")
    String maxDuration;

    /** Stop once the best metric reaches this value. */
    @Parameter(property = "autoresearch.target")
    String target;

    /** Stop after this many experiments in a row without a keep. */
    @Parameter(property = "autoresearch.patience")
    String patience;

    /** Stop after this many crashed, timed-out or invalid experiments in a row. */
    @Parameter(property = "autoresearch.crashStreak")
    String crashStreak;

    /** Variables for every run, as NAME=VALUE; added to program.md's by name. */
    @Parameter(property = "autoresearch.env")
    List<String> env;

    /** Numeric constants for the tune strategy, as FILE:NAME=LOW..HIGH[:SCALE]; replaces program.md's list. */
    @Parameter(property = "autoresearch.tune")
    List<String> tune;

    /** Experiments run at once, each in a worktree of its own (default: one per device group, else 1). */
    @Parameter(property = "autoresearch.workers")
    String workers;

    /** Accelerators to share out among the lanes, such as 0-7 or 0,1,2,3. */
    @Parameter(property = "autoresearch.devices")
    List<String> devices;

    /** Devices each lane gets (default 1). */
    @Parameter(property = "autoresearch.devicesPerExperiment")
    String devicesPerExperiment;

    /** Where the session's files and worktrees go (default .autoresearch/TAG at the repository root). */
    @Parameter(property = "autoresearch.sessionDir")
    String sessionDir;

    /** Confine the runs with bubblewrap (true or false; default: on with the llm strategy, off otherwise). */
    @Parameter(property = "autoresearch.sandbox")
    String sandbox;

    /** Paths sandboxed runs may write too, such as ~/.cache; replaces program.md's list. */
    @Parameter(property = "autoresearch.sandboxWritable")
    List<String> sandboxWritable;

    /** How keeps are decided: significant (default) or greedy. */
    @Parameter(property = "autoresearch.keep")
    String keep;

    /** The confidence a significant keep needs, 0.5 to 0.999 (default 0.95). */
    @Parameter(property = "autoresearch.confidence")
    String confidence;

    /** Runs of the baseline, which measure the noise (default 3). */
    @Parameter(property = "autoresearch.baselineRepeats")
    String baselineRepeats;

    /** The most runs a candidate gets under the significant rule (default 5). */
    @Parameter(property = "autoresearch.maxRepeats")
    String maxRepeats;

    /** Comparisons after which the champion's pooled runs are checked again (default 10). */
    @Parameter(property = "autoresearch.remeasureEvery")
    String remeasureEvery;

    /**
     * A hidden check for new champions, run from the checkout on the kept code (see the holdout key);
     * with holdoutMetric, unless program.md declares a holdout.
     */
    @Parameter(property = "autoresearch.holdoutRun")
    String holdoutRun;

    /** The metric the holdout command prints. */
    @Parameter(property = "autoresearch.holdoutMetric")
    String holdoutMetric;

    /** Limit for one holdout run. */
    @Parameter(property = "autoresearch.holdoutTimeout")
    String holdoutTimeout;

    /** Run the holdout for every k-th new champion. */
    @Parameter(property = "autoresearch.holdoutEvery")
    String holdoutEvery;

    /** Discard a change whose holdout got worse beyond noise (true or false). */
    @Parameter(property = "autoresearch.holdoutGuard")
    String holdoutGuard;

    /** The Slurm partition of the jobs (with runner slurm). */
    @Parameter(property = "autoresearch.slurmPartition")
    String slurmPartition;

    /** The Slurm account to charge. */
    @Parameter(property = "autoresearch.slurmAccount")
    String slurmAccount;

    /** The Slurm quality of service. */
    @Parameter(property = "autoresearch.slurmQos")
    String slurmQos;

    /** Generic resources per job, such as gpu:1. */
    @Parameter(property = "autoresearch.slurmGres")
    String slurmGres;

    /** CPUs per job. */
    @Parameter(property = "autoresearch.slurmCpus")
    String slurmCpus;

    /** Memory per job, such as 64G. */
    @Parameter(property = "autoresearch.slurmMem")
    String slurmMem;

    /** The jobs' time limit (default: the timeout plus 2 minutes). */
    @Parameter(property = "autoresearch.slurmTime")
    String slurmTime;

    /** Other sbatch options, such as constraint=a100. */
    @Parameter(property = "autoresearch.slurmExtra")
    List<String> slurmExtra;

    /**
     * Where experiments run: local (subprocesses, the default), slurm (batch jobs with the slurm parameters), or
     * a runner from a jar added as a dependency of the plugin.
     */
    @Parameter(property = "autoresearch.runner")
    String runner;

    /** Settings of the runner's own, as KEY=VALUE; added to program.md's runner-options by key. */
    @Parameter(property = "autoresearch.runnerOption")
    List<String> runnerOption;

    /**
     * What proposes changes: tune (program.md's tune parameters), llm, or a strategy from a jar added as a
     * dependency of the plugin. Default: llm when a model is configured, else tune.
     */
    @Parameter(property = "autoresearch.strategy")
    String strategy;

    /** The contract and how to name its origin. */
    record Program(ProgramSpec spec, String name) {
    }

    /**
     * Reads the program file and applies the parameters that are set. Without a program file, the
     * metric, direction and run parameters must be set.
     */
    Program program() {
        Optional<Path> file = program == null ? ProgramFile.find(directory())
                : Optional.of(program.toPath().toAbsolutePath().normalize());
        ProgramSpec.Builder b;
        String name;
        if (file.isPresent() && Files.isRegularFile(file.get())) {
            b = ProgramSpec.parse(file.get());
            // Named as the user finds it from the module: ../program.md for the repository root's.
            name = directory().relativize(file.get()).toString();
        } else if (file.isPresent() && Files.exists(file.get())) {
            throw new UsageException(display(file.get()) + " is not a file", "name a program.md file");
        } else if (program == null && metric != null && direction != null && run != null) {
            b = ProgramSpec.builder();
            name = "parameters";
        } else {
            Path missing = file.orElse(directory().resolve(ProgramFile.NAME));
            throw new UsageException("no program file " + missing + (program == null ? " (nor at the repository's root, "
                    + Sessions.repositoryRoot(directory()) + ")" : ""),
                    "write one with 'mvn autoresearch:init', or set autoresearch.metric, autoresearch.direction "
                            + "and autoresearch.run");
        }
        KeyOptions.applyAll(b, this::values, OptionStyle.MAVEN);
        return new Program(KeyOptions.build(b, OptionStyle.MAVEN), name);
    }

    /** The values of the parameter of {@code key}, empty when it is not set. */
    List<String> values(ProgramKey key) {
        Object value;
        try {
            Field f = ProgramMojo.class.getDeclaredField(KeyOptions.parameter(key));
            value = f.get(this);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the plugin has no parameter " + KeyOptions.parameter(key)
                    + " for program.md key " + key.name(), e);
        }
        if (value == null) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(v -> values.add(String.valueOf(v)));
        } else {
            values.add(String.valueOf(value));
        }
        return values;
    }

    /** Parses a parameter's value, naming the parameter when it does not parse. */
    static <T> T parse(String option, String value, Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid value for option '" + OptionStyle.MAVEN.name(option) + "': "
                    + e.getMessage(), OptionStyle.MAVEN.help());
        }
    }
}
