package dev.autoresearch.core.internal.program;

import dev.autoresearch.core.ComputedColumn;
import dev.autoresearch.core.Constraint;
import dev.autoresearch.core.Direction;
import dev.autoresearch.core.Durations;
import dev.autoresearch.core.Glob;
import dev.autoresearch.core.LaneSettings;
import dev.autoresearch.core.MinImprovement;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ProgramSpecException;
import dev.autoresearch.core.SlurmOptions;
import dev.autoresearch.core.StopCriteria;
import dev.autoresearch.core.TunedParameter;
import dev.autoresearch.core.keep.Holdout;
import dev.autoresearch.core.keep.KeepSettings;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Reads a program.md, a Markdown file whose YAML front matter (between {@code ---} lines) holds
 * the research contract and whose prose body goes unchanged to model-driven strategies, into a
 * {@link ProgramSpec.Builder}.
 *
 * <p>Keys: {@code metric}, {@code direction}, {@code run}, {@code timeout}, {@code editable},
 * {@code readonly}, {@code checks}, {@code checks-timeout}, {@code secondary}, {@code columns}, {@code constraints},
 * {@code repeats}, {@code min-improvement}, {@code stop} (with {@code max-experiments},
 * {@code max-duration}, {@code target}, {@code patience}, {@code crash-streak}), {@code env} and
 * {@code tune} (a list of {@code file}, {@code name}, {@code range}, {@code scale}), and the keep
 * rule's {@code keep}, {@code confidence}, {@code baseline-repeats}, {@code max-repeats},
 * {@code remeasure-every}, {@code holdout} (with {@code run}, {@code metric}, {@code timeout}),
 * {@code holdout-every}, {@code holdout-guard} and {@code slurm}
 * (with {@code partition}, {@code account}, {@code qos}, {@code gres}, {@code cpus}, {@code mem},
 * {@code time}, {@code extra}), and {@code novelty}. No key is
 * required here: a file without front matter is prose only, and {@link ProgramSpec.Builder#build()}
 * reports whatever required key neither the file nor the caller supplied.
 *
 * <p>An unknown key, a value of the wrong type or form, a YAML syntax error or an unclosed front
 * matter is a {@link ProgramSpecException} whose message starts with {@code file:line:} and says
 * what is expected.
 */
public final class ProgramSpecParser {
    /** The top-level keys, in the order the documentation lists them. */
    static final List<String> KEYS = List.of("metric", "direction", "run", "timeout", "editable", "readonly",
            "keep-paths", "checks", "checks-timeout", "secondary", "columns", "constraints", "repeats", "min-improvement", "stop", "env",
            "tune", "workers", "devices", "devices-per-experiment", "session-dir", "sandbox", "sandbox-writable", "keep", "confidence",
            "baseline-repeats", "max-repeats", "remeasure-every", "holdout", "holdout-every", "holdout-guard", "slurm",
            "novelty");
    static final List<String> STOP_KEYS = List.of("max-experiments", "max-duration", "target", "patience",
            "crash-streak");
    static final List<String> TUNE_KEYS = List.of("file", "name", "range", "scale");
    static final List<String> HOLDOUT_KEYS = List.of("run", "metric", "timeout");
    static final List<String> SLURM_KEYS = List.of("partition", "account", "qos", "gres", "cpus", "mem", "time",
            "extra");

    // The same rule as ProgramSpec.Builder.metric, applied to secondary and constrained names as well.
    private static final Pattern METRIC_NAME = ProgramSpec.METRIC_NAME;
    // Quoted numbers are still numbers; YAML would otherwise turn "3" into a type error.
    private static final Pattern INTEGER_TEXT = Pattern.compile("[-+]?\\d+");
    private static final Pattern DECIMAL_TEXT = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    private static final String DURATION = "a duration such as 90s, 10m, 2h or 1h30m";
    private static final String COMPARISON = "a comparison such as \"<= 80000\" or \">= 0.9\"";
    private static final String MIN_IMPROVEMENT = "an amount >= 0 such as 0.001 or a percentage such as 0.5%";
    private static final String TUNE_ENTRY = "a mapping with file, name, range and optionally scale";

    private final String where;
    private final ProgramSpec.Builder builder;

    private ProgramSpecParser(String where, ProgramSpec.Builder builder) {
        this.where = where;
        this.builder = builder;
    }

    /**
     * The text of a program file, read as UTF-8.
     *
     * @throws ProgramSpecException naming the file and what to do when it cannot be read
     */
    public static String read(Path file) {
        Objects.requireNonNull(file, "file");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw unreadable(file + ": no such program file; create it or pass the path of an existing one", e);
        } catch (CharacterCodingException e) {
            throw unreadable(file + ": the program file is not valid UTF-8 text; save it as UTF-8", e);
        } catch (IOException e) {
            throw unreadable(file + ": cannot read the program file: " + e, e);
        }
        return text;
    }

    /** The 1-based line of the closing {@code ---} of the text's front matter, 0 when it has none. */
    public static int frontMatterEnd(String text, Path source) {
        return FrontMatter.split(text, source.toString()).closingLine();
    }

    /**
     * Parses program.md text.
     *
     * @param source the file the text came from: set as the builder's source and named in messages
     * @return a builder holding the front matter's values, {@code source} and the prose
     * @throws ProgramSpecException naming the file, the line, the key and what is expected
     */
    public static ProgramSpec.Builder parse(String text, Path source) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(source, "source");
        String where = source.toString();
        FrontMatter frontMatter = FrontMatter.split(text, where);
        ProgramSpec.Builder builder = ProgramSpec.builder().source(source).prose(frontMatter.prose());
        frontMatter.yaml()
                .flatMap(yaml -> YamlTreeReader.read(yaml, FrontMatter.YAML_LINE_OFFSET, where))
                .ifPresent(root -> new ProgramSpecParser(where, builder).apply(root));
        return builder;
    }

    private static ProgramSpecException unreadable(String message, IOException cause) {
        return new ProgramSpecException(message, "", 0, cause);
    }

    private LaneSettings lanes = LaneSettings.DEFAULT;

    private void apply(YamlNode root) {
        if (!(root instanceof YamlNode.Mapping)) {
            throw new ProgramSpecException(where + ":" + root.line()
                    + ": the front matter must be a mapping of keys such as 'metric: val_bpb', got "
                    + root.describe(), "", root.line());
        }
        for (YamlNode.Entry e : ((YamlNode.Mapping) root).entries().values()) {
            String key = e.key();
            int line = e.line();
            YamlNode value = e.value();
            switch (key) {
                case "metric":
                    String metric = metricName(value, key, line, "a metric name such as val_bpb");
                    set(key, line, () -> builder.metric(metric));
                    break;
                case "direction":
                    Direction direction = convert(key, line,
                            () -> Direction.parse(string(value, key, line, "'minimize' or 'maximize'")));
                    builder.direction(direction);
                    break;
                case "run":
                    String run = string(value, key, line, "a command line such as 'uv run train.py'");
                    set(key, line, () -> builder.run(run.strip()));
                    break;
                case "timeout":
                    Duration timeout = duration(value, key, line);
                    set(key, line, () -> builder.timeout(timeout));
                    break;
                case "editable":
                    List<String> editable = patterns(value, key, line);
                    set(key, line, () -> builder.editable(editable));
                    break;
                case "readonly":
                    List<String> readonly = patterns(value, key, line);
                    set(key, line, () -> builder.readonly(readonly));
                    break;
                case "keep-paths":
                    List<String> keepPaths = patterns(value, key, line);
                    set(key, line, () -> builder.keepPaths(keepPaths));
                    break;
                case "checks":
                    String checks = string(value, key, line, "a command line such as './gradlew test'");
                    set(key, line, () -> builder.checks(checks.strip()));
                    break;
                case "checks-timeout":
                    Duration checksTimeout = duration(value, key, line);
                    set(key, line, () -> builder.checksTimeout(checksTimeout));
                    break;
                case "secondary":
                    List<String> secondary = secondary(value, key, line);
                    set(key, line, () -> builder.secondary(secondary));
                    break;
                case "columns":
                    columns(value, key, line);
                    break;
                case "constraints":
                    constraints(value, key, line);
                    break;
                case "repeats":
                    int repeats = (int) whole(value, key, line, 1, 1000, "a whole number from 1 to 1000");
                    set(key, line, () -> builder.repeats(repeats));
                    break;
                case "novelty":
                    double novelty = number(value, key, line, "a number from 0 (no check) to 1");
                    set(key, line, () -> builder.novelty(novelty));
                    break;
                case "workers":
                    int workers = (int) whole(value, key, line, 1, 256, "a whole number of lanes from 1 to 256");
                    lanes = new LaneSettings(java.util.OptionalInt.of(workers), lanes.devices(), lanes.devicesPerExperiment());
                    set(key, line, () -> builder.lanes(lanes));
                    break;
                case "devices":
                    List<String> devices = convert(key, line, () -> dev.autoresearch.core.DeviceList.parse(
                            value instanceof YamlNode.Scalar ? string(value, key, line, "device ids such as 0-7 or 0,1")
                                    : String.join(",", listOrOne(value, key, line, "device ids such as 0-7 or 0,1").stream()
                                    .map(v -> string(v, key, v.line(), "a device id")).toList())));
                    lanes = new LaneSettings(lanes.workers(), devices, lanes.devicesPerExperiment());
                    set(key, line, () -> builder.lanes(lanes));
                    break;
                case "devices-per-experiment":
                    int perExperiment = (int) whole(value, key, line, 1, 64, "a whole number of devices from 1 to 64");
                    lanes = new LaneSettings(lanes.workers(), lanes.devices(), perExperiment);
                    set(key, line, () -> builder.lanes(lanes));
                    break;
                case "session-dir":
                    String sessionDir = string(value, key, line, "a directory such as /shared/sessions/nov28");
                    set(key, line, () -> builder.sessionDirectory(sessionDir));
                    break;
                case "min-improvement":
                    MinImprovement minImprovement = minImprovement(value, key, line);
                    set(key, line, () -> builder.minImprovement(minImprovement));
                    break;
                case "stop":
                    stop(value, key, line);
                    break;
                case "env":
                    environment(value, key, line);
                    break;
                case "tune":
                    tune(value, key, line);
                    break;
                case "sandbox":
                    boolean sandbox = bool(value, key, line);
                    builder.sandbox(sandbox);
                    break;
                case "sandbox-writable":
                    List<String> writable = writablePaths(value, key, line);
                    set(key, line, () -> builder.sandboxWritable(writable));
                    break;
                case "keep":
                case "confidence":
                case "baseline-repeats":
                case "max-repeats":
                case "remeasure-every":
                case "holdout-every":
                case "holdout-guard":
                    KeepSettings keep = keepSetting(builder.keep(), value, key, line);
                    set(key, line, () -> builder.keep(keep));
                    break;
                case "holdout":
                    Holdout holdout = holdout(value, key, line);
                    set(key, line, () -> builder.keep(builder.keep().withHoldout(holdout)));
                    break;
                case "slurm":
                    slurm(value, key, line);
                    break;
                default:
                    throw unknownKey("", e, "", KEYS, "Known keys");
            }
        }
    }

    /** {@code keep} with one of its scalar keys set from {@code value}. */
    private KeepSettings keepSetting(KeepSettings keep, YamlNode value, String key, int line) {
        switch (key) {
            case "keep":
                String rule = string(value, key, line, "'greedy' or 'significant'");
                return keep.withRule(convert(key, line, () -> KeepSettings.Rule.parse(rule)));
            case "confidence":
                String expected = "a number from 0.5 to 0.999, such as 0.95";
                double confidence = number(value, key, line, expected);
                if (confidence < 0.5 || confidence > 0.999) {
                    throw fail(key, line, "expected " + expected + ", got " + value.describe());
                }
                return keep.withConfidence(confidence);
            case "baseline-repeats":
                return keep.withBaselineRepeats((int) whole(value, key, line, 1, 1000, "a whole number from 1 to 1000"));
            case "max-repeats":
                return keep.withMaxRepeats((int) whole(value, key, line, 1, 1000, "a whole number from 1 to 1000"));
            case "remeasure-every":
                return keep.withRemeasureEvery((int) whole(value, key, line, 1, Integer.MAX_VALUE,
                        "a whole number >= 1 (comparisons of a champion)"));
            case "holdout-every":
                return keep.withHoldoutEvery((int) whole(value, key, line, 1, Integer.MAX_VALUE,
                        "a whole number >= 1 (run the holdout for every k-th new champion)"));
            case "holdout-guard":
                return keep.withHoldoutGuard(bool(value, key, line));
            default:
                throw new IllegalArgumentException("not a keep key: " + key);
        }
    }

    private Holdout holdout(YamlNode value, String key, int line) {
        YamlNode.Mapping mapping = mapping(value, key, line, "a mapping with run, metric and optionally timeout, "
                + "such as {run: ./eval-test.sh, metric: test_acc}");
        Map<String, YamlNode.Entry> entries = mapping.entries();
        for (YamlNode.Entry e : entries.values()) {
            if (!HOLDOUT_KEYS.contains(e.key())) {
                throw unknownKey(key + ".", e, "", HOLDOUT_KEYS, "Known keys under holdout");
            }
        }
        YamlNode.Entry run = entries.get("run");
        if (run == null) {
            throw missing(key + ".run", "", line, "the holdout command, such as './eval-test.sh'");
        }
        YamlNode.Entry metric = entries.get("metric");
        if (metric == null) {
            throw missing(key + ".metric", "", line, "the metric the holdout command prints, such as test_acc");
        }
        String command = string(run.value(), key + ".run", run.line(), "a command line such as './eval-test.sh'").strip();
        String name = metricName(metric.value(), key + ".metric", metric.line(), "a metric name such as test_acc");
        Holdout holdout = Holdout.of(command, name);
        YamlNode.Entry timeout = entries.get("timeout");
        if (timeout != null) {
            holdout = holdout.withTimeout(duration(timeout.value(), key + ".timeout", timeout.line()));
        }
        return holdout;
    }

    private List<String> patterns(YamlNode value, String key, int line) {
        List<String> patterns = new ArrayList<>();
        for (YamlNode.Scalar item : listOrOne(value, key, line, "a path pattern such as 'src/**/*.java'")) {
            String pattern = string(item, key, item.line(), "a path pattern such as 'src/**/*.java'");
            // Compile now, so a bad pattern is reported with its line rather than by the builder.
            convert(key, item.line(), () -> Glob.of(pattern));
            patterns.add(pattern);
        }
        return patterns;
    }

    private List<String> writablePaths(YamlNode value, String key, int line) {
        String expected = "an absolute path or one starting with ~/, such as ~/.cache";
        List<String> paths = new ArrayList<>();
        for (YamlNode.Scalar item : listOrOne(value, key, line, expected)) {
            String path = string(item, key, item.line(), expected).strip();
            if (!(path.equals("~") || path.startsWith("~/") || path.startsWith("/"))) {
                throw fail(key, item.line(), "expected " + expected + ", got " + item.describe());
            }
            paths.add(path);
        }
        return paths;
    }

    private boolean bool(YamlNode value, String key, int line) {
        if (value instanceof YamlNode.Scalar && ((YamlNode.Scalar) value).kind() == YamlNode.Kind.BOOLEAN) {
            return Boolean.parseBoolean(((YamlNode.Scalar) value).text().strip().toLowerCase(java.util.Locale.ROOT));
        }
        throw fail(key, line, "expected true or false, got " + value.describe());
    }

    private List<String> secondary(YamlNode value, String key, int line) {
        List<String> names = new ArrayList<>();
        for (YamlNode.Scalar item : listOrOne(value, key, line, "a metric name such as memory_gb")) {
            names.add(metricName(item, key, item.line(), "a metric name such as memory_gb"));
        }
        return names;
    }

    private void columns(YamlNode value, String key, int line) {
        YamlNode.Mapping mapping = mapping(value, key, line,
                "a mapping from column name to an expression, such as memory_gb: \"peak_vram_mb / 1024\"");
        for (YamlNode.Entry e : mapping.entries().values()) {
            String path = key + "." + e.key();
            String expression = scalarText(e.value(), path, e.line(), "an expression such as \"peak_vram_mb / 1024\"");
            set(path, e.line(), () -> builder.column(ComputedColumn.parse(e.key(), expression)));
        }
    }

    private void constraints(YamlNode value, String key, int line) {
        YamlNode.Mapping mapping = mapping(value, key, line,
                "a mapping from metric name to " + COMPARISON + ", such as memory_gb: \"<= 80\"");
        for (YamlNode.Entry e : mapping.entries().values()) {
            String path = key + "." + e.key();
            if (!METRIC_NAME.matcher(e.key()).matches()) {
                throw fail(path, e.line(), "expected a metric name such as memory_gb, got '" + e.key() + "'");
            }
            String expression = scalarText(e.value(), path, e.line(), COMPARISON);
            try {
                builder.constraint(Constraint.parse(e.key(), expression));
            } catch (IllegalArgumentException notAComparison) {
                // One wording for every way it can fail, "<= 1.2.3" (a NumberFormatException) included.
                throw fail(path, e.line(), "expected " + COMPARISON + ", got " + e.value().describe());
            }
        }
    }

    private MinImprovement minImprovement(YamlNode value, String key, int line) {
        String text = scalarText(value, key, line, MIN_IMPROVEMENT);
        try {
            return MinImprovement.parse(text);
        } catch (IllegalArgumentException e) {
            throw fail(key, line, "expected " + MIN_IMPROVEMENT + ", got " + value.describe());
        }
    }

    private void stop(YamlNode value, String key, int line) {
        YamlNode.Mapping mapping = mapping(value, key, line,
                "a mapping with any of " + String.join(", ", STOP_KEYS));
        StopCriteria stop = builder.stop();
        for (YamlNode.Entry e : mapping.entries().values()) {
            String path = key + "." + e.key();
            int at = e.line();
            YamlNode v = e.value();
            switch (e.key()) {
                case "max-experiments":
                    stop = stop.withMaxExperiments((int) whole(v, path, at, 0, Integer.MAX_VALUE, "a whole number >= 0"));
                    break;
                case "max-duration":
                    stop = stop.withMaxDuration(duration(v, path, at));
                    break;
                case "target":
                    stop = stop.withTarget(number(v, path, at, "a number, the metric value to reach"));
                    break;
                case "patience":
                    stop = stop.withPatience((int) whole(v, path, at, 1, Integer.MAX_VALUE,
                            "a whole number >= 1 (experiments in a row without a keep)"));
                    break;
                case "crash-streak":
                    stop = stop.withCrashStreak((int) whole(v, path, at, 1, Integer.MAX_VALUE,
                            "a whole number >= 1 (failed experiments in a row)"));
                    break;
                default:
                    throw unknownKey(key + ".", e, "", STOP_KEYS, "Known keys under stop");
            }
        }
        builder.stop(stop);
    }

    private void environment(YamlNode value, String key, int line) {
        YamlNode.Mapping mapping = mapping(value, key, line,
                "a mapping from variable name to value, such as CUDA_VISIBLE_DEVICES: \"0\"");
        for (YamlNode.Entry e : mapping.entries().values()) {
            String path = key + "." + e.key();
            YamlNode v = e.value();
            // A variable's value is text: numbers and booleans are taken as written, '' is allowed.
            if (!(v instanceof YamlNode.Scalar) || ((YamlNode.Scalar) v).kind() == YamlNode.Kind.NULL) {
                throw fail(path, e.line(), "expected a value such as \"0\" or \"fast\", got " + v.describe());
            }
            String text = ((YamlNode.Scalar) v).text();
            set(path, e.line(), () -> builder.environment(e.key(), text));
        }
    }

    private void slurm(YamlNode value, String key, int line) {
        YamlNode.Mapping mapping = mapping(value, key, line, "a mapping with any of " + String.join(", ", SLURM_KEYS)
                + ", such as partition: gpu");
        SlurmOptions options = builder.slurm();
        for (YamlNode.Entry e : mapping.entries().values()) {
            String path = key + "." + e.key();
            int at = e.line();
            YamlNode v = e.value();
            switch (e.key()) {
                case "partition":
                    options = slurmWord(v, path, at, "a partition name such as gpu", options, SlurmOptions::withPartition);
                    break;
                case "account":
                    options = slurmWord(v, path, at, "an account name such as research", options, SlurmOptions::withAccount);
                    break;
                case "qos":
                    options = slurmWord(v, path, at, "a quality of service such as normal", options, SlurmOptions::withQos);
                    break;
                case "gres":
                    options = slurmWord(v, path, at, "generic resources such as gpu:1 or gpu:a100:2", options,
                            SlurmOptions::withGres);
                    break;
                case "mem":
                    options = slurmWord(v, path, at, "memory per node such as 16G or 4000M", options, SlurmOptions::withMem);
                    break;
                case "cpus":
                    int cpus = (int) whole(v, path, at, 1, 100_000, "a whole number >= 1 (CPUs per task)");
                    options = convert(path, at, options, o -> o.withCpus(cpus));
                    break;
                case "time":
                    Duration time = duration(v, path, at);
                    options = convert(path, at, options, o -> o.withTime(time));
                    break;
                case "extra":
                    List<String> extraOptions = new ArrayList<>();
                    String expected = "an sbatch option such as --constraint=a100";
                    for (YamlNode.Scalar item : listOrOne(v, path, at, expected)) {
                        String option = string(item, path, item.line(), expected).strip();
                        if (!option.startsWith("-")) {
                            throw fail(path, item.line(), "expected " + expected + " (one option, starting with -), got "
                                    + item.describe());
                        }
                        extraOptions.add(option);
                    }
                    options = convert(path, at, options, o -> o.withExtra(extraOptions));
                    break;
                case "gpus":
                case "gpu":
                    // the nearest key by spelling (cpus) would be the wrong advice
                    throw new ProgramSpecException(where + ":" + at + ": unknown key '" + path + "': GPUs are asked"
                            + " for as generic resources, such as 'gres: gpu:1'. Known keys under slurm: "
                            + String.join(", ", SLURM_KEYS), path, at);
                default:
                    throw unknownKey(key + ".", e, "", SLURM_KEYS, "Known keys under slurm");
            }
        }
        builder.slurm(options);
    }

    /** Sets one word of an sbatch option: text or a number (a partition may be called 2), no spaces. */
    private SlurmOptions slurmWord(YamlNode value, String key, int line, String expected, SlurmOptions options,
                                   java.util.function.BiFunction<SlurmOptions, String, SlurmOptions> with) {
        String text = scalarText(value, key, line, expected).strip();
        if (text.chars().anyMatch(Character::isWhitespace)) {
            throw fail(key, line, "expected " + expected + " (one word, no spaces), got " + value.describe());
        }
        return convert(key, line, options, o -> with.apply(o, text));
    }

    private void tune(YamlNode value, String key, int line) {
        if (!(value instanceof YamlNode.Sequence)) {
            throw fail(key, line, "expected a list of parameters, each " + TUNE_ENTRY + ", got " + value.describe());
        }
        List<TunedParameter> parameters = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        int index = 0;
        for (YamlNode item : ((YamlNode.Sequence) value).items()) {
            index++;
            String entry = " in tune entry " + index;
            if (!(item instanceof YamlNode.Mapping)) {
                throw fail(key, entry, item.line(), "expected " + TUNE_ENTRY + ", got " + item.describe());
            }
            TunedParameter parameter = tuneEntry((YamlNode.Mapping) item, key, entry);
            for (int i = 0; i < parameters.size(); i++) {
                TunedParameter other = parameters.get(i);
                if (other.file().equals(parameter.file()) && other.name().equals(parameter.name())) {
                    throw fail(key + ".name", entry, item.line(), "'" + parameter.name() + "' in "
                            + parameter.file() + " is already tuned by the entry on line " + lines.get(i)
                            + "; keep one");
                }
            }
            parameters.add(parameter);
            lines.add(item.line());
        }
        builder.tune(parameters);
    }

    private TunedParameter tuneEntry(YamlNode.Mapping item, String key, String entry) {
        Map<String, YamlNode.Entry> entries = item.entries();
        for (YamlNode.Entry e : entries.values()) {
            if (!TUNE_KEYS.contains(e.key())) {
                throw unknownKey(key + ".", e, entry, TUNE_KEYS, "Known keys in a tune entry");
            }
        }
        String file = required(entries, key + ".file", entry, item.line(),
                "a path relative to the repository root, such as train.py");
        String name = required(entries, key + ".name", entry, item.line(),
                "the constant's name as written in the file, such as LEARNING_RATE");
        YamlNode.Entry range = entries.get("range");
        if (range == null) {
            throw missing(key + ".range", entry, item.line(), "[low, high], two numbers with low < high");
        }
        YamlNode.Entry scaleEntry = entries.get("scale");
        TunedParameter.Scale scale = TunedParameter.Scale.LINEAR;
        if (scaleEntry != null) {
            String text = string(scaleEntry.value(), key + ".scale", entry, scaleEntry.line(),
                    "'linear', 'log' or 'int'");
            scale = convert(key + ".scale", entry, scaleEntry.line(), () -> TunedParameter.Scale.parse(text));
        }
        String rangeKey = key + ".range";
        int rangeLine = range.line();
        String expected = "[low, high], two numbers with low < high";
        YamlNode r = range.value();
        if (!(r instanceof YamlNode.Sequence) || ((YamlNode.Sequence) r).items().size() != 2) {
            throw fail(rangeKey, entry, rangeLine, "expected " + expected + ", got " + r.describe());
        }
        List<YamlNode> bounds = ((YamlNode.Sequence) r).items();
        double low = number(bounds.get(0), rangeKey, entry, rangeLine, expected, r);
        double high = number(bounds.get(1), rangeKey, entry, rangeLine, expected, r);
        if (!(low < high)) {
            throw fail(rangeKey, entry, rangeLine, "expected " + expected + ", got " + r.describe());
        }
        if (scale == TunedParameter.Scale.LOG && low <= 0) {
            throw fail(rangeKey, entry, rangeLine, "expected a range of positive numbers for scale log, got "
                    + r.describe());
        }
        if (scale == TunedParameter.Scale.INT && (low != Math.rint(low) || high != Math.rint(high))) {
            throw fail(rangeKey, entry, rangeLine, "expected whole numbers for scale int, got " + r.describe());
        }
        TunedParameter.Scale s = scale;
        return convert(rangeKey, entry, rangeLine, () -> new TunedParameter(file, name, low, high, s));
    }

    private String required(Map<String, YamlNode.Entry> entries, String key, String entry, int entryLine,
                            String expected) {
        YamlNode.Entry e = entries.get(key.substring(key.indexOf('.') + 1));
        if (e == null) {
            throw missing(key, entry, entryLine, expected);
        }
        String text = string(e.value(), key, entry, e.line(), expected).strip();
        if (key.endsWith(".file")) {
            // The tuned file becomes editable through a pattern; an absolute path would fail much later.
            convert(key, entry, e.line(), () -> Glob.of(text));
        }
        return text;
    }

    // ---- values -------------------------------------------------------------------------------

    /** A non-blank string scalar; numbers and booleans are refused where text is expected. */
    private String string(YamlNode value, String key, int line, String expected) {
        return string(value, key, "", line, expected);
    }

    private String string(YamlNode value, String key, String qualifier, int line, String expected) {
        if (value instanceof YamlNode.Scalar) {
            YamlNode.Scalar s = (YamlNode.Scalar) value;
            if (s.kind() == YamlNode.Kind.STRING && !s.text().isBlank()) {
                return s.text();
            }
        }
        throw fail(key, qualifier, line, "expected " + expected + ", got " + value.describe());
    }

    /** The text of a non-empty string or number scalar, for values that may be written either way. */
    private String scalarText(YamlNode value, String key, int line, String expected) {
        if (value instanceof YamlNode.Scalar) {
            YamlNode.Scalar s = (YamlNode.Scalar) value;
            boolean textual = s.kind() == YamlNode.Kind.STRING || s.kind() == YamlNode.Kind.INTEGER
                    || s.kind() == YamlNode.Kind.DECIMAL;
            if (textual && !s.isEmpty()) {
                return s.text();
            }
        }
        throw fail(key, line, "expected " + expected + ", got " + value.describe());
    }

    private String metricName(YamlNode value, String key, int line, String expected) {
        String name = string(value, key, line, expected).strip();
        if (!METRIC_NAME.matcher(name).matches()) {
            throw fail(key, line, "expected " + expected + " (no spaces), got " + value.describe());
        }
        return name;
    }

    /** A single string or a list of them, as the items to check one by one. */
    private List<YamlNode.Scalar> listOrOne(YamlNode value, String key, int line, String expectedItem) {
        List<YamlNode> items = value instanceof YamlNode.Sequence ? ((YamlNode.Sequence) value).items() : List.of(value);
        List<YamlNode.Scalar> scalars = new ArrayList<>();
        for (YamlNode item : items) {
            if (!(item instanceof YamlNode.Scalar)) {
                int at = value instanceof YamlNode.Sequence ? item.line() : line;
                throw fail(key, at, "expected " + expectedItem + " or a list of them, got " + item.describe());
            }
            scalars.add((YamlNode.Scalar) item);
        }
        return scalars;
    }

    private YamlNode.Mapping mapping(YamlNode value, String key, int line, String expected) {
        if (value instanceof YamlNode.Mapping) {
            return (YamlNode.Mapping) value;
        }
        throw fail(key, line, "expected " + expected + ", got " + value.describe());
    }

    private Duration duration(YamlNode value, String key, int line) {
        // A bare number is seconds, as Durations.parse reads it.
        String text = scalarText(value, key, line, DURATION);
        return convert(key, line, () -> Durations.parse(text));
    }

    /** {@code true} or {@code false}, as YAML writes them. */
    private long whole(YamlNode value, String key, int line, long min, long max, String expected) {
        if (value instanceof YamlNode.Scalar) {
            YamlNode.Scalar s = (YamlNode.Scalar) value;
            String text = null;
            if (s.kind() == YamlNode.Kind.INTEGER) {
                text = s.number().toString();
            } else if (s.kind() == YamlNode.Kind.STRING && INTEGER_TEXT.matcher(s.text().strip()).matches()) {
                text = s.text().strip();
            }
            if (text != null) {
                BigInteger n = new BigInteger(text);
                if (n.compareTo(BigInteger.valueOf(min)) >= 0 && n.compareTo(BigInteger.valueOf(max)) <= 0) {
                    return n.longValue();
                }
            }
        }
        throw fail(key, line, "expected " + expected + ", got " + value.describe());
    }

    private double number(YamlNode value, String key, int line, String expected) {
        return number(value, key, "", line, expected, value);
    }

    /** A finite number, from a YAML number or a string that reads as one ({@code "1e-3"}). */
    private double number(YamlNode value, String key, String qualifier, int line, String expected, YamlNode shown) {
        if (value instanceof YamlNode.Scalar) {
            YamlNode.Scalar s = (YamlNode.Scalar) value;
            double d = Double.NaN;
            if (s.kind() == YamlNode.Kind.INTEGER || s.kind() == YamlNode.Kind.DECIMAL) {
                d = s.number().doubleValue();
            } else if (s.kind() == YamlNode.Kind.STRING && DECIMAL_TEXT.matcher(s.text().strip()).matches()) {
                d = Double.parseDouble(s.text().strip());
            }
            if (Double.isFinite(d)) {
                return d;
            }
        }
        throw fail(key, qualifier, line, "expected " + expected + ", got " + shown.describe());
    }

    // ---- errors -------------------------------------------------------------------------------

    /** Runs a conversion whose IllegalArgumentException says what is expected, adding file, line and key. */
    private <T> T convert(String key, int line, Supplier<T> conversion) {
        return convert(key, "", line, conversion);
    }

    private SlurmOptions convert(String key, int line, SlurmOptions options,
                                 java.util.function.UnaryOperator<SlurmOptions> change) {
        return convert(key, line, () -> change.apply(options));
    }

    private <T> T convert(String key, String qualifier, int line, Supplier<T> conversion) {
        try {
            return conversion.get();
        } catch (IllegalArgumentException e) {
            throw fail(key, qualifier, line, e.getMessage());
        }
    }

    /** Hands a checked value to the builder; its own checks, should they refuse, still name the line. */
    private void set(String key, int line, Runnable setter) {
        convert(key, line, () -> {
            setter.run();
            return null;
        });
    }

    private ProgramSpecException fail(String key, int line, String detail) {
        return fail(key, "", line, detail);
    }

    /**
     * {@code program.md:7: key 'timeout': expected ...}; {@code qualifier} places a nested key
     * ({@code " in tune entry 2"}).
     */
    private ProgramSpecException fail(String key, String qualifier, int line, String detail) {
        return new ProgramSpecException(where + ":" + line + ": key '" + key + "'" + qualifier + ": " + detail,
                key, line);
    }

    private ProgramSpecException missing(String key, String qualifier, int line, String expected) {
        return new ProgramSpecException(where + ":" + line + ": key '" + key + "'" + qualifier
                + " is missing; expected " + expected, key, line);
    }

    /**
     * {@code program.md:4: unknown key 'metrc'; did you mean 'metric'? Known keys: ...}.
     *
     * @param prefix     the parent key and a dot ({@code "stop."}), or empty at the top level
     * @param qualifier  where the key sits when that needs saying ({@code " in tune entry 2"}), or empty
     * @param knownLabel the sentence that lists {@code known}
     */
    private ProgramSpecException unknownKey(String prefix, YamlNode.Entry e, String qualifier, List<String> known,
                                            String knownLabel) {
        String key = prefix + e.key();
        StringBuilder message = new StringBuilder(where).append(':').append(e.line())
                .append(": unknown key '").append(key).append('\'').append(qualifier);
        Optional<String> suggestion = KeySuggestions.nearest(e.key(), known).map(k -> prefix + k);
        if (suggestion.isPresent()) {
            message.append("; did you mean '").append(suggestion.get()).append("'? ");
        } else if (prefix.isEmpty() && KeySuggestions.nearest(e.key(), STOP_KEYS).isPresent()) {
            // A stop criterion written at the top level is a common slip.
            String stopKey = "stop." + KeySuggestions.nearest(e.key(), STOP_KEYS).get();
            message.append("; did you mean '").append(stopKey).append("'? It belongs under 'stop:'. ");
        } else {
            message.append(". ");
        }
        message.append(knownLabel).append(": ").append(String.join(", ", known));
        return new ProgramSpecException(message.toString(), key, e.line());
    }
}
