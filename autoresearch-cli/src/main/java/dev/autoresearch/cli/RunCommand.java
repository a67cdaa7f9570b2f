package dev.autoresearch.cli;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.BaselineFailedException;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ProgramSpecException;
import dev.autoresearch.core.ResearchEvent;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.SessionInUseException;
import dev.autoresearch.core.journal.SessionFiles;
import dev.autoresearch.host.HostOptions;
import dev.autoresearch.host.KeyOptions;
import dev.autoresearch.host.LoopComponents;
import dev.autoresearch.host.OptionStyle;
import dev.autoresearch.core.program.ProgramKeys;
import dev.autoresearch.host.ProgramValues;
import dev.autoresearch.host.RunOutcome;
import dev.autoresearch.host.RunnerChoice;
import dev.autoresearch.host.SessionSetup;
import dev.autoresearch.host.StopOnExit;
import dev.autoresearch.host.Sessions;
import dev.autoresearch.host.Summary;
import dev.autoresearch.host.UsageException;
import dev.autoresearch.host.report.HtmlReport;
import dev.autoresearch.host.report.SessionReports;
import dev.autoresearch.runners.Sandbox;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code autoresearch run [PROGRAM]}: runs (or resumes) a session from program.md, with a flag for
 * every program.md key; prints a line per experiment and a summary, and keeps progress.png and
 * report.html up to date (every few seconds while it runs, whole when it ends).
 */
@Command(name = "run", abbreviateSynopsis = true, sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_EXPERIMENT_FAILED, ExitCodes.HELP_USAGE,
                ExitCodes.HELP_SESSION_IN_USE, ExitCodes.HELP_INFRASTRUCTURE, ExitCodes.HELP_INTERRUPTED},
        description = {
                "Run (or resume) a research session: the baseline, then experiments until a stopping criterion holds.",
                "Values in PROGRAM are the defaults; flags override them. Without a program file, --metric, "
                        + "--direction and --run are required.",
                "Ctrl-C stops after recording the experiment in hand; run the same command again to resume."})
