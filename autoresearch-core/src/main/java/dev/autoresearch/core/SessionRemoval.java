package dev.autoresearch.core;

import dev.autoresearch.core.ideas.IdeasLedger;
import dev.autoresearch.core.internal.git.Git;
import dev.autoresearch.core.internal.git.GitWorkspace;
import dev.autoresearch.core.internal.git.SessionWorktrees;
import dev.autoresearch.core.internal.session.SessionLock;
import dev.autoresearch.core.journal.SessionFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Removes a session for good: its folder, every worktree git has registered under it (also when the
 * folder was deleted by hand), and its branch unless it is to be kept. A session that a live process
 * runs is refused.
 */
public final class SessionRemoval {
    private SessionRemoval() {
    }

    /**
     * What a removal did.
     *
     * @param folder        the session's folder, if it was there to remove
     * @param worktrees     the worktrees removed, or forgotten when their directories were gone already
     * @param branch        the branch deleted, if one was
     * @param branchKept    why the branch is still there, when it is (kept on request, or checked out elsewhere)
     */
    public record Removed(Optional<Path> folder, int worktrees, Optional<String> branch, Optional<String> branchKept) {
        public Removed {
            Objects.requireNonNull(folder, "folder");
            Objects.requireNonNull(branch, "branch");
            Objects.requireNonNull(branchKept, "branchKept");
        }
    }

    /**
     * Removes session {@code tag}'s lines from the ideas ledger of the repository containing
     * {@code repository} ({@code .autoresearch/ideas.jsonl}), so that later sessions no longer know what
     * it tried. Refused while any session of the repository runs: that session keeps the ledger as it
     * has seen it, and would put the lines back.
     *
     * @return how many lines were removed
     * @throws SessionInUseException naming a session that runs
     */
    public static int forgetIdeas(Path repository, String tag) {
        Objects.requireNonNull(tag, "tag");
        Path root = GitWorkspace.repositoryRoot(repository);
        refuseWhileASessionRuns(root, "forgetting the ideas of session '" + tag + "'");
        return IdeasLedger.of(root).forget(tag);
    }

    /**
     * Throws when a session of the repository rooted at {@code root} runs now, saying that
     * {@code what} waits for it to stop.
     *
     * @throws SessionInUseException naming the session and its process
     */
    public static void refuseWhileASessionRuns(Path root, String what) {
        Path sessions = root.resolve(SessionFiles.ROOT);
        if (!Files.isDirectory(sessions)) {
            return;
        }
        try (var folders = Files.list(sessions)) {
            for (Path folder : folders.sorted().toList()) {
                Optional<String> holder = SessionLock.liveHolder(new SessionFiles(folder).lock());
                if (holder.isPresent()) {
                    throw new SessionInUseException("session '" + folder.getFileName() + "' is running (" + holder.get()
                            + "), and it keeps the ideas ledger as it has seen it; " + what
                            + " waits until no session of this repository runs");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the sessions in " + sessions, e);
        }
    }

    /**
     * Removes session {@code tag} of the repository containing {@code repository}.
     *
     * @param sessionDirectory the session's folder when it is not {@code .autoresearch/<tag>}
     * @throws SessionInUseException when a live process runs the session
     * @throws SessionSetupException when there is nothing of such a session to remove
     */
    public static Removed remove(Path repository, String tag, Optional<Path> sessionDirectory, boolean keepBranch) {
        Objects.requireNonNull(tag, "tag");
        Path root = GitWorkspace.repositoryRoot(repository);
        SessionFiles files = sessionDirectory.map(SessionFiles::new).orElseGet(() -> SessionFiles.of(root, tag));
        SessionLock.liveHolder(files.lock()).ifPresent(holder -> {
            throw new SessionInUseException("session '" + tag + "' is running (" + holder + "); stop it before"
                    + " removing it");
        });
        String branch = "autoresearch/" + tag;
        Git git = new Git(root);
        boolean hasBranch = git.tryRun("rev-parse", "--verify", "--quiet", "refs/heads/" + branch).ok();
        List<Path> registered = SessionWorktrees.under(root, files.directory());
        boolean hasFolder = Files.exists(files.directory());
        if (!hasFolder && registered.isEmpty() && !hasBranch) {
            throw new SessionSetupException("there is no session '" + tag + "' to remove: no folder "
                    + files.directory() + ", no worktree there and no branch " + branch);
        }
        int worktrees = SessionWorktrees.removeUnder(root, files.directory(), List.of());
        if (hasFolder) {
            try {
                SessionWorktrees.deleteTree(files.directory());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + files.directory() + ": " + e.getMessage()
                        + "; delete it by hand, then remove the session again for its worktrees and branch", e);
            }
        }
        Optional<String> deleted = Optional.empty();
        Optional<String> kept = Optional.empty();
        if (hasBranch && keepBranch) {
            kept = Optional.of("kept as asked");
        } else if (hasBranch) {
            Git.Result r = git.tryRun("branch", "-D", branch);
            if (r.ok()) {
                deleted = Optional.of(branch);
            } else {
                kept = Optional.of("git refused to delete it: " + r.err().strip());
            }
        }
        return new Removed(hasFolder ? Optional.of(files.directory()) : Optional.empty(), worktrees, deleted, kept);
    }
}
