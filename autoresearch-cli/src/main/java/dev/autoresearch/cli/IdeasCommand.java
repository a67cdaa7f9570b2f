package dev.autoresearch.cli;

import dev.autoresearch.host.IdeasListing;
import picocli.CommandLine.Command;

import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * {@code autoresearch ideas}: the repository's ideas ledger, what every session tried (kept, then the
 * rest), and the user's ideas of {@code ideas.md} still open. It only reads files.
 */
@Command(name = "ideas", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_USAGE, ExitCodes.HELP_INFRASTRUCTURE},
        description = "List the ideas ledger (.autoresearch/ideas.jsonl): the ideas every session of this repository "
                + "tried, kept and not, and your ideas of ideas.md not tried yet.")
final class IdeasCommand implements Callable<Integer> {
    private final CliContext context;

    IdeasCommand(CliContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public Integer call() {
        IdeasListing.print(context.out(), context.workingDirectory(), context::display);
        return ExitCodes.OK;
    }
}
