package dev.autoresearch.runners;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.autoresearch.core.MetricExtractor;
import dev.autoresearch.core.Metrics;
import dev.autoresearch.core.RunResult;
import dev.autoresearch.runners.internal.JmhResults;
import dev.autoresearch.runners.internal.Json;
import dev.autoresearch.runners.internal.LineMetrics;
import dev.autoresearch.runners.internal.LogLines;
import dev.autoresearch.runners.internal.Numbers;
import dev.autoresearch.runners.internal.RegexGroups;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The standard {@link MetricExtractor}s: summary lines, {@code METRIC} lines, regular expressions,
 * JSON and JMH result files.
 *
 * <p>Rules each of them keeps: the last value of a name in its source wins; a value that is not
 * finite (NaN, an infinity) counts as missing, even when an earlier value was finite; a name that
 * is not found is absent from the result. The loop turns a missing primary metric into a
 * {@code crash} whose record reads {@code metric 'val_bpb' not found in the output; last lines of
 * runs/7.log:} followed by the end of the log. Logs are read line by line in bounded memory, a
 * carriage return ending a line as a newline does; lines over 64 KiB are skipped.
 *
 * <p>Extractors compose with {@link MetricExtractor#and}: where both find a name, the argument's
 * value wins. Composition sees only what each extractor returns, and {@link Metrics} holds finite
 * values only, so a name that the later extractor read only as NaN or an infinity is absent from
 * its result, and the earlier extractor's value stands (within one extractor, the non-finite last
 * value would have made the name missing). A host writes its own extractor in a few lines:
 * <pre>{@code
 * MetricExtractor metrics = MetricExtractors.defaults()
 *         .and(MetricExtractors.jmh("target/jmh-result.json"))
 *         .and(run -> Metrics.of("log_mb", Files.size(run.log()) / 1e6));
 * }</pre>
 */
public final class MetricExtractors {
    private static final Logger LOG = LoggerFactory.getLogger(MetricExtractors.class);
    /** Slack for file systems that store modification times coarsely. */
    private static final Duration CLOCK_SLACK = Duration.ofMillis(20);

    private MetricExtractors() {
    }

    /**
     * Summary lines and {@code METRIC} lines together, in one pass: where a name appears in both
     * forms, the one printed last wins. The usual choice for a program's {@code run} command.
     */
    public static MetricExtractor defaults() {
        return new Named("MetricExtractors.defaults()", run -> fromLines(run, (line, into) -> {
            if (!LineMetrics.metric(line, into)) {
                LineMetrics.summary(line, into);
            }
        }));
    }

    /**
     * Summary lines, as Karpathy's train.py prints them at the end of a run:
     * <pre>
     * val_bpb:          0.997900
     * training_seconds: 300.1
     * </pre>
     * A line counts only when it is all of: a name (a letter or {@code _}, then anything but spaces
     * and colons: {@code val_bpb}, {@code val-loss}, {@code tok/s}), a colon and
     * a number (decimal or exponent form, or {@code nan}/{@code inf}), with spaces around them
     * allowed. So {@code step 00953 (100.0%) | loss: 3.1}, {@code time: 12:30:01} or
     * {@code memory: 45 GB} are not read as metrics.
     */
    public static MetricExtractor summaryLines() {
        return new Named("MetricExtractors.summaryLines()", run -> fromLines(run, LineMetrics::summary));
    }

    /**
     * {@code METRIC name=value} lines, as pi-autoresearch scripts print them: {@code METRIC} at the
     * start of the line, a name without spaces or {@code =} (such as {@code total_µs} or
     * {@code decode/time}), {@code =} and a number, and nothing after it.
     */
    public static MetricExtractor metricLines() {
        return new Named("MetricExtractors.metricLines()", run -> fromLines(run, LineMetrics::metric));
    }

