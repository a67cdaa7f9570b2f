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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

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
    private final Path adminDirectory;
    private final String branch;
    private final Git git;
    private final boolean needsIdentity;

    private GitWorkspace(Path root, Path worktree, Path adminDirectory, String branch, boolean needsIdentity) {
        this.root = root;
        this.worktree = worktree;
        this.adminDirectory = adminDirectory;
        this.branch = branch;
        // Pinned, so that a run which deletes or rewrites the worktree's .git file cannot send these
        // commands (a forced checkout, a clean) to the user's own checkout, which holds the worktree.
        this.git = new Git(worktree, Map.of("GIT_DIR", adminDirectory.toString(), "GIT_WORK_TREE", worktree.toString()));
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
        excludeSessionFolder(main);
        if (!main.tryRun("rev-parse", "--verify", "--quiet", "HEAD^{commit}").ok()) {
            throw new AutoresearchException("the repository at " + root + " has no commit yet; "
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
        Path common = commonDirectory(main);
        Optional<Path> admin = adminDirectoryOf(common, worktree);
        if (admin.isEmpty()) {
            main.run("worktree", "prune");
            if (Files.exists(worktree, LinkOption.NOFOLLOW_LINKS)) {
                throw new AutoresearchException(worktree + " exists but is not a worktree of " + root
                        + "; move it away so the session can make its worktree there");
            }
            Git.Result added = main.tryRun("worktree", "add", worktree.toString(), branch);
            if (!added.ok()) {
                throw new AutoresearchException("cannot make the worktree for " + branch + " at " + worktree + ": "
                        + added.err().strip() + (added.err().contains("already checked out")
                        ? "; switch your checkout to another branch first" : ""));
            }
            admin = adminDirectoryOf(common, worktree);
            if (admin.isEmpty()) {
                throw new AutoresearchException("git made the worktree " + worktree + " but it is not listed under "
                        + common.resolve("worktrees") + "; is this git older than 2.5?");
            }
        }
        boolean needsIdentity = main.tryRun("config", "user.email").out().isBlank()
                || main.tryRun("config", "user.name").out().isBlank();
        GitWorkspace workspace = new GitWorkspace(root, worktree, admin.get(), branch, needsIdentity);
        workspace.repairGitLink();
        return workspace;
    }

    private static Path commonDirectory(Git main) {
        Path common = Path.of(main.run("rev-parse", "--git-common-dir"));
        return (common.isAbsolute() ? common : main.directory().resolve(common)).toAbsolutePath().normalize();
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

    /** True when the worktree's {@code .git} file is a link to this session's repository, as git wrote it. */
    private boolean gitLinkIntact() {
        Path link = worktree.resolve(".git");
        try {
            if (!Files.isRegularFile(link, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            String content = Files.readString(link, StandardCharsets.UTF_8).strip();
            if (!content.startsWith("gitdir:")) {
                return false;
            }
            Path target = worktree.resolve(content.substring("gitdir:".length()).strip());
            return target.toRealPath().equals(adminDirectory.toRealPath());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Puts back the worktree directory and its {@code .git} file when a run removed or replaced them. */
    private void repairGitLink() {
        if (gitLinkIntact()) {
            return;
        }
        Path link = worktree.resolve(".git");
        LOG.warn("the worktree's .git was removed or changed; restoring it ({})", link);
        try {
            Files.createDirectories(worktree);
            if (Files.isDirectory(link, LinkOption.NOFOLLOW_LINKS)) {
                deleteTree(link);
            }
            Files.deleteIfExists(link);
            Files.writeString(link, "gitdir: " + adminDirectory + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AutoresearchException("cannot restore " + link + ": " + e.getMessage()
                    + "; remove " + worktree + " and run again: the session makes a new worktree", e);
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> all = Files.walk(directory)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void excludeSessionFolder(Git main) {
        Path exclude = commonDirectory(main).resolve("info").resolve("exclude");
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

    /**
     * Where a session with no record yet starts: the user's HEAD as it is now, so that a fix
     * committed after a failed baseline is what runs. The branch follows it there when that loses
     * nothing: the branch is where this session made it ({@code sessionBase}), or it is already
     * part of HEAD's history.
     *
     * @throws AutoresearchException when the branch holds commits of its own that moving it would lose
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
        throw new AutoresearchException("the branch " + branch + " already exists at " + at.substring(0, 7)
                + " with commits that are not in HEAD, and this session has no record of them; delete it ('git branch -D "
                + branch + "' once you no longer need it) or choose another --tag");
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
        repairGitLink();
        // checkout -B rather than reset: a run may have switched the worktree to another branch or
        // detached it, and a plain reset would then move that other branch.
        git.run("checkout", "--force", "--quiet", "-B", branch, commit);
        git.run("clean", "-fdq");
    }

    /**
     * True when the worktree is on the session's branch, the branch points at {@code commit}, and the
     * worktree's {@code .git} file is as git wrote it.
     */
    public boolean isAt(String commit) {
        if (!gitLinkIntact()) {
            return false;
        }
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

    /** Paths of the worktree's files, tracked or untracked but not ignored. */
    public List<String> files() {
        return Arrays.stream(git.run("ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0"))
                .filter(p -> !p.isEmpty()).toList();
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

    /** Those of {@code paths} that git ignores and does not track: a change to them could be neither committed nor undone. */
    public List<String> ignored(Collection<String> paths) {
        List<String> args = new ArrayList<>(List.of("check-ignore", "--"));
        args.addAll(paths);
        Git.Result r = git.tryRun(args.toArray(String[]::new));
        if (r.exitCode() > 1) {
            throw new AutoresearchException("git check-ignore failed in " + worktree + ": " + r.err().strip());
        }
        return r.out().lines().filter(l -> !l.isBlank()).toList();
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
