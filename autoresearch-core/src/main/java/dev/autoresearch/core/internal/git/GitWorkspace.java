package dev.autoresearch.core.internal.git;

import dev.autoresearch.core.AutoresearchException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The git side of a session: the branch {@code autoresearch/<tag>} made from the user's HEAD, which
 * only the loop moves (to each kept commit), and the session's linked worktrees, each on a detached
 * HEAD. The user's own checkout (its index, its working files, its current branch) is never
 * written to; only {@code .git/info/exclude} gains a line for the session folder.
 */
public final class GitWorkspace {
    private static final Logger LOG = LoggerFactory.getLogger(GitWorkspace.class);

    private final Path root;
    private final String branch;
    private final Git main;
    private final boolean needsIdentity;
    private final Path common;
    private final RefFiles refFiles;

    private GitWorkspace(Path root, String branch, boolean needsIdentity, Path gitDirectory, Path common) {
        this.root = root;
        this.branch = branch;
        this.main = new Git(root);
        this.needsIdentity = needsIdentity;
        this.common = common;
        this.refFiles = new RefFiles(gitDirectory, common);
    }

    /**
     * The root of the checkout containing {@code directory}.
     *
     * @throws AutoresearchException when git is missing or the directory is not in a repository
     */
    public static Path repositoryRoot(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new AutoresearchException(directory + " is not a directory");
        }
        Git.Result r = new Git(directory).tryRun("rev-parse", "--show-toplevel");
        if (!r.ok()) {
            throw new AutoresearchException(directory.toAbsolutePath() + " is not inside a git repository; "
                    + "run 'git init' and commit your code first (experiments are git commits)");
        }
        return Path.of(r.out().strip()).toAbsolutePath().normalize();
    }

    /** Opens the repository side of session {@code tag}: makes the branch from HEAD if it does not exist. */
    public static GitWorkspace open(Path root, String tag) {
        Git main = new Git(root);
        // The checkout's own git directory (its HEAD) and the one its branches live in, which differ in a linked worktree.
        String[] dirs = main.run("rev-parse", "--git-dir", "--git-common-dir").split("\n");
        Path gitDirectory = absolute(main, dirs[0].strip());
        Path common = absolute(main, dirs[dirs.length - 1].strip());
        excludeSessionFolder(common);
        if (!main.tryRun("rev-parse", "--verify", "--quiet", "HEAD^{commit}").ok()) {
            throw new dev.autoresearch.core.SessionSetupException("the repository at " + root + " has no commit yet; "
                    + "commit your code first: the session branches from HEAD");
        }
        String branch = "autoresearch/" + tag;
        if (!main.tryRun("rev-parse", "--verify", "--quiet", "refs/heads/" + branch).ok()) {
            String head = main.run("rev-parse", "HEAD");
            main.run("branch", branch, head);
            LOG.info("created branch {} at {}", branch, head.substring(0, 7));
            if (!main.run("status", "--porcelain", "--untracked-files=no").isEmpty()) {
                LOG.warn("the checkout at {} has uncommitted changes; experiments start from the last commit "
                        + "({}) and leave those changes alone", root, head.substring(0, 7));
            }
        }
        boolean needsIdentity = main.tryRun("config", "user.email").out().isBlank()
                || main.tryRun("config", "user.name").out().isBlank();
        return new GitWorkspace(root, branch, needsIdentity, gitDirectory, common);
    }

    /**
     * The session's worktree at {@code path}, made (detached at the branch's head) when it is missing
     * or broken; its {@code .git} link is repaired when a run removed it.
     */
    public Worktree worktree(Path path) {
        Optional<Path> admin = adminDirectoryOf(common, path);
        if (admin.isEmpty()) {
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                throw new AutoresearchException(path + " exists but is not a worktree of " + root
                        + "; move it away so the session can make its worktree there");
            }
            Git.Result added = main.tryRun("worktree", "add", "--detach", path.toString(), "refs/heads/" + branch);
            if (!added.ok()) {
                // A worktree deleted without git knowing can stand in the way: forget those, then try again.
                main.run("worktree", "prune");
                added = main.tryRun("worktree", "add", "--detach", path.toString(), "refs/heads/" + branch);
            }
            if (!added.ok()) {
                throw new AutoresearchException("cannot make the worktree for " + branch + " at " + path + ": "
                        + added.err().strip());
            }
            admin = adminDirectoryOf(common, path);
            if (admin.isEmpty()) {
                throw new AutoresearchException("git made the worktree " + path + " but it is not listed under "
                        + common.resolve("worktrees") + "; is this git older than 2.5?");
            }
        }
        Worktree worktree = new Worktree(path, admin.get(), root, common.resolve("objects"), needsIdentity);
        worktree.repairGitLink();
        return worktree;
    }

    /** The commit the user's checkout is on (its HEAD), where a rebase takes the session. */
    public String userHead() {
        return main.run("rev-parse", "HEAD");
    }

    /** The commit the session's branch points at. */
    public String branchHead() {
        return main.run("rev-parse", "refs/heads/" + branch);
    }

    /**
     * Puts the session's branch back on {@code recorded} when it stands one keep ahead of it that the
     * journal never recorded: a loop that died between moving the branch and writing the record.
     * Such a commit has {@code recorded} as its only parent and the loop's keep trailer; a branch
     * moved by anything else is left alone, and the next keep's guarded move says so.
     *
     * @return the commit the branch was taken back from, if it was
     */
    public Optional<String> dropUnrecordedKeep(String recorded) {
        return dropUnrecordedKeep(recorded, recorded::equals);
    }

    /**
     * As {@link #dropUnrecordedKeep(String)}, for a search whose keeps are made on any recorded node:
     * the commit ahead may have any commit {@code isNode} accepts as its only parent.
     */
    public Optional<String> dropUnrecordedKeep(String recorded, java.util.function.Predicate<String> isNode) {
        String at = branchHead();
        if (at.equals(recorded)) {
            return Optional.empty();
        }
        Git.Result r = main.tryRun("log", "-1", "--format=%P%n%B", at);
        if (!r.ok()) {
            return Optional.empty();
        }
        String[] lines = r.out().split("\n", 2);
        boolean onRecorded = isNode.test(lines[0].strip());
        boolean loopsKeep = lines.length > 1 && lines[1].contains("\nAutoresearch-Status: keep");
        if (!onRecorded || !loopsKeep) {
            return Optional.empty();
        }
        moveBranch(at, recorded);
        return Optional.of(at);
    }

    /**
     * Moves the session's branch from {@code from} to {@code to}, and only from there: a branch
     * that something else moved is not silently overwritten.
     */
    public void moveBranch(String from, String to) {
        main.run("update-ref", "-m", "autoresearch: keep", "refs/heads/" + branch, to, from);
    }

    /**
     * Points the session's ref {@code refs/autoresearch/<tag>/<name>} at {@code commit}: an island's
     * champion ({@code island-2}) or a kept node of a tree ({@code node-12}), which a user inspects with
     * {@code git log autoresearch/<tag>/island-2}. Outside {@code refs/heads}, they are not branches a
     * checkout lists, and they keep the commits a search may start from.
     */
    public void pointRef(String name, String commit) {
        main.run("update-ref", "-m", "autoresearch: " + name, "refs/" + branch + "/" + name, commit);
    }

    /** Every branch of the repository and the commit it points at. */
    public java.util.Map<String, String> branches() {
        java.util.Map<String, String> refs = new java.util.TreeMap<>();
        for (String line : main.run("for-each-ref", "--format=%(refname) %(objectname)", "refs/heads").split("\n")) {
            int space = line.lastIndexOf(' ');
            if (space > 0) {
                refs.put(line.substring(0, space), line.substring(space + 1));
            }
        }
        return refs;
    }

    /**
     * Digests of the files git keeps the repository's branches and the checkout's HEAD in: two equal
     * fingerprints mean that no branch and no HEAD changed in between, so {@link #branches()} and
     * {@link #headTarget()} need not be asked again. Empty when the files could not be read.
     */
    public Optional<RefsFingerprint> refsFingerprint() {
        return refFiles.fingerprint("refs/heads/" + branch);
    }

    /**
     * What {@link #refsFingerprint()} read.
     *
     * @param all           the digest of every file
     * @param besidesBranch the digest of every file but the session branch's own (loose) file: equal
     *                      before and after the loop moves its branch when nothing else changed
     * @param branchFile    what that file holds, stripped: the commit, or empty when the branch is packed
     */
    public record RefsFingerprint(String all, String besidesBranch, String branchFile) {
    }

    /** What the user's checkout's HEAD names: a ref such as {@code refs/heads/main}, or a commit when detached. */
    public String headTarget() {
        Git.Result symbolic = main.tryRun("symbolic-ref", "--quiet", "HEAD");
        return symbolic.ok() ? symbolic.out().strip() : main.tryRun("rev-parse", "--verify", "--quiet", "HEAD").out().strip();
    }

    /** Points the user's checkout's HEAD back at {@code target} (a ref or a commit), touching no file. */
    public void restoreHead(String target) {
        if (target.startsWith("refs/")) {
            main.run("symbolic-ref", "HEAD", target);
        } else {
            main.run("update-ref", "--no-deref", "HEAD", target);
        }
    }

    /**
     * Puts the user's checkout's files and index back from {@code from}'s to {@code to}'s, as
     * switching back would, keeping the user's own uncommitted changes: undoes the file side of a
     * {@code git checkout} a run made there.
     *
     * @return false when git could not (a change of the user's is in the way); nothing is changed then
     */
    public boolean switchFilesBack(String from, String to) {
        return main.tryRun("read-tree", "-m", "-u", from, to).ok();
    }

    /** The commit {@code revision} names, when it names one. */
    public Optional<String> commitOf(String revision) {
        Git.Result r = main.tryRun("rev-parse", "--verify", "--quiet", revision + "^{commit}");
        return r.ok() ? Optional.of(r.out().strip()) : Optional.empty();
    }

    /** True when {@code commit}'s message carries the loop's experiment trailer: a commit a session made. */
    public boolean isExperimentCommit(String commit) {
        Git.Result r = main.tryRun("log", "-1", "--format=%B", commit);
        return r.ok() && r.out().contains("\nAutoresearch-Experiment: ");
    }

    /** The branches whose history holds {@code commit}, as full ref names. */
    public java.util.List<String> branchesContaining(String commit) {
        return main.run("for-each-ref", "--contains=" + commit, "--format=%(refname)", "refs/heads").lines()
                .filter(l -> !l.isBlank()).toList();
    }

    /** Deletes branch {@code ref}, only while it is at {@code commit}. */
    public void deleteRef(String ref, String commit) {
        main.run("update-ref", "-m", "autoresearch: remove a branch an experiment made", "-d", ref, commit);
    }

    /** Puts branch {@code ref} back at {@code commit}. */
    public void restoreRef(String ref, String commit) {
        main.run("update-ref", "-m", "autoresearch: restore after an experiment changed it", ref, commit);
    }

    /** True when {@code ancestor} is {@code commit} or in its history. */
    public boolean isAncestor(String ancestor, String commit) {
        return main.tryRun("merge-base", "--is-ancestor", ancestor, commit).ok();
    }

    /** Worktrees (other than {@code except}) that have the session's branch checked out. */
    public java.util.List<Path> checkingOutBranch(java.util.Collection<Path> except) {
        java.util.List<Path> found = new java.util.ArrayList<>();
        Path current = null;
        for (String line : main.run("worktree", "list", "--porcelain").split("\n")) {
            if (line.startsWith("worktree ")) {
                current = Path.of(line.substring("worktree ".length()));
            } else if (line.equals("branch refs/heads/" + branch) && current != null
                    && except.stream().noneMatch(current.toAbsolutePath().normalize()::equals)) {
                found.add(current);
            }
        }
        return found;
    }

    /** Puts the session's branch at {@code commit}, wherever it is now (restoring it after a run moved it). */
    public void resetBranch(String commit) {
        main.run("update-ref", "-m", "autoresearch: restore", "refs/heads/" + branch, commit);
    }

    /** A directory git printed, which is relative to where it ran unless absolute. */
    private static Path absolute(Git git, String printed) {
        Path p = Path.of(printed);
        return (p.isAbsolute() ? p : git.directory().resolve(p)).toAbsolutePath().normalize();
    }

    /** The directory under {@code <common>/worktrees/} whose {@code gitdir} file names {@code worktree}. */
    private static Optional<Path> adminDirectoryOf(Path common, Path worktree) {
        Path wanted = canonical(worktree.resolve(".git"));
        try (Stream<Path> dirs = Files.list(common.resolve("worktrees"))) {
            return dirs.filter(d -> {
                try {
                    Path gitdir = d.resolve("gitdir");
                    return Files.isRegularFile(gitdir)
                            && canonical(Path.of(Files.readString(gitdir, StandardCharsets.UTF_8).strip())).equals(wanted);
                } catch (IOException | RuntimeException e) {
                    return false;
                }
            }).findFirst().map(d -> d.toAbsolutePath().normalize());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new AutoresearchException("cannot list " + common.resolve("worktrees") + ": " + e.getMessage(), e);
        }
    }

    private static Path canonical(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        try {
            return parent != null && Files.exists(parent) ? parent.toRealPath().resolve(absolute.getFileName()) : absolute;
        } catch (IOException e) {
            return absolute;
        }
    }

    private static void excludeSessionFolder(Path common) {
        Path exclude = common.resolve("info").resolve("exclude");
        String line = "/.autoresearch/";
        try {
            String existing = Files.exists(exclude) ? Files.readString(exclude, StandardCharsets.UTF_8) : "";
            if (existing.lines().noneMatch(l -> l.strip().equals(line) || l.strip().equals(".autoresearch/"))) {
                Files.createDirectories(exclude.getParent());
                String prefix = existing.isEmpty() || existing.endsWith("\n") ? "" : "\n";
                Files.writeString(exclude, prefix + "# autoresearch session files\n" + line + "\n",
                        StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            throw new AutoresearchException("cannot add .autoresearch/ to " + exclude + ": " + e.getMessage(), e);
        }
    }

    public Path root() {
        return root;
    }

    public String branch() {
        return branch;
    }

    /**
     * Where a session with no record yet starts: the user's HEAD as it is now, so that a fix
     * committed after a failed baseline is what runs. The branch follows it there when that loses
     * nothing: the branch is where this session made it ({@code sessionBase}), or it is already
     * part of HEAD's history.
     *
     * @throws dev.autoresearch.core.SessionSetupException when the branch holds commits of its own that
     *         moving it would lose
     */
    public String startingPoint(Optional<String> sessionBase) {
        Git main = new Git(root);
        String head = main.run("rev-parse", "HEAD");
        String at = main.run("rev-parse", "refs/heads/" + branch);
        if (at.equals(head) || sessionBase.filter(at::equals).isPresent()
                || main.tryRun("merge-base", "--is-ancestor", at, head).ok()) {
            if (!at.equals(head)) {
                LOG.info("session has no record yet; moving {} from {} to HEAD {}", branch, at.substring(0, 7),
                        head.substring(0, 7));
            }
            return head;
        }
        // A session folder deleted by hand leaves its worktrees registered, and git refuses to delete a
        // branch one of them has checked out: forget those, so that the advice below works as printed.
        main.tryRun("worktree", "prune");
        throw new dev.autoresearch.core.SessionSetupException("the branch " + branch + " already exists at "
                + at.substring(0, 7) + " with commits that are not in HEAD, and this session has no record of them;"
                + " delete it ('git branch -D " + branch + "' once you no longer need it) or choose another tag");
    }
}