    /**
     * A regular expression whose named groups are metrics: each group's name is the metric's name
     * and the text it captures its value, as in {@code "loss (?<loss>\\S+) acc (?<acc>\\S+)"}. The
     * pattern is applied to every line (with {@link Matcher#find()}, as often as it matches);
     * captured text that is not a number is ignored. Java group names are letters and digits only;
     * for a name such as {@code val_bpb}, use {@link #regex(String, Pattern)}.
     *
     * @throws IllegalArgumentException when the pattern has no named group, or has one named
     *                                  {@code value} (which needs a metric name)
     */
    public static MetricExtractor regex(Pattern pattern) {
        Objects.requireNonNull(pattern, "pattern");
        List<String> groups = RegexGroups.names(pattern);
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("the pattern '" + pattern + "' has no named group: "
                    + "write (?<name>...) around each value, or use regex(name, pattern)");
        }
        if (groups.contains("value")) {
            throw new IllegalArgumentException("the pattern '" + pattern + "' has a group named 'value': "
                    + "say which metric it is with regex(name, pattern)");
        }
        return new Named("MetricExtractors.regex(" + pattern + ")", run -> fromLines(run, (line, into) -> {
            Matcher m = pattern.matcher(line);
            while (m.find()) {
                for (String group : groups) {
                    putNumber(m.group(group), group, into);
                }
            }
        }));
    }

    /**
     * A regular expression whose named groups are metrics; see {@link #regex(Pattern)}.
     *
     * @throws IllegalArgumentException when the pattern does not compile (with the reason) or has
     *                                  no named group
     */
    public static MetricExtractor regex(String pattern) {
        return regex(compile(pattern));
    }

    /**
     * One metric, {@code name}, captured by a regular expression: by its group named {@code value},
     * or by its only group. Applied to every line, as {@link #regex(Pattern)}; for example
     * {@code regex("tok_per_s", "throughput: (?<value>[0-9.]+) tok/s")}.
     *
     * @throws IllegalArgumentException when the pattern has no group named {@code value} and not
     *                                  exactly one group
     */
    public static MetricExtractor regex(String name, Pattern pattern) {
        checkName(name);
        Objects.requireNonNull(pattern, "pattern");
        boolean named = RegexGroups.names(pattern).contains("value");
        if (!named && pattern.matcher("").groupCount() != 1) {
            throw new IllegalArgumentException("the pattern '" + pattern + "' for " + name
                    + " needs a group named 'value' ((?<value>...)) or exactly one group, around the number");
        }
        return new Named("MetricExtractors.regex(" + name + ", " + pattern + ")", run -> fromLines(run, (line, into) -> {
            Matcher m = pattern.matcher(line);
            while (m.find()) {
                putNumber(named ? m.group("value") : m.group(1), name, into);
            }
        }));
    }

    /**
     * One metric captured by a regular expression; see {@link #regex(String, Pattern)}.
     *
     * @throws IllegalArgumentException when the pattern does not compile (with the reason) or has
     *                                  neither a {@code value} group nor exactly one group
     */
    public static MetricExtractor regex(String name, String pattern) {
        return regex(name, compile(pattern));
    }

    /**
     * One metric from the last JSON object in the output, at a JSON pointer (RFC 6901), for a
     * program that ends by printing {@code {"val": {"loss": 0.93}}}: {@code jsonPointer("loss",
     * "/val/loss")}. The object must begin a line (after spaces) and start within the last 8 MiB
     * of the log; it may span lines. The value is a JSON number or a string holding one; Python's
     * bare {@code NaN} and {@code Infinity} are read, and count as missing.
     *
     * @throws IllegalArgumentException when {@code pointer} is not a JSON pointer
     */
    public static MetricExtractor jsonPointer(String name, String pointer) {
        checkName(name);
        JsonPointer at = pointer(pointer);
        return new Named("MetricExtractors.jsonPointer(" + name + ", " + pointer + ")", run -> {
            if (!Files.isRegularFile(run.log())) {
                return Metrics.empty();
            }
            return Json.lastObject(run.log()).map(root -> one(name, Json.number(root, at))).orElse(Metrics.empty());
        });
    }

    /**
     * One metric from a JSON file the run writes, at a JSON pointer (RFC 6901). The path is
     * resolved against the run's working directory. The file is one JSON document; for a file of
     * JSON lines (or any other text), its last object that begins a line is used. A file that is
     * missing, or older than the run (left by an earlier run), gives no metric.
     *
     * @throws IllegalArgumentException when the path is not a path or {@code pointer} is not a
     *                                  JSON pointer
     */
    public static MetricExtractor jsonFile(String relativePath, String name, String pointer) {
        Path path = path(relativePath);
        checkName(name);
        JsonPointer at = pointer(pointer);
        return new Named("MetricExtractors.jsonFile(" + relativePath + ", " + name + ", " + pointer + ")", run -> {
            Optional<Path> file = resultFile(run, path);
            if (file.isEmpty()) {
                return Metrics.empty();
            }
            return Json.document(file.get()).map(root -> one(name, Json.number(root, at))).orElse(Metrics.empty());
        });
    }

    /**
     * The metrics of a JMH result file ({@code -rf json -rff <path>}), resolved against the run's
     * working directory: for each benchmark, {@code primaryMetric.score} as {@code Class.method}
     * (package left out) and its {@code scoreError} as {@code Class.method.error}. A benchmark with
     * parameters is named {@code Class.method:size=100} (several joined with commas, in the file's
     * order); a secondary metric, such as {@code -prof gc}'s, is {@code Class.method/gc.alloc.rate.norm}.
     * JMH writes NaN and the infinities as the strings {@code "NaN"}, {@code "+INF"} and
     * {@code "-INF"}; they count as missing (the error of a single measurement iteration is NaN).
     * Where one benchmark runs in several modes, the last entry in the file wins. A file that is
     * missing, or older than the run, gives no metrics; a file that is not a JMH result fails the
     * extraction with an {@link IOException}.
     *
     * @throws IllegalArgumentException when the path is not a path
     */
    public static MetricExtractor jmh(String relativePath) {
        Path path = path(relativePath);
        return new Named("MetricExtractors.jmh(" + relativePath + ")", run -> {
            Optional<Path> file = resultFile(run, path);
            if (file.isEmpty()) {
                return Metrics.empty();
            }
            JsonNode root = Json.read(file.get());
            if (!root.isArray()) {
                throw new IOException(file.get() + " is not a JMH JSON result (an array of benchmarks); "
                        + "run JMH with -rf json -rff " + relativePath);
            }
            return Metrics.of(JmhResults.metrics(root));
        });
    }

    private interface LineParser {
        void parse(String line, Map<String, Double> into);
    }

    private static Metrics fromLines(RunResult run, LineParser parser) throws IOException {
        if (!Files.isRegularFile(run.log())) {
            return Metrics.empty();
        }
        Map<String, Double> found = new LinkedHashMap<>();
        LogLines.forEach(run.log(), line -> parser.parse(line, found));
        return Metrics.of(found);
    }

    private static void putNumber(String text, String name, Map<String, Double> into) {
        if (text == null) {
            return;
        }
        OptionalDouble value = Numbers.parse(text);
        if (value.isPresent()) {
            into.put(name, value.getAsDouble());
        }
    }

    private static Metrics one(String name, OptionalDouble value) {
        return value.isPresent() ? Metrics.of(name, value.getAsDouble()) : Metrics.empty();
    }

    /**
     * The result file when it exists and was written by this run: a file last modified before the
     * run started ({@link RunResult#started()}) is a leftover of an earlier run. The slack covers
     * only the file system's timestamps, which lag the clock by a tick, or round to the second where
     * they keep no fraction of one. A symbolic link is not followed: a run must not make the loop
     * read a file outside its worktree.
     */
    private static Optional<Path> resultFile(RunResult run, Path relative) throws IOException {
        Path file = run.workingDirectory().resolve(relative);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            LOG.debug("no result file {} (or a link, which is not followed)", file);
            return Optional.empty();
        }
        Instant modified = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant();
        Instant started = modified.getNano() == 0
                ? run.started().truncatedTo(ChronoUnit.SECONDS)
                : run.started().minus(CLOCK_SLACK);
        if (modified.isBefore(started)) {
            LOG.warn("ignoring {}: last modified {}, before the run started ({}); it was left by an earlier run",
                    file, modified, run.started());
            return Optional.empty();
        }
        return Optional.of(file);
    }

    private static void checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("a metric name must be non-blank, without spaces, got '" + name + "'");
        }
    }

    private static Pattern compile(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        try {
            return Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("the metric pattern '" + pattern + "' is not a regular expression: "
                    + e.getDescription() + " near index " + e.getIndex(), e);
        }
    }

    private static JsonPointer pointer(String pointer) {
        Objects.requireNonNull(pointer, "pointer");
        try {
            return JsonPointer.compile(pointer);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + pointer + "' is not a JSON pointer: write it as /key/0/key, "
                    + "or \"\" for the whole document", e);
        }
    }

    private static Path path(String relativePath) {
        Objects.requireNonNull(relativePath, "relativePath");
        if (relativePath.isBlank()) {
            throw new IllegalArgumentException("the result file's path is blank");
        }
        try {
            return Path.of(relativePath);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("'" + relativePath + "' is not a file path: " + e.getReason(), e);
        }
    }

    /** An extractor with a readable {@code toString}, for logs and messages. */
    private static final class Named implements MetricExtractor {
        private final String description;
        private final MetricExtractor extractor;

        Named(String description, MetricExtractor extractor) {
            this.description = description;
            this.extractor = extractor;
        }

        @Override
        public Metrics extract(RunResult run) throws Exception {
            return extractor.extract(run);
        }

        @Override
        public String toString() {
            return description;
        }
    }
}
