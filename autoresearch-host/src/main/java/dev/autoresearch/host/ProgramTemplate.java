package dev.autoresearch.host;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.TunedParameter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A commented program.md written from a few values, as {@code autoresearch init} and the Maven
 * plugin's {@code init} goal write it: YAML front matter with a comment per key, then prose for a
 * model to read.
 *
 * @param metric    the number the experiment prints
 * @param direction which way it is better
 * @param run       the experiment command
 * @param editable  files a change may edit
 * @param readonly  files no change and no run may alter
 * @param checks    a command that must pass for a keep
 * @param timeout   the limit for one run (10m when empty)
 * @param tune      constants for the tune strategy
 */
public record ProgramTemplate(String metric, Direction direction, String run, List<String> editable,
                              List<String> readonly, Optional<String> checks, Optional<Duration> timeout,
                              List<TunedParameter> tune) {
    public ProgramTemplate {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(run, "run");
        editable = strip(editable);
        readonly = strip(readonly);
        Objects.requireNonNull(checks, "checks");
        Objects.requireNonNull(timeout, "timeout");
        tune = List.copyOf(tune);
    }

    /**
     * Checks the values as reading the file back would, so that a bad value fails when the file is
     * written rather than at the first run.
     *
     * @throws IllegalArgumentException naming the value the contract rejects
     */
    public void validate() {
        ProgramSpec.Builder check = ProgramSpec.builder();
        check.metric(metric).direction(direction).run(run).editable(editable).readonly(readonly);
        timeout.ifPresent(check::timeout);
        checks.ifPresent(check::checks);
        check.tune(tune).build();
    }

    /** Writes {@link #text()} to {@code file}, creating its directory; the caller decides about an existing file. */
    public void write(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, text(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** True when nothing may change yet: no editable files and no tuned constants. */
    public boolean changesNothing() {
        return editable.isEmpty() && tune.isEmpty();
    }

    private static List<String> strip(List<String> values) {
        return values.stream().map(String::strip).filter(v -> !v.isEmpty()).toList();
    }

    /** The file's text: YAML front matter with a comment per key, then prose for a model to read. */
    public String text() {
        StringBuilder s = new StringBuilder();
        s.append("---\n");
        s.append("# The research contract read by 'autoresearch run'. Each key has a flag of the same\n");
        s.append("# name (--metric, --timeout, ...) that overrides it for one run.\n\n");
        s.append("# The number the experiment prints, as 'NAME: 0.123' or 'METRIC NAME=0.123'.\n");
        s.append("metric: ").append(quote(metric.strip())).append('\n');
        s.append("# minimize or maximize.\n");
        s.append("direction: ").append(direction.keyword()).append('\n');
        s.append("# The experiment, run through sh -c in a git worktree of this repository.\n");
        s.append("run: ").append(quote(run)).append('\n');
        s.append("# The limit for one run; a longer run is stopped and recorded as a timeout.\n");
        s.append("timeout: ").append(timeout.map(ProgramTemplate::durationText).orElse("10m")).append("\n\n");
        s.append("# Files a change may edit (globs, relative to the repository root).\n");
        list(s, "editable", editable, "train.py");
        s.append("# Files no change and no run may alter: the evaluation harness.\n");
        list(s, "readonly", readonly, "eval.py");
        s.append("# A command that must pass for a change to be kept, such as the tests.\n");
        if (checks.isPresent()) {
            s.append("checks: ").append(quote(checks.get())).append("\n\n");
        } else {
            s.append("# checks: \"mvn -q test\"\n\n");
        }
        s.append("# Runs per experiment; with more than one, medians are compared (for noisy metrics).\n");
        s.append("repeats: 1\n");
        s.append("# How much better than the best a result must be to be kept: an amount or a percentage.\n");
        s.append("# min-improvement: 0.5%\n\n");
        s.append("# When to stop: whichever holds first.\n");
        s.append("stop:\n");
        s.append("  max-experiments: 50\n");
        s.append("  # max-duration: 2h\n");
        s.append("  # target: 0.5\n");
        s.append("  # patience: 20\n");
        s.append("  crash-streak: 10\n\n");
        s.append("# Numeric constants the default strategy (tune) may change, and their ranges.\n");
        if (tune.isEmpty()) {
            s.append("# tune:\n");
            s.append("#   - file: train.py\n");
            s.append("#     name: LEARNING_RATE\n");
            s.append("#     range: [0.0001, 0.01]\n");
            s.append("#     scale: log\n");
        } else {
            s.append("tune:\n");
            for (TunedParameter p : tune) {
                s.append("  - file: ").append(quote(p.file())).append('\n');
                s.append("    name: ").append(quote(p.name())).append('\n');
                s.append("    range: [").append(number(p.low())).append(", ").append(number(p.high())).append("]\n");
                s.append("    scale: ").append(p.scale().keyword()).append('\n');
            }
        }
        s.append("---\n\n");
        s.append("# Research notes\n\n");
        s.append("This text goes to the language-model strategy as it is. Say what the program does, what the\n");
        s.append("metric measures, which ideas are worth trying and which are not, and what must not change.\n");
        return s.toString();
    }

    private static void list(StringBuilder s, String key, List<String> values, String example) {
        if (values.isEmpty()) {
            s.append("# ").append(key).append(":\n#   - ").append(quote(example)).append("\n\n");
            return;
        }
        s.append(key).append(":\n");
        for (String v : values) {
            s.append("  - ").append(quote(v)).append('\n');
        }
        s.append('\n');
    }

    /** A YAML double-quoted scalar: safe for any text (colons, hashes, globs). */
    static String quote(String text) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"': q.append("\\\""); break;
                case '\\': q.append("\\\\"); break;
                case '\n': q.append("\\n"); break;
                case '\t': q.append("\\t"); break;
                case '\r': q.append("\\r"); break;
                default: q.append(c);
            }
        }
        return q.append('"').toString();
    }

    private static String number(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static String durationText(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
