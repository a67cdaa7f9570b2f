package dev.autoresearch.core.journal;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.internal.git.Git;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * Where a session's code is based: the commit of the user's branch it started from, or was last
 * rebased onto, and how far that branch has moved since, so that {@code status} can say when a
 * rebase would bring new commits (a fix, say) into the session.
 */
public final class SessionBase {
    /** The strategy recorded for a rebase's new base, a keep that is the session's new baseline. */
    public static final String REBASE_STRATEGY = "rebase";

    private SessionBase() {
    }

    /** The base commit: the new base of the session's last rebase, else the commit it started from. */
    public static String commit(ResearchState state, JournalHeader header) {
        List<ExperimentRecord> history = state.history();
        for (int i = history.size() - 1; i >= 1; i--) {
            ExperimentRecord r = history.get(i);
            if (r.strategy().equals(REBASE_STRATEGY) && r.status() == Status.KEEP) {
                return r.commit();
            }
        }
        return header.baseCommit();
    }

    /**
     * How many commits the user's branch (the HEAD of the repository whose worktree the session
     * holds) has that {@code base} has not; empty when that cannot be told (the worktree is gone).
     */
    public static OptionalInt commitsSince(SessionFiles files, String base) {
        Path worktree = files.worktree();
        if (!Files.isDirectory(worktree)) {
            return OptionalInt.empty();
        }
        Git.Result common = new Git(worktree).tryRun("rev-parse", "--path-format=absolute", "--git-common-dir");
        if (!common.ok()) {
            return OptionalInt.empty();
        }
        Path gitDir = Path.of(common.out().strip());
        Git.Result count = new Git(worktree).tryRun("--git-dir=" + gitDir, "rev-list", "--count", base + "..HEAD");
        if (!count.ok()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(count.out().strip()));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
