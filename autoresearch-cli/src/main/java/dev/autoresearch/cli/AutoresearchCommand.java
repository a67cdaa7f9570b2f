package dev.autoresearch.cli;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.host.UsageException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;

/**
 * The {@code autoresearch} command: {@code run}, {@code status}, {@code report}, {@code serve}, {@code init} and {@code rm}.
 *
 * <p>Exit codes (also in {@code --help}, and as constants in {@link ExitCodes}):
 * 0 success; 1 the experiment failed (the baseline did not run, or the crash streak stopped the
 * session); 2 usage error (a bad flag or value, a program.md that cannot be used); 3 the session is
 * in use by another live process; 4 infrastructure error (git missing, I/O, a strategy that cannot
 * propose); 130 interrupted.
 *
 * <p>An error prints one line to stderr, {@code autoresearch: <what, where>}, and a hint line where
 * one helps; the stack trace only with {@code --verbose}.
 */
@Command(name = "autoresearch",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
                "Autonomous research loop: propose a change to your program, run a short experiment, keep the "
                        + "change when one metric improves (the branch autoresearch/<tag> advances), repeat.",
                "The contract is program.md: the metric, its direction, the command that prints it, and the "
                        + "files that may change."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_EXPERIMENT_FAILED, ExitCodes.HELP_USAGE,
                ExitCodes.HELP_SESSION_IN_USE, ExitCodes.HELP_INFRASTRUCTURE, ExitCodes.HELP_INTERRUPTED})
public final class AutoresearchCommand implements Runnable {
    private final CliContext context;

    @Spec
    CommandSpec spec;

    AutoresearchCommand(CliContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Print stack traces with errors, and the library's debug log.")
    void verbose(boolean verbose) {
        context.verbose(verbose);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing command: run, status, report, serve, init or rm");
    }

    /** Parses {@code args} and runs the command they name; returns the exit code. Never calls System.exit. */
    public static int execute(CliContext context, String... args) {
        return commandLine(context).execute(args);
    }

    /** The command line with its subcommands, writers and error handling, ready to execute. */
    public static CommandLine commandLine(CliContext context) {
        CommandLine cl = new CommandLine(new AutoresearchCommand(context));
        RunCommand run = new RunCommand(context);
        cl.addSubcommand("run", run);
        run.keys.addTo(cl.getSubcommands().get("run").getCommandSpec());
        cl.addSubcommand("status", new StatusCommand(context));
        cl.addSubcommand("report", new ReportCommand(context));
        cl.addSubcommand("serve", new ServeCommand(context));
        cl.addSubcommand("init", new InitCommand(context));
        cl.addSubcommand("rm", new RmCommand(context));
        cl.addSubcommand("ideas", new IdeasCommand(context));
        cl.setHelpFactory(new HelpAtSpaces()); // after the subcommands: picocli sets it on those present
        cl.setOut(context.out());
        cl.setErr(context.err());
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(
                context.terminal() ? CommandLine.Help.Ansi.AUTO : CommandLine.Help.Ansi.OFF));
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("autoresearch: " + ex.getMessage());
            if (ex instanceof CommandLine.UnmatchedArgumentException u && u.isUnknownOption()) {
                List<String> near = FlagSuggestions.near(u.getUnmatched().get(0),
                        ex.getCommandLine().getCommandSpec().optionsMap().keySet());
                if (!near.isEmpty()) {
                    err.println("  did you mean " + String.join(" or ", near) + "?");
                }
            }
            String name = ex.getCommandLine().getCommandSpec().qualifiedName();
            err.println("  see '" + name + " --help'");
            if (context.verbose()) {
                ex.printStackTrace(err);
            }
            err.flush();
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> report(context, ex));
        return cl;
    }

    /** Prints the error as one line (plus a hint) and returns its exit code. */
    static int report(CliContext context, Exception ex) {
        PrintWriter err = context.err();
        int code = ExitCodes.of(ex);
        String message = ex.getMessage() == null || ex.getMessage().isBlank() ? ex.toString() : ex.getMessage();
        if (ex instanceof UsageException || ex instanceof AutoresearchException
                || ex instanceof java.io.UncheckedIOException) {
            // Messages written for people: what failed, where, and what to do. A failed baseline's
            // includes the tail of its log, printed whole.
            err.println("autoresearch: " + message.strip());
        } else {
            err.println("autoresearch: unexpected error: " + ex);
            if (!context.verbose()) {
                err.println("  run again with --verbose for the stack trace");
            }
        }
        if (ex instanceof UsageException u && !u.hint().isEmpty()) {
            err.println("  " + u.hint());
        }
        if (context.verbose()) {
            ex.printStackTrace(err);
        }
        err.flush();
        return code;
    }
}
