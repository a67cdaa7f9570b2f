package dev.autoresearch.core.internal.git;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The linked worktrees git has registered under a session's folder, and their removal. A folder
 * deleted by hand leaves its worktrees registered, and git then refuses to delete a branch one of
 * them had checked out; removing through git (and pruning what is already gone) avoids that.
 */
public final class SessionWorktrees {
    private static final Logger LOG = LoggerFactory.getLogger(SessionWorktrees.class);

    private SessionWorktrees() {
    }

    /** The worktrees registered under {@code folder}, whether or not their directories still exist. */
    public static List<Path> under(Path repositoryRoot, Path folder) {
        Path inside = canonical(folder);
        List<Path> found = new ArrayList<>();
        for (String line : new Git(repositoryRoot).run("worktree", "list", "--porcelain").split("\n")) {
            if (line.startsWith("worktree ")) {
                Path p = canonical(Path.of(line.substring("worktree ".length())));
                if (p.startsWith(inside) && !p.equals(inside)) {
                    found.add(p);
                }
            }
        }
        return found;
    }

    /**
     * Removes every worktree registered under {@code folder} but {@code keep}, and forgets those whose
     * directories were deleted already.
     *
     * @return how many were removed or forgotten
     */
    public static int removeUnder(Path repositoryRoot, Path folder, List<Path> keep) {
        Git git = new Git(repositoryRoot);
        List<Path> kept = keep.stream().map(SessionWorktrees::canonical).toList();
        int removed = 0;
        for (Path worktree : under(repositoryRoot, folder)) {
            if (kept.contains(worktree)) {
                continue;
            }
            if (Files.exists(worktree)) {
                // Twice --force: a worktree the loop left locked or with changes is still the session's own.
                Git.Result r = git.tryRun("worktree", "remove", "--force", "--force", worktree.toString());
                if (!r.ok()) {
                    LOG.warn("cannot remove the worktree {}: {}", worktree, r.err().strip());
                    continue;
                }
            }
            removed++;
        }
        git.tryRun("worktree", "prune");
        return removed;
    }

    /** Deletes {@code directory} and everything in it. */
    public static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> all = Files.walk(directory)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The path with its existing part's links resolved, as git prints worktree paths. */
    static Path canonical(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
        } catch (IOException e) {
            return absolute;
        }
    }
}