final class RunCommand implements Callable<Integer> {
    private final CliContext context;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PROGRAM",
            description = "The program file (default: program.md in the current directory, else at the "
                    + "repository's root).")
    String program;

    @ArgGroup(validate = false, heading = "%nSession:%n", order = 1)
    SessionOptions session = new SessionOptions();

    @ArgGroup(validate = false, heading = "%nStrategy:%n", order = 2)
    StrategyOptions strategy = new StrategyOptions();

    /** Added to the command's spec by {@link AutoresearchCommand#commandLine}, from the keys' declaration. */
    final ProgramFlags keys = new ProgramFlags();

    static final class SessionOptions {
        @Option(names = "--tag", paramLabel = "TAG",
                description = "The session's name; its branch is autoresearch/TAG (default: today's date, such as nov28). "
                        + "An existing tag resumes.")
        String tag;

        @Option(names = "--rebase",
                description = "Before going on, bring into the session the commits made on your branch since it started "
                        + "(a fix after a crash streak, say): its kept changes are replayed on them, the new base is "
                        + "measured as the new baseline, and numbering goes on. A conflict stops with the files at fault "
                        + "and changes nothing.")
        boolean rebase;

        @Option(names = "--fresh-memory",
                description = "Start without what earlier sessions of this repository put in the ideas ledger "
                        + "(.autoresearch/ideas.jsonl): their changes are not refused and the model is not shown them. "
                        + "This session's experiments are still added to it.")
        boolean freshMemory;
    }

    static final class StrategyOptions {
        @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
                description = "Seed for the strategy's random choices; the same seed makes the same decisions "
                        + "(default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--model", paramLabel = "PROVIDER:MODEL",
                description = "The model for the llm strategy, such as openai:gpt-4o-mini (env AUTORESEARCH_MODEL).")
        String model;

        @Option(names = "--base-url", paramLabel = "URL",
                description = "An OpenAI-compatible endpoint for the model (env AUTORESEARCH_BASE_URL).")
        String baseUrl;

        @Option(names = "--max-tokens", paramLabel = "N",
                description = "Stop once the model has used N tokens in all (a budget for the session).")
        Long maxTokens;

        @Option(names = "--max-cost", paramLabel = "AMOUNT",
                description = "Stop once the model has cost AMOUNT, priced with --prices.")
        Double maxCost;

        @Option(names = "--prices", paramLabel = "IN,OUT",
                description = "Prices per million input and output tokens, in the currency of --max-cost, "
                        + "such as 3,15.")
        String prices;

        @Option(names = "--max-reply-tokens", paramLabel = "N",
                description = "The most tokens one model reply may have, for every provider (default: the "
                        + "provider's own; 8192 for anthropic).")
        Integer maxReplyTokens;

        @Option(names = "--file-budget", paramLabel = "SIZE", converter = SizeConverter.class,
                description = "The largest editable file the model is shown, such as 64k or 1m (default 100000 "
                        + "bytes); the files together may be four times that.")
        Long fileBudget;
    }

    RunCommand(CliContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public Integer call() {
        PrintWriter out = context.out();
        // Before reading the program: outside a git checkout there is nothing to run, say so first.
        Sessions.repositoryRoot(context.workingDirectory());
        Program p = program();
        ProgramSpec spec = p.spec();
        HostOptions options = hostOptions();
        LoopComponents components = context.components();
        LoopComponents.StrategySettings settings = SessionSetup.strategySettings(spec, options, context.workingDirectory(),
                components.providers());
        Optional<Sandbox> sandbox = SessionSetup.sandbox(spec, options, context.workingDirectory(), components,
                context.env("HOME"));
        ResearchLoop.Builder builder = SessionSetup.configure(context.workingDirectory(), spec, options, components,
                sandbox).clock(context.clock());
        SessionReports reports = new SessionReports(new HtmlReport(), message -> {
            context.err().println("autoresearch: warning: " + message);
            context.err().flush();
        });
        StopOnExit stop = new StopOnExit(Thread.currentThread(), notice -> {
            context.err().println(notice);
            context.err().flush();
        });
        try (ShutdownHooks.Registration ignored = context.shutdownHooks().register(stop.hook());
             ProgressPrinter printer = new ProgressPrinter(out, spec, p.name(), context.terminal(), context.clock(),
                     sandbox.map(s -> "  " + RunnerChoice.describe(s, spec, settings.name(), OptionStyle.FLAGS)).stream().toList())) {
            ResearchLoop loop;
            int[] recordedAtStart = {-1};
            try {
                loop = builder.listener(printer).listener(reports).listener(event -> {
                    if (event instanceof ResearchEvent.SessionStarted started && started.resumed()) {
                        recordedAtStart[0] = started.state().history().size();
                    }
                }).build();
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage(), "see 'autoresearch run --help' (--workers, --devices)");
            }
            printer.lanes(loop.lanes());
            ResearchReport report;
            try {
                report = loop.run();
            } catch (BaselineFailedException | SessionInUseException | ProgramSpecException e) {
                printer.close();
                throw e;
            } catch (AutoresearchException e) {
                printer.close();
                // The reports are written every few seconds while a session runs: bring them up to the journal.
                reports.write();
                if (Thread.interrupted()) {
                    context.err().println("autoresearch: " + e.getMessage());
                    context.err().flush();
                    return ExitCodes.INTERRUPTED;
                }
                if (reports.session().isPresent()) {
                    throw new AutoresearchException(e.getMessage() + "\n  the finished experiments are in "
                            + context.display(reports.session().get().journal())
                            + "; the same command resumes the session", e);
                }
                throw e;
            }
            boolean interrupted = Thread.interrupted() | report.interrupted();
            printer.close();
            boolean drawn = reports.write();
            Summary.print(out, report, spec, context::display, drawn,
                    recordedAtStart[0] == report.state().history().size());
            Path page = HtmlReport.file(new SessionFiles(report.sessionDirectory()));
            if (Files.isRegularFile(page)) {
                out.println("  page     " + context.display(page) + "   (to watch a session live: autoresearch serve)");
                out.flush();
            }
            RunOutcome outcome = RunOutcome.of(report, spec, interrupted);
            if (outcome == RunOutcome.INTERRUPTED) {
                return ExitCodes.INTERRUPTED;
            }
            return outcome == RunOutcome.EXPERIMENT_FAILED ? ExitCodes.EXPERIMENT_FAILED : ExitCodes.OK;
        } finally {
            stop.finished();
        }
    }

    /** The contract and how to name its origin. */
    record Program(ProgramSpec spec, String name) {
    }

    /**
     * Reads the program file (if any) and applies the flags. Without a PROGRAM argument and without
     * a program.md in the working directory, the repository root's program.md is used: a run from
     * a subdirectory finds the same contract as one from the root.
     */
    Program program() {
        Path file = context.resolve(program == null ? "program.md" : program);
        String name = context.display(file);
        if (program == null && !Files.exists(file)) {
            Path atRoot = Sessions.repositoryRoot(context.workingDirectory()).resolve("program.md");
            if (Files.isRegularFile(atRoot)) {
                file = atRoot;
                // Named as the user finds it from where they are: ../../program.md.
                name = context.workingDirectory().relativize(atRoot).toString();
            }
        }
        ProgramSpec.Builder b;
        if (Files.isRegularFile(file)) {
            b = ProgramSpec.parse(file);
        } else if (Files.exists(file)) {
            throw new UsageException(context.display(file) + " is not a file", "name a program.md file");
        } else if (program == null && keys.suppliesRequiredKeys()) {
            b = ProgramSpec.builder();
            name = "flags";
        } else {
            throw new UsageException("no program file " + file,
                    "write one with 'autoresearch init', or pass --metric, --direction and --run");
        }
        // The runner and the strategy are found by name among the providers: a name none has is the flag's error.
        SessionSetup.checkNames(keys.values(ProgramKeys.RUNNER).stream().findFirst(),
                keys.values(ProgramKeys.STRATEGY).stream().findFirst(), context.components().providers(),
                OptionStyle.FLAGS);
        KeyOptions.applyAll(b, keys::values, OptionStyle.FLAGS);
        return new Program(KeyOptions.build(b, OptionStyle.FLAGS), name);
    }

    /** The run's options that are not program.md keys, with the environment. */
    HostOptions hostOptions() {
        HostOptions.Builder o = HostOptions.builder(OptionStyle.FLAGS).environment(context.environment())
                .seed(strategy.seed);
        if (session.tag != null) {
            o.tag(session.tag);
        }
        if (session.rebase) {
            o.rebase(true);
        }
        if (session.freshMemory) {
            o.freshMemory(true);
        }
        if (strategy.model != null) {
            o.model(strategy.model);
        }
        if (strategy.baseUrl != null) {
            o.baseUrl(strategy.baseUrl);
        }
        if (strategy.maxTokens != null) {
            o.maxTokens(strategy.maxTokens);
        }
        if (strategy.maxCost != null) {
            o.maxCost(strategy.maxCost);
        }
        if (strategy.prices != null) {
            o.prices(strategy.prices);
        }
        if (strategy.maxReplyTokens != null) {
            o.maxReplyTokens(strategy.maxReplyTokens);
        }
        if (strategy.fileBudget != null) {
            o.fileBudget(strategy.fileBudget);
        }
        return o.build();
    }

    /** A size in bytes: {@code 100000}, {@code 64k} (KiB) or {@code 1m} (MiB). */
    static final class SizeConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return ProgramValues.size(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
