package dev.autoresearch.cli;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.TunedParameter;
import dev.autoresearch.host.ProgramTemplate;
import dev.autoresearch.host.UsageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
        ProgramTemplate template = template();
        try {
            template.validate();
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid value: " + e.getMessage(), "see 'autoresearch init --help'");
        }
        template.write(file);
        PrintWriter out = context.out();
        out.println("autoresearch: wrote " + context.display(file));
        out.println("  review it (stop criteria, files), commit it, then: autoresearch run"
                + (output.equals("program.md") ? "" : " " + output));
        if (template.changesNothing()) {
            out.println("  note: no --editable files or --tune parameters, so nothing may change yet; add some to the file");
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The template the flags describe. */
    ProgramTemplate template() {
        return new ProgramTemplate(metric, direction, run, editable, readonly, Optional.ofNullable(checks),
                Optional.ofNullable(timeout), tune);
    }
}
