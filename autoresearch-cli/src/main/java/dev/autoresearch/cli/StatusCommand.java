package dev.autoresearch.cli;

import dev.autoresearch.core.journal.SessionFiles;
import dev.autoresearch.host.IdeasListing;
import dev.autoresearch.host.OptionStyle;
import dev.autoresearch.host.SessionStatus;
import dev.autoresearch.host.Sessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code autoresearch status}: a session's summary from its journal. It only reads files (never the
 * lock), so it works while another process runs the session, and says whether one does and which
 * experiment it has in hand.
 */
@Command(name = "status", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_EXPERIMENT_FAILED, ExitCodes.HELP_USAGE,
                ExitCodes.HELP_SESSION_IN_USE, ExitCodes.HELP_INFRASTRUCTURE, ExitCodes.HELP_INTERRUPTED},
        description = "Show a session's progress from its journal, also while another process runs it.")
final class StatusCommand implements Callable<Integer> {
    private final CliContext context;

    @Option(names = "--tag", paramLabel = "TAG", description = "The session (default: the most recently active one).")
    String tag;

    @Option(names = "--last", paramLabel = "N", defaultValue = "5",
            description = "How many of the latest experiments to list (default: ${DEFAULT-VALUE}).")
    int last;

    StatusCommand(CliContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public Integer call() {
        Path root = Sessions.repositoryRoot(context.workingDirectory());
        SessionFiles files = Sessions.select(root, Optional.ofNullable(tag));
        SessionStatus.print(context.out(), files, context.clock().instant(), last, context::display, OptionStyle.FLAGS);
        IdeasListing.userIdeasLine(context.workingDirectory(), context::display).ifPresent(context.out()::println);
        return ExitCodes.OK;
    }
}
