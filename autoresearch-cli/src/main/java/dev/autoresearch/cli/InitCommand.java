package dev.autoresearch.cli;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.TunedParameter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * {@code autoresearch init}: writes a commented program.md for the project from a few flags. It
 * refuses to replace an existing file unless {@code --force} is given.
 */
@Command(name = "init", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_EXPERIMENT_FAILED, ExitCodes.HELP_USAGE,
                ExitCodes.HELP_SESSION_IN_USE, ExitCodes.HELP_INFRASTRUCTURE, ExitCodes.HELP_INTERRUPTED},
        description = {"Write a commented program.md for this project: the research contract that "
                + "'autoresearch run' reads.",
                "Example: autoresearch init --metric val_loss --direction minimize --run \"python train.py\" "
                        + "--editable train.py"})
final class InitCommand implements Callable<Integer> {
    private final CliContext context;

    @Option(names = "--metric", required = true, paramLabel = "NAME",
            description = "The number the experiment prints, as 'val_loss: 0.81' or 'METRIC val_loss=0.81'.")
    String metric;

    @Option(names = "--direction", required = true, paramLabel = "minimize|maximize",
            converter = Converters.DirectionConverter.class, description = "Which way the metric is better.")
    Direction direction;

    @Option(names = "--run", required = true, paramLabel = "COMMAND", description = "The experiment command.")
    String run;

    @Option(names = "--editable", paramLabel = "GLOB", split = ",",
            description = "Files a change may edit; repeat the flag or separate with commas.")
    List<String> editable = List.of();

    @Option(names = "--readonly", paramLabel = "GLOB", split = ",",
            description = "Files no change and no run may alter (the evaluation harness).")
    List<String> readonly = List.of();

    @Option(names = "--checks", paramLabel = "COMMAND", description = "A command that must pass for a keep, such as the tests.")
    String checks;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "Limit for one run (default 10m).")
    Duration timeout;

    @Option(names = "--tune", paramLabel = "FILE:NAME=LOW..HIGH[:SCALE]",
            converter = Converters.TunedParameterConverter.class,
            description = "A numeric constant for the tune strategy, such as train.py:LEARNING_RATE=0.0001..0.01:log.")
    List<TunedParameter> tune = List.of();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "program.md",
            description = "Where to write (default: ${DEFAULT-VALUE}).")
    String output;

    @Option(names = "--force", description = "Replace the file if it exists.")
    boolean force;

    InitCommand(CliContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public Integer call() {
        Path file = context.resolve(output);
        if (Files.exists(file) && !force) {
            throw new UsageException(context.display(file) + " exists; not replacing it",
                    "edit it, or pass --force to replace it");
        }
        // The same checks as reading the file back: a bad value fails here, not at the first run.
        ProgramSpec.Builder check = ProgramSpec.builder();
        try {
            check.metric(metric).direction(direction).run(run).editable(strip(editable)).readonly(strip(readonly));
            if (timeout != null) {
                check.timeout(timeout);
            }
            if (checks != null) {
                check.checks(checks);
            }
            check.tune(tune).build();
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid value: " + e.getMessage(), "see 'autoresearch init --help'");
        }
        String text = text();
        try {
            Path parent = file.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        PrintWriter out = context.out();
        out.println("autoresearch: wrote " + context.display(file));
        out.println("  review it (stop criteria, files), commit it, then: autoresearch run"
                + (output.equals("program.md") ? "" : " " + output));
        if (editable.isEmpty() && tune.isEmpty()) {
            out.println("  note: no --editable files or --tune parameters, so nothing may change yet; add some to the file");
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The file's text: YAML front matter with a comment per key, then prose for a model to read. */
    String text() {
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
        s.append("timeout: ").append(timeout == null ? "10m" : durationText(timeout)).append("\n\n");
        s.append("# Files a change may edit (globs, relative to the repository root).\n");
        list(s, "editable", strip(editable), "train.py");
        s.append("# Files no change and no run may alter: the evaluation harness.\n");
        list(s, "readonly", strip(readonly), "eval.py");
        s.append("# A command that must pass for a change to be kept, such as the tests.\n");
        if (checks != null) {
            s.append("checks: ").append(quote(checks)).append("\n\n");
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

    private static List<String> strip(List<String> values) {
        return values.stream().map(String::strip).filter(v -> !v.isEmpty()).toList();
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
