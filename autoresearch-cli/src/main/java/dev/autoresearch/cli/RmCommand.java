package dev.autoresearch.cli;

import dev.autoresearch.core.SessionRemoval;
import dev.autoresearch.core.ideas.IdeasLedger;
import dev.autoresearch.host.Sessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code autoresearch rm --tag <t>}: removes a session for good, its folder, its worktrees (also
 * those of a folder deleted by hand, which git would otherwise keep registered) and its branch.
 */
@Command(name = "rm", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_USAGE, ExitCodes.HELP_SESSION_IN_USE,
                ExitCodes.HELP_INFRASTRUCTURE},
        description = "Remove a session: its folder under .autoresearch/, its worktrees and its branch "
                + "autoresearch/<tag>. The experiments it kept are lost with the branch unless --keep-branch.")
final class RmCommand implements Callable<Integer> {
    private final CliContext context;

    @Option(names = "--tag", paramLabel = "TAG", required = true, description = "The session to remove.")
    String tag;

    @Option(names = "--keep-branch", description = "Keep the branch autoresearch/<tag> (its commits stay).")
    boolean keepBranch;

    @Option(names = "--forget-ideas", description = "Also remove the session's lines from the ideas ledger "
            + "(.autoresearch/ideas.jsonl); by default later sessions still know what it tried.")
    boolean forgetIdeas;

    RmCommand(CliContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public Integer call() {
        Path root = Sessions.repositoryRoot(context.workingDirectory());
        if (forgetIdeas) {
            // Before anything is removed, so that the command can simply be given again.
            SessionRemoval.refuseWhileASessionRuns(root, "forgetting the ideas of session '" + tag + "'");
        }
        SessionRemoval.Removed removed = SessionRemoval.remove(root, tag, Optional.empty(), keepBranch);
        removed.folder().ifPresent(f -> context.out().println("removed " + context.display(f)));
        if (removed.worktrees() > 0) {
            context.out().println("removed " + removed.worktrees() + (removed.worktrees() == 1 ? " worktree" : " worktrees"));
        }
        removed.branch().ifPresent(b -> context.out().println("deleted branch " + b));
        removed.branchKept().ifPresent(why -> context.out().println("branch autoresearch/" + tag + " left: " + why));
        IdeasLedger ledger = IdeasLedger.of(root);
        if (forgetIdeas) {
            int forgotten = SessionRemoval.forgetIdeas(root, tag);
            context.out().println("removed " + forgotten + (forgotten == 1 ? " idea" : " ideas") + " of session " + tag
                    + " from " + context.display(ledger.file()));
        } else if (ledger.read().stream().anyMatch(i -> i.session().equals(tag))) {
            context.out().println("its ideas stay in " + context.display(ledger.file()) + " (--forget-ideas removes them)");
        }
        return ExitCodes.OK;
    }
}
