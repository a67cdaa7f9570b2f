package dev.autoresearch.core.internal.git;

import dev.autoresearch.core.AutoresearchException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The git side of a session: the branch {@code autoresearch/<tag>} made from the user's HEAD, and
 * a linked worktree of it where every edit and run happens. The user's own checkout (its index,
 * its working files, its current branch) is never written to; only {@code .git/info/exclude} gains
 * a line for the session folder.
 */
public final class GitWorkspace {
    private static final Logger LOG = LoggerFactory.getLogger(GitWorkspace.class);
    private static final String IDENTITY_NAME = "autoresearch";
    private static final String IDENTITY_EMAIL = "autoresearch@localhost";

    private final Path root;
    private final Path worktree;
    private final String branch;
    private final Git git;
    private final boolean needsIdentity;

    private GitWorkspace(Path root, Path worktree, String branch, boolean needsIdentity) {
        this.root = root;
        this.worktree = worktree;
        this.branch = branch;
        this.git = new Git(worktree);
        this.needsIdentity = needsIdentity;
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

    /**
     * Opens the workspace of session {@code tag}: makes the branch from HEAD if it does not exist,
     * and the worktree at {@code worktree} if it is missing or broken.
     */
    public static GitWorkspace open(Path root, String tag, Path worktree) {
        Git main = new Git(root);
        if (!main.tryRun("rev-parse", "--verify", "--quiet", "HEAD^{commit}").ok()) {
            throw new AutoresearchException("the repository at " + root + " has no commit yet; "
                    + "commit your code first: the session branches from HEAD");
        }
        excludeSessionFolder(main);
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
        boolean registered = isRegisteredWorktree(main, worktree);
        if (!registered || !Files.isDirectory(worktree.resolve(".git")) && !Files.isRegularFile(worktree.resolve(".git"))) {
            main.run("worktree", "prune");
            if (Files.exists(worktree)) {
                throw new AutoresearchException(worktree + " exists but is not a worktree of " + root
                        + "; move it away so the session can make its worktree there");
            }
            Git.Result added = main.tryRun("worktree", "add", worktree.toString(), branch);
            if (!added.ok()) {
                throw new AutoresearchException("cannot make the worktree for " + branch + " at " + worktree + ": "
                        + added.err().strip() + (added.err().contains("already checked out")
                        ? "; switch your checkout to another branch first" : ""));
            }
        }
        boolean needsIdentity = main.tryRun("config", "user.email").out().isBlank()
                || main.tryRun("config", "user.name").out().isBlank();
        return new GitWorkspace(root, worktree, branch, needsIdentity);
    }

    private static boolean isRegisteredWorktree(Git main, Path worktree) {
        String list = main.run("worktree", "list", "--porcelain");
        Path wanted = worktree.toAbsolutePath().normalize();
        for (String line : list.split("\n")) {
            if (line.startsWith("worktree ")) {
                Path p = Path.of(line.substring("worktree ".length())).toAbsolutePath().normalize();
                if (p.equals(wanted)) {
                    return Files.exists(p);
                }
            }
        }
        return false;
    }

    private static void excludeSessionFolder(Git main) {
        Path common = Path.of(main.run("rev-parse", "--git-common-dir"));
        if (!common.isAbsolute()) {
            common = main.directory().resolve(common);
        }
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

    public Path worktree() {
        return worktree;
    }

    public String branch() {
        return branch;
    }

    /** The commit the branch points at. */
    public String head() {
        return git.run("rev-parse", "HEAD");
    }

    /**
     * Puts the branch and the worktree at {@code commit}: tracked files as committed, untracked
     * files removed (ignored files, such as build caches and virtual environments, stay).
     */
    public void resetTo(String commit) {
        // checkout -B rather than reset: a run may have switched the worktree to another branch or
        // detached it, and a plain reset would then move that other branch.
        git.run("checkout", "--force", "--quiet", "-B", branch, commit);
        git.run("clean", "-fdq");
    }

    /** True when the worktree is on the session's branch and the branch points at {@code commit}. */
    public boolean isAt(String commit) {
        Git.Result ref = git.tryRun("symbolic-ref", "--quiet", "HEAD");
        return ref.ok() && ref.out().strip().equals("refs/heads/" + branch) && head().equals(commit);
    }

    /** Paths (relative, {@code /} separators) that differ from HEAD in the worktree, untracked ones included. */
    public List<String> changedPaths() {
        String out = git.tryRun("status", "--porcelain", "-z", "--untracked-files=all").out();
        List<String> paths = new ArrayList<>();
        String[] entries = out.split("\0");
        for (int i = 0; i < entries.length; i++) {
            String e = entries[i];
            if (e.length() < 4) {
                continue;
            }
            paths.add(e.substring(3));
            if (e.charAt(0) == 'R' || e.charAt(0) == 'C') {
                i++; // the entry after a rename is its source
            }
        }
        return paths;
    }

    /**
     * True when writing {@code relativePath} lands inside the worktree: the deepest part of it that
     * exists already, resolved through any symbolic links, is the worktree or lies under it.
     */
    public boolean staysInside(String relativePath) {
        try {
            Path root = worktree.toRealPath();
            Path target = worktree.resolve(relativePath).normalize();
            Path existing = target;
            while (existing != null && !Files.exists(existing, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                existing = existing.getParent();
            }
            if (existing == null) {
                return false;
            }
            if (Files.isSymbolicLink(existing) && existing.equals(target)) {
                return false; // writing would follow the link
            }
            return existing.toRealPath().startsWith(root);
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes files into the worktree, creating directories as needed. */
    public void write(Map<String, String> files) {
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path target = worktree.resolve(e.getKey()).normalize();
            try {
                Files.createDirectories(target.getParent());
                Files.writeString(target, e.getValue(), StandardCharsets.UTF_8);
            } catch (IOException ex) {
                throw new AutoresearchException("cannot write " + target + ": " + ex.getMessage(), ex);
            }
        }
    }

    /** Commits exactly {@code paths} with {@code message} and returns the new commit. */
    public String commit(Collection<String> paths, String message) {
        List<String> add = new ArrayList<>(List.of("add", "--"));
        add.addAll(paths);
        git.run(add.toArray(String[]::new));
        git.run(withIdentity("commit", "--quiet", "--no-verify", "-m", message));
        return head();
    }

    /** Replaces the message of the branch's head commit (nothing else) and returns the new commit. */
    public String amendMessage(String message) {
        git.run(withIdentity("commit", "--quiet", "--no-verify", "--amend", "--only", "--allow-empty", "-m", message));
        return head();
    }

    /** The diff between two commits, as {@code git diff} prints it. */
    public String diff(String from, String to) {
        return git.run("diff", "--no-color", "--no-ext-diff", from, to) + "\n";
    }

    /** The diff of the worktree's uncommitted changes against HEAD, untracked files included. */
    public String workingDiff() {
        git.run("add", "--intent-to-add", "--all");
        String diff = git.run("diff", "--no-color", "--no-ext-diff", "HEAD");
        return diff.isEmpty() ? "" : diff + "\n";
    }

    private String[] withIdentity(String... args) {
        if (!needsIdentity) {
            return args;
        }
        List<String> all = new ArrayList<>(List.of("-c", "user.name=" + IDENTITY_NAME, "-c", "user.email=" + IDENTITY_EMAIL));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }
}
