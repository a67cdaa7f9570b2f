package dev.autoresearch.core.internal.program;

import dev.autoresearch.core.ComputedColumn;
import dev.autoresearch.core.Constraint;
import dev.autoresearch.core.Durations;
import dev.autoresearch.core.Glob;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ProgramSpecException;
import dev.autoresearch.core.Suggestions;
import dev.autoresearch.core.TunedParameter;
import dev.autoresearch.core.keep.Holdout;
import dev.autoresearch.core.program.KeyValues;
import dev.autoresearch.core.program.ProgramKey;
import dev.autoresearch.core.program.ProgramKeys;

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
 * <p>The keys, their types and bounds are those {@link ProgramKeys} declares; the ones written as a
 * mapping or list of mappings ({@code columns}, {@code constraints}, {@code env}, {@code tune},
 * {@code holdout}, {@code slurm}) are read here, the rest by their declared type. No key is
 * required here: a file without front matter is prose only, and {@link ProgramSpec.Builder#build()}
 * reports whatever required key neither the file nor the caller supplied.
 *
 * <p>An unknown key, a value of the wrong type or form, a YAML syntax error or an unclosed front
 * matter is a {@link ProgramSpecException} whose message starts with {@code file:line:} and says
 * what is expected.
 */
public final class ProgramSpecParser {
    /** The top-level keys, in the order the documentation lists them. */
    static final List<String> KEYS = ProgramKeys.sections();
    static final List<String> STOP_KEYS = ProgramKeys.under("stop");
    static final List<String> TUNE_KEYS = List.of("file", "name", "range", "scale");
    static final List<String> HOLDOUT_KEYS = ProgramKeys.under("holdout");
    static final List<String> SLURM_KEYS = ProgramKeys.under("slurm");

    // The same rule as ProgramSpec.Builder.metric, applied to secondary and constrained names as well.
    private static final Pattern METRIC_NAME = ProgramSpec.METRIC_NAME;
    // Quoted numbers are still numbers; YAML would otherwise turn "3" into a type error.
    private static final Pattern INTEGER_TEXT = Pattern.compile("[-+]?\\d+");
    private static final Pattern DECIMAL_TEXT = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    private static final String COMPARISON = "a comparison such as \"<= 80000\" or \">= 0.9\"";
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
                case "columns":
                    columns(value, key, line);
                    break;
                case "constraints":
                    constraints(value, key, line);
                    break;
                case "min-improvement":
                    minImprovement(value, key, line);
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
                case "holdout":
                    Holdout holdout = holdout(value, key, line);
                    set(key, line, () -> builder.keep(builder.keep().withHoldout(holdout)));
                    break;
                case "slurm":
                    slurm(value, key, line);
                    break;
                case "runner-options":
                    runnerOptions(value, key, line);
                    break;
                default:
                    ProgramKey declared = ProgramKeys.named(key)
                            .orElseThrow(() -> unknownKey("", e, "", KEYS, "Known keys"));
                    read(declared, value, key, line);
            }
        }
    }

    /** Reads a key whose value is a scalar or a list of them, as its declaration says, and sets it. */
    private void read(ProgramKey key, YamlNode value, String path, int line) {
        List<String> texts = texts(key, value, path, line);
        set(path, line, () -> key.apply(builder, texts));
    }

    /** The value's text, checked for its type and bounds; messages say what the declaration expects. */
    private List<String> texts(ProgramKey key, YamlNode value, String path, int line) {
        String expected = key.expected();
        switch (key.type()) {
            case TEXT:
                return List.of(string(value, path, line, expected));
            case METRIC:
                return List.of(metricName(value, path, line, expected));
            case DURATION:
                return List.of(scalarText(value, path, line, expected));
            case WHOLE:
                ProgramKey.Range bounds = key.range().orElseThrow();
                return List.of(Long.toString(whole(value, path, line, (long) bounds.min(), (long) bounds.max(), expected)));
            case NUMBER:
                double number = number(value, path, line, expected);
                if (key.range().isPresent() && !key.range().get().contains(number)) {
                    throw fail(path, line, "expected " + expected + ", got " + value.describe());
                }
                return List.of(Double.toString(number));
            case BOOLEAN:
                return List.of(Boolean.toString(bool(value, path, line)));
            case PATTERNS:
                return patterns(value, path, line, expected);
            case METRICS:
                List<String> names = new ArrayList<>();
                for (YamlNode.Scalar item : listOrOne(value, path, line, expected)) {
                    names.add(metricName(item, path, item.line(), expected));
                }
                return names;
            case PATHS:
                return writablePaths(value, path, line, expected);
            case DEVICES:
                String ids = value instanceof YamlNode.Scalar ? string(value, path, line, expected)
                        : String.join(",", listOrOne(value, path, line, expected).stream()
                        .map(v -> string(v, path, v.line(), "a device id")).toList());
                return List.of(ids);
            default:
                throw new IllegalStateException("no reading of " + key.type() + " values for key " + key);
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
        String command = string(run.value(), key + ".run", run.line(), ProgramKeys.HOLDOUT_RUN.expected()).strip();
        String name = metricName(metric.value(), key + ".metric", metric.line(), ProgramKeys.HOLDOUT_METRIC.expected());
        Holdout holdout = Holdout.of(command, name);
        YamlNode.Entry timeout = entries.get("timeout");
        if (timeout != null) {
            holdout = holdout.withTimeout(duration(timeout.value(), key + ".timeout", timeout.line()));
        }
        return holdout;
    }

    private List<String> patterns(YamlNode value, String key, int line, String expected) {
        List<String> patterns = new ArrayList<>();
        for (YamlNode.Scalar item : listOrOne(value, key, line, expected)) {
            String pattern = string(item, key, item.line(), expected);
            // Compile now, so a bad pattern is reported with its line rather than by the builder.
            convert(key, item.line(), () -> Glob.of(pattern));
            patterns.add(pattern);
        }
        return patterns;
    }

    private List<String> writablePaths(YamlNode value, String key, int line, String expected) {
        List<String> paths = new ArrayList<>();
        for (YamlNode.Scalar item : listOrOne(value, key, line, expected)) {
            String path = string(item, key, item.line(), expected).strip();
            if (!KeyValues.isWritablePath(path)) {
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

    /** An amount or a percentage; one wording for every way it can be wrong. */
    private void minImprovement(YamlNode value, String key, int line) {
        String expected = ProgramKeys.MIN_IMPROVEMENT.expected();
        String text = scalarText(value, key, line, expected);
        try {
            ProgramKeys.MIN_IMPROVEMENT.apply(builder, List.of(text));
        } catch (IllegalArgumentException e) {
            throw fail(key, line, "expected " + expected + ", got " + value.describe());
        }
    }

    private void stop(YamlNode value, String key, int line) {
        YamlNode.Mapping mapping = mapping(value, key, line,
                "a mapping with any of " + String.join(", ", STOP_KEYS));
        for (YamlNode.Entry e : mapping.entries().values()) {
            String path = key + "." + e.key();
            ProgramKey criterion = ProgramKeys.named(path)
                    .orElseThrow(() -> unknownKey(key + ".", e, "", STOP_KEYS, "Known keys under stop"));
            read(criterion, e.value(), path, e.line());
        }
    }

    private void environment(YamlNode value, String key, int line) {
        texts(value, key, line, "a mapping from variable name to value, such as CUDA_VISIBLE_DEVICES: \"0\"",
                "a value such as \"0\" or \"fast\"", builder::environment);
    }

    /**
     * A mapping whose values are text: numbers and booleans are taken as written, '' is allowed; each
     * entry goes to {@code setter}, whose refusal names the entry's line.
     */
    private void texts(YamlNode value, String key, int line, String expected, String expectedValue,
                       java.util.function.BiConsumer<String, String> setter) {
        YamlNode.Mapping mapping = mapping(value, key, line, expected);
        for (YamlNode.Entry e : mapping.entries().values()) {
            String path = key + "." + e.key();
            YamlNode v = e.value();
            if (!(v instanceof YamlNode.Scalar) || ((YamlNode.Scalar) v).kind() == YamlNode.Kind.NULL) {
                throw fail(path, e.line(), "expected " + expectedValue + ", got " + v.describe());
            }
            String text = ((YamlNode.Scalar) v).text();
            set(path, e.line(), () -> setter.accept(e.key(), text));
        }
    }

    /** The runner's own settings: each value is text, as the runner reads it. */
    private void runnerOptions(YamlNode value, String key, int line) {
        texts(value, key, line, "a mapping of the runner's own settings, such as namespace: research",
                "a value such as research or 4",
                (name, text) -> builder.providers(builder.providers().withRunnerOption(name, text)));
    }

    private void slurm(YamlNode value, String key, int line) {
        YamlNode.Mapping mapping = mapping(value, key, line, "a mapping with any of " + String.join(", ", SLURM_KEYS)
                + ", such as partition: gpu");
        for (YamlNode.Entry e : mapping.entries().values()) {
            String path = key + "." + e.key();
            int at = e.line();
            if (e.key().equals("gpus") || e.key().equals("gpu")) {
                // the nearest key by spelling (cpus) would be the wrong advice
                throw new ProgramSpecException(where + ":" + at + ": unknown key '" + path + "': GPUs are asked"
                        + " for as generic resources, such as 'gres: gpu:1'. Known keys under slurm: "
                        + String.join(", ", SLURM_KEYS), path, at);
            }
            ProgramKey option = ProgramKeys.named(path)
                    .orElseThrow(() -> unknownKey(key + ".", e, "", SLURM_KEYS, "Known keys under slurm"));
            if (option.type() == ProgramKey.Type.TEXT) {
                String word = slurmWord(e.value(), path, at, option.expected());
                set(path, at, () -> option.apply(builder, List.of(word)));
            } else if (option.type() == ProgramKey.Type.ITEMS) {
                List<String> extra = sbatchOptions(e.value(), path, at, option.expected());
                set(path, at, () -> option.apply(builder, extra));
            } else {
                read(option, e.value(), path, at);
            }
        }
    }

    /** One word of an sbatch option: text or a number (a partition may be called 2), no spaces. */
    private String slurmWord(YamlNode value, String key, int line, String expected) {
        String text = scalarText(value, key, line, expected).strip();
        if (text.chars().anyMatch(Character::isWhitespace)) {
            throw fail(key, line, "expected " + expected + " (one word, no spaces), got " + value.describe());
        }
        return text;
    }

    private List<String> sbatchOptions(YamlNode value, String key, int line, String expected) {
        List<String> options = new ArrayList<>();
        for (YamlNode.Scalar item : listOrOne(value, key, line, expected)) {
            String option = string(item, key, item.line(), expected).strip();
            if (!option.startsWith("-")) {
                throw fail(key, item.line(), "expected " + expected + " (one option, starting with -), got "
                        + item.describe());
            }
            options.add(option);
        }
        return options;
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
        String text = scalarText(value, key, line, ProgramKeys.TIMEOUT.expected());
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
        Optional<String> suggestion = Suggestions.nearest(e.key(), known).map(k -> prefix + k);
        if (suggestion.isPresent()) {
            message.append("; did you mean '").append(suggestion.get()).append("'? ");
        } else if (prefix.isEmpty() && Suggestions.nearest(e.key(), STOP_KEYS).isPresent()) {
            // A stop criterion written at the top level is a common slip.
            String stopKey = "stop." + Suggestions.nearest(e.key(), STOP_KEYS).get();
            message.append("; did you mean '").append(stopKey).append("'? It belongs under 'stop:'. ");
        } else {
            message.append(". ");
        }
        message.append(knownLabel).append(": ").append(String.join(", ", known));
        return new ProgramSpecException(message.toString(), key, e.line());
    }
}
