package dev.autoresearch.core.internal.git;

import dev.autoresearch.core.AutoresearchException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * One linked worktree of a session, on a detached HEAD: a lane's, where its experiments run, or
 * the proposer's view of the champion. Every git command is pinned to this worktree's own git
 * directory, so a run that deletes or rewrites the worktree's {@code .git} file cannot send a
 * forced checkout or a clean to the user's checkout.
 */
public final class Worktree {
    private static final Logger LOG = LoggerFactory.getLogger(Worktree.class);
    private static final String IDENTITY_NAME = "autoresearch";
    private static final String IDENTITY_EMAIL = "autoresearch@localhost";

    private final Path path;
    private final Path adminDirectory;
    private final Path root;
    private final Path objects;
    private final LooseObjects loose;
    private final Git git;
    /** Git with an index of its own beside the worktree's: a commit made through it leaves the worktree's index alone. */
    private final Git gitAside;
    private final boolean needsIdentity;
    /** The untracked paths a checkout keeps; empty: only ignored ones, as {@code git clean} does. */
    private final Optional<Predicate<String>> keep;
    /** The index as this worktree's last git command left it: another writer (a run's {@code git add}) changes it. */
    private volatile Optional<IndexStamp> indexLeft = Optional.empty();
    /** True while nothing but kept paths is untracked here: set by a removal, cleared when a run may write. */
    private volatile boolean leftoversRemoved;

    Worktree(Path path, Path adminDirectory, Path root, Path objects, boolean needsIdentity) {
        this(path, adminDirectory, root, objects, needsIdentity, Optional.empty());
    }

    private Worktree(Path path, Path adminDirectory, Path root, Path objects, boolean needsIdentity,
                     Optional<Predicate<String>> keep) {
        this.path = path;
        this.adminDirectory = adminDirectory;
        this.root = root;
        this.objects = objects;
        this.loose = new LooseObjects(objects);
        // Run from the repository root: the worktree's directory may be gone (a run deleted it).
        this.git = new Git(root, Map.of("GIT_DIR", adminDirectory.toString(), "GIT_WORK_TREE", path.toString()));
        this.gitAside = new Git(root, Map.of("GIT_DIR", adminDirectory.toString(), "GIT_WORK_TREE", path.toString(),
                "GIT_INDEX_FILE", indexAside().toString()));
        this.needsIdentity = needsIdentity;
        this.keep = keep;
    }

    /** The stamp of the worktree's index as it is now. */
    private Optional<IndexStamp> indexNow() {
        return IndexStamp.of(adminDirectory.resolve("index"));
    }

    /** Runs git in this worktree and notes the index it leaves; a non-zero exit is an exception. */
    private String run(String... args) {
        try {
            return git.run(args);
        } finally {
            indexLeft = indexNow();
        }
    }

    /** Runs git in this worktree and notes the index it leaves, whatever the exit code. */
    private Git.Result tryRun(String... args) {
        try {
            return git.tryRun(args);
        } finally {
            indexLeft = indexNow();
        }
    }

    /**
     * This worktree, where runs happen: a checkout removes every untracked path, ignored ones
     * included, except those {@code keep} accepts (relative paths, {@code /} separators).
     */
    public Worktree keeping(Predicate<String> keep) {
        return new Worktree(path, adminDirectory, root, objects, needsIdentity, Optional.of(keep));
    }

    /** The worktree's directory. */
    public Path path() {
        return path;
    }

    /** True when the worktree's {@code .git} file is a link to this session's repository, as git wrote it. */
    private boolean gitLinkIntact() {
        Path link = path.resolve(".git");
        try {
            if (!Files.isRegularFile(link, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            String content = Files.readString(link, StandardCharsets.UTF_8).strip();
            if (!content.startsWith("gitdir:")) {
                return false;
            }
            Path target = path.resolve(content.substring("gitdir:".length()).strip());
            return target.toRealPath().equals(adminDirectory.toRealPath());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Puts back the worktree directory and its {@code .git} file when a run removed or replaced them. */
    void repairGitLink() {
        if (gitLinkIntact()) {
            return;
        }
        Path link = path.resolve(".git");
        LOG.warn("the worktree's .git was removed or changed; restoring it ({})", link);
        try {
            Files.createDirectories(path);
            if (Files.isDirectory(link, LinkOption.NOFOLLOW_LINKS)) {
                SessionWorktrees.deleteTree(link);
            }
            Files.deleteIfExists(link);
            Files.writeString(link, "gitdir: " + adminDirectory + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AutoresearchException("cannot restore " + link + ": " + e.getMessage()
                    + "; remove " + path + " and run again: the session makes a new worktree", e);
        }
    }

    /** The commit the worktree's HEAD is at. */
    public String head() {
        // Detached, as a session's worktrees are, HEAD's file holds the commit: read rather than asked of git.
        return detachedHead().orElseGet(() -> run("rev-parse", "HEAD"));
    }

    /** The commit in the worktree's own HEAD file when it holds one (a detached HEAD); empty otherwise. */
    private Optional<String> detachedHead() {
        try {
            String head = Files.readString(adminDirectory.resolve("HEAD"), StandardCharsets.UTF_8).strip();
            return LooseObjects.ID.matcher(head).matches() ? Optional.of(head) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Puts the worktree at {@code commit} on a detached HEAD: tracked files as committed, untracked
     * files removed (ignored files stay, unless this worktree is {@link #keeping} only some paths).
     * No branch moves.
     */
    public void checkout(String commit) {
        repairGitLink();
        checkoutTracked(commit);
        clean();
    }

    /**
     * Puts the worktree's tracked files at {@code commit} on a detached HEAD and leaves untracked files
     * as they are: for a caller that knows nothing is untracked there, or that cleans next.
     */
    public void checkoutTracked(String commit) {
        repairGitLink();
        run("checkout", "--force", "--quiet", "--detach", commit);
    }

    /**
     * Puts the worktree on {@code branch} at {@code commit}, clean, moving the branch there: how a
     * session leaves its first worktree, so a user who looks in finds the result on the branch.
     */
    public void checkoutBranch(String branch, String commit) {
        repairGitLink();
        run("checkout", "--force", "--quiet", "-B", branch, commit);
        clean();
    }

    private void clean() {
        if (keep.isPresent()) {
            removeUntracked(keep.get());
        } else {
            run("clean", "-fdq");
        }
    }

    /**
     * True when the worktree's HEAD is detached at {@code commit} and its {@code .git} file is as git
     * wrote it: a run that committed, reset or switched branches leaves it otherwise.
     */
    public boolean isAt(String commit) {
        if (!Files.isDirectory(path) || !gitLinkIntact()) {
            return false;
        }
        // The worktree's own HEAD file: a commit id when detached, "ref: ..." on a branch. Read rather
        // than asked of git, since this runs after every run.
        try {
            String head = Files.readString(adminDirectory.resolve("HEAD"), StandardCharsets.UTF_8).strip();
            return head.equals(commit);
        } catch (IOException e) {
            return false;
        }
    }

    /** True when the worktree's directory is still there. */
    public boolean exists() {
        return Files.isDirectory(path);
    }

    /**
     * Replays {@code commit} (a change made on another parent) onto the worktree's HEAD as a new
     * commit with the same message.
     *
     * @return the new commit, or empty when the change conflicts with HEAD (the worktree is then
     *         back at HEAD, clean)
     */
    public Optional<String> cherryPick(String commit) {
        return pick(commit).commit();
    }

    /** What a cherry-pick gave: the new commit, or the files in conflict. */
    public record Picked(Optional<String> commit, List<String> conflicts) {
    }

    /**
     * Cherry-picks {@code commit} onto HEAD: the new commit, or, when it conflicts, the files in
     * conflict, with HEAD left where it was.
     */
    public Picked pick(String commit) {
        String before = head();
        Git.Result r = tryRun(withIdentity("cherry-pick", "--allow-empty", "--keep-redundant-commits", commit));
        if (r.ok()) {
            return new Picked(Optional.of(head()), List.of());
        }
        List<String> conflicts = Arrays.stream(tryRun("diff", "--name-only", "-z", "--diff-filter=U").out()
                .split("\0")).filter(f -> !f.isBlank()).toList();
        tryRun("cherry-pick", "--abort");
        checkout(before);
        return new Picked(Optional.empty(), conflicts);
    }

    /** The commits after {@code from} up to {@code to}, oldest first ({@code git rev-list --reverse from..to}). */
    public List<String> commitsBetween(String from, String to) {
        String out = run("rev-list", "--reverse", from + ".." + to);
        return out.isBlank() ? List.of() : List.of(out.strip().split("\n"));
    }

    /**
     * The tree of each of {@code commits} that still exists, by commit: read from the objects stored
     * loose (as a commit just made is), the others asked of git in one command.
     */
    public Map<String, String> trees(java.util.Collection<String> commits) {
        Map<String, String> trees = new java.util.HashMap<>();
        List<String> packed = new ArrayList<>();
        for (String commit : commits) {
            loose.treeOf(commit).ifPresentOrElse(tree -> trees.put(commit, tree), () -> packed.add(commit));
        }
        if (packed.isEmpty()) {
            return trees;
        }
        List<String> args = new ArrayList<>(List.of("log", "--no-walk=unsorted", "--ignore-missing", "--format=%H %T"));
        args.addAll(packed);
        Git.Result r = tryRun(args.toArray(String[]::new));
        for (String line : r.out().split("\n")) {
            String[] parts = line.strip().split(" ");
            if (parts.length == 2) {
                trees.put(parts[0], parts[1]);
            }
        }
        return trees;
    }

    /** The tree (the content) of {@code commit}: two commits with one tree hold the same code. */
    public String treeOf(String commit) {
        return loose.treeOf(commit).orElseGet(() -> run("rev-parse", commit + "^{tree}"));
    }

    /** Paths (relative, {@code /} separators) that differ from HEAD in the worktree, untracked ones included. */
    public List<String> changedPaths() {
        return status("--untracked-files=all").stream().map(e -> e.substring(3)).toList();
    }

    /**
     * What differs from HEAD, in one git command: tracked paths (edited, deleted, staged), untracked
     * ones, and ignored ones (a folder that an ignore rule names is listed once, with a trailing {@code /}).
     */
    public Changes changes() {
        List<String> tracked = new ArrayList<>();
        List<String> untracked = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (String e : status("--untracked-files=all", "--ignored=matching")) {
            (e.startsWith("??") ? untracked : e.startsWith("!!") ? ignored : tracked).add(e.substring(3));
        }
        return new Changes(tracked, untracked, ignored);
    }

    /** Paths that differ from HEAD: tracked ones, untracked ones, and ignored ones. */
    public record Changes(List<String> tracked, List<String> untracked, List<String> ignored) {
        public Changes {
            tracked = List.copyOf(tracked);
            untracked = List.copyOf(untracked);
            ignored = List.copyOf(ignored);
        }

        /** True when nothing git would commit differs from HEAD. */
        public boolean none() {
            return tracked.isEmpty() && untracked.isEmpty();
        }

        /** Those of {@code paths} that git ignores: listed, or under a folder listed. */
        public List<String> ignoredOf(Collection<String> paths) {
            return paths.stream().filter(p -> ignored.stream().anyMatch(i -> i.equals(p)
                    || i.endsWith("/") && p.startsWith(i))).toList();
        }
    }

    /**
     * Tracked paths whose content in the worktree (or in its index) is not HEAD's: edited, deleted,
     * replaced by a link or staged. Untracked files are not listed.
     */
    public List<String> changedTrackedPaths() {
        return status("--untracked-files=no").stream().map(e -> e.substring(3)).toList();
    }

    private List<String> status(String... options) {
        List<String> args = new ArrayList<>(List.of("status", "--porcelain", "-z"));
        args.addAll(List.of(options));
        return entries(tryRun(args.toArray(String[]::new)).out());
    }

    /** The entries of {@code git status --porcelain -z} (two status letters, a space, the path), sources of renames left out. */
    private static List<String> entries(String out) {
        List<String> paths = new ArrayList<>();
        String[] entries = out.split("\0");
        for (int i = 0; i < entries.length; i++) {
            String e = entries[i];
            if (e.length() < 4) {
                continue;
            }
            paths.add(e);
            if (e.charAt(0) == 'R' || e.charAt(0) == 'C') {
                i++; // the entry after a rename is its source
            }
        }
        return paths;
    }

    /**
     * Removes every untracked path, ignored ones included, except those {@code keep} accepts (paths
     * relative to the worktree, {@code /} separators): what a run wrote is gone before the next run.
     */
    public void removeUntracked(Predicate<String> keep) {
        // No exclude rules: ignored files are listed too; --directory lists a wholly untracked folder once.
        List<String> entries = Arrays.stream(run("ls-files", "-z", "--others", "--directory").split("\0"))
                .filter(p -> !p.isEmpty()).toList();
        removeLeftovers(entries, keep);
    }

    /**
     * Removes what a run left, as {@link #afterRun()} listed it, except what {@code keep} accepts:
     * the next run finds the worktree as {@link #removeUntracked} leaves it, without listing it again.
     */
    public void removeLeftovers(List<String> untracked, Predicate<String> keep) {
        try {
            Leftovers.remove(path, untracked, keep);
        } catch (IOException e) {
            throw new AutoresearchException("cannot remove what a run left in " + path + ": " + e.getMessage()
                    + "; check the files' permissions, or remove the worktree and run again", e);
        }
        leftoversRemoved = true;
    }

    /** True when nothing but kept paths is untracked here since the last removal: no run wrote here since. */
    public boolean leftoversRemoved() {
        return leftoversRemoved;
    }

    /** Says that a run is about to write here (or did): what is untracked is unknown until the next removal. */
    public void runMayWrite() {
        leftoversRemoved = false;
    }

    /**
     * What a run changed and left here, in one git command: the tracked paths whose content is no
     * longer HEAD's (edited, deleted, replaced, or staged), and the untracked and ignored paths (a
     * wholly untracked folder once, with a trailing {@code /}; an empty one too).
     */
    public AfterRun afterRun() {
        Optional<IndexStamp> before = indexLeft;
        java.util.Set<String> tracked = new java.util.LinkedHashSet<>();
        List<String> untracked = new ArrayList<>();
        // -m and -d compare the files with the index, which the last checkout made HEAD's, and list no staged change.
        for (String e : run("ls-files", "-z", "-t", "--others", "--directory", "-m", "-d").split("\0")) {
            if (e.length() > 2) {
                (e.startsWith("? ") ? untracked : tracked).add(e.substring(2));
            }
        }
        if (before.isEmpty() || !before.equals(indexNow())) {
            // Something else wrote the index (a run that staged a change, or merely asked git's status): ask the status.
            tracked.addAll(changedTrackedPaths());
        }
        return new AfterRun(List.copyOf(tracked), untracked);
    }

    /**
     * What a run changed and left in a worktree.
     *
     * @param changedTracked tracked paths whose content is not HEAD's
     * @param untracked      untracked and ignored paths, a wholly untracked folder once with a trailing {@code /}
     */
    public record AfterRun(List<String> changedTracked, List<String> untracked) {
        public AfterRun {
            changedTracked = List.copyOf(changedTracked);
            untracked = List.copyOf(untracked);
        }
    }

    /** Paths of the worktree's files, tracked or untracked but not ignored. */
    public List<String> files() {
        return Arrays.stream(run("ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0"))
                .filter(p -> !p.isEmpty()).toList();
    }

    /**
     * {@link #files()} limited to {@code paths} and what is under them (taken literally, not as
     * patterns); empty when git cannot list them, as for a path that leads out of the worktree.
     */
    public Optional<List<String>> filesAt(Collection<String> paths) {
        List<String> args = new ArrayList<>(List.of("ls-files", "-z", "--cached", "--others", "--exclude-standard", "--"));
        paths.forEach(p -> args.add(":(literal)" + p));
        Git.Result r = tryRun(args.toArray(String[]::new));
        if (!r.ok()) {
            return Optional.empty();
        }
        return Optional.of(Arrays.stream(r.out().split("\0")).filter(p -> !p.isEmpty()).toList());
    }

    /**
     * True when writing {@code relativePath} lands inside the worktree: the deepest part of it that
     * exists already, resolved through any symbolic links, is the worktree or lies under it.
     */
    public boolean staysInside(String relativePath) {
        try {
            Path root = path.toRealPath();
            Path target = path.resolve(relativePath).normalize();
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

    /** What each of {@code paths} holds now: its bytes, or empty where it is no regular file. */
    public Map<String, Optional<byte[]>> contents(Collection<String> paths) {
        Map<String, Optional<byte[]>> contents = new java.util.LinkedHashMap<>();
        for (String p : paths) {
            Path file = path.resolve(p);
            try {
                contents.put(p, Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                        ? Optional.of(Files.readAllBytes(file)) : Optional.empty());
            } catch (IOException e) {
                throw new AutoresearchException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return contents;
    }

    /** Puts back what {@link #contents} read: each file as it was, or gone where there was none. */
    public void putBack(Map<String, Optional<byte[]>> contents) {
        for (Map.Entry<String, Optional<byte[]>> e : contents.entrySet()) {
            Path file = path.resolve(e.getKey());
            try {
                if (e.getValue().isPresent()) {
                    Files.write(file, e.getValue().get());
                } else {
                    Files.deleteIfExists(file);
                }
            } catch (IOException ex) {
                throw new AutoresearchException("cannot put back " + file + ": " + ex.getMessage(), ex);
            }
        }
    }

    /** Writes files into the worktree, creating directories as needed. */
    public void write(Map<String, String> files) {
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path target = path.resolve(e.getKey()).normalize();
            try {
                Files.createDirectories(target.getParent());
                Files.writeString(target, e.getValue(), StandardCharsets.UTF_8);
            } catch (IOException ex) {
                throw new AutoresearchException("cannot write " + target + ": " + ex.getMessage(), ex);
            }
        }
    }

    /**
     * Commits exactly {@code paths}, all of them tracked already, with {@code message} and returns the
     * new commit: one git command, where {@link #commit} needs two to take in new files.
     */
    public String commitTracked(Collection<String> paths, String message) {
        List<String> args = new ArrayList<>(List.of("commit", "--quiet", "--no-verify", "-m", message, "--only", "--"));
        args.addAll(paths);
        run(withIdentity(args.toArray(String[]::new)));
        return head();
    }

    /**
     * Commits exactly {@code paths}, all of them tracked already, as the worktree holds them now, and
     * puts the worktree back where it was: its HEAD, its index (never written: the commit is made on
     * a copy of it) and {@code before}, what those paths held before they were written. One git
     * command, and the worktree needs no checkout to make the next change from the same commit.
     *
     * @return the new commit, whose parent is the worktree's HEAD; empty when git made none (as for a
     *         change that leaves the files' content as committed), the worktree then left as it is
     */
    public Optional<String> commitTrackedBeside(Collection<String> paths, String message,
                                                Map<String, Optional<byte[]>> before) {
        String at = head();
        Path aside = indexAside();
        try {
            Files.copy(adminDirectory.resolve("index"), aside, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            List<String> args = new ArrayList<>(List.of("commit", "--quiet", "--no-verify", "-m", message, "--only", "--"));
            args.addAll(paths);
            if (!gitAside.tryRun(withIdentity(args.toArray(String[]::new))).ok()) {
                return Optional.empty();
            }
            String commit = head();
            // As git writes it: the whole file under another name, then renamed over the old one.
            Path written = adminDirectory.resolve("HEAD.autoresearch");
            Files.writeString(written, at + "\n", StandardCharsets.UTF_8);
            Files.move(written, adminDirectory.resolve("HEAD"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            putBack(before);
            return Optional.of(commit);
        } catch (IOException e) {
            throw new AutoresearchException("cannot commit in " + path + ": " + e.getMessage()
                    + "; check the permissions of " + adminDirectory, e);
        } finally {
            try {
                Files.deleteIfExists(aside);
            } catch (IOException e) {
                LOG.debug("cannot remove {}: {}", aside, e.toString());
            }
        }
    }

    private Path indexAside() {
        return adminDirectory.resolve("index.autoresearch");
    }

    /** Commits exactly {@code paths} with {@code message} and returns the new commit. */
    public String commit(Collection<String> paths, String message) {
        List<String> add = new ArrayList<>(List.of("add", "--"));
        add.addAll(paths);
        run(add.toArray(String[]::new));
        run(withIdentity("commit", "--quiet", "--no-verify", "-m", message));
        return head();
    }

    /**
     * A commit with the tree of {@code commit}, the one parent {@code parent} and {@code message}: the
     * same change under a new message. Made beside the worktree, so that a worktree attached to a
     * branch (as a session leaves its first one) never moves that branch.
     */
    public String withMessage(String commit, String parent, String message) {
        return run(withIdentity("commit-tree", commit + "^{tree}", "-p", parent, "-m", message));
    }

    /** What {@link #bring} made: the commit, and whether both sides' changes were merged or the source taken whole. */
    public record Brought(String commit, boolean merged) {
    }

    /**
     * A commit on {@code onto} with the code of {@code source}: the two merged (both sides' changes
     * since their common ancestor) when they do not conflict, else {@code source}'s tree whole. Made
     * beside the worktree, which stays as it is.
     */
    public Brought bring(String source, String onto, String message) {
        Git.Result merged = tryRun("merge-tree", "--write-tree", "--no-messages", onto, source);
        String first = merged.out().strip().split("\n", 2)[0].strip();
        boolean clean = merged.ok() && LooseObjects.ID.matcher(first).matches();
        String tree = clean ? first : source + "^{tree}";
        return new Brought(run(withIdentity("commit-tree", tree, "-p", onto, "-m", message)), clean);
    }

    /** The diff between two commits, as {@code git diff} prints it. */
    public String diff(String from, String to) {
        return run("diff", "--no-color", "--no-ext-diff", from, to) + "\n";
    }

    /**
     * True when each of {@code paths} is a regular file tracked in {@code commit}, as read from its
     * loose trees; false when it is not, or when a tree on the way is packed (git would have to say).
     */
    public boolean tracksFiles(String commit, Collection<String> paths) {
        return paths.stream().allMatch(p -> loose.entryAt(commit, p).filter(LooseObjects.Entry::isRegularFile).isPresent());
    }

    /**
     * The diff between {@code from} and {@code to}, a commit just made from it that changed the
     * files of {@code after}, as {@link #diff(String, String)} gives it: written here, without git,
     * when each file's entries in both commits are loose and hold exactly the bytes of
     * {@code before} and {@code after} (no filter or line-ending conversion stood between them).
     *
     * @param before what each file held at {@code from}
     * @param after  what each file holds at {@code to}
     */
    public String diff(String from, String to, Map<String, Optional<byte[]>> before, Map<String, String> after) {
        boolean sha256 = from.length() == 64;
        List<UnifiedDiff.FileChange> files = new ArrayList<>();
        for (Map.Entry<String, String> file : after.entrySet()) {
            Optional<byte[]> was = before.getOrDefault(file.getKey(), Optional.empty());
            byte[] now = file.getValue().getBytes(StandardCharsets.UTF_8);
            Optional<LooseObjects.Entry> old = loose.entryAt(from, file.getKey());
            Optional<LooseObjects.Entry> made = loose.entryAt(to, file.getKey());
            if (was.isEmpty() || old.isEmpty() || made.isEmpty() || !old.get().mode().equals(made.get().mode())
                    || !old.get().isRegularFile()
                    || !old.get().id().equals(UnifiedDiff.blobId(was.get(), sha256))
                    || !made.get().id().equals(UnifiedDiff.blobId(now, sha256))) {
                return diff(from, to);
            }
            files.add(new UnifiedDiff.FileChange(file.getKey(), old.get().mode(), was.get(), now));
        }
        return UnifiedDiff.of(files, sha256).map(d -> d.isEmpty() ? "\n" : d).orElseGet(() -> diff(from, to));
    }

    /** The diff of the worktree's uncommitted changes against HEAD, untracked files included. */
    public String workingDiff() {
        run("add", "--intent-to-add", "--all");
        String diff = run("diff", "--no-color", "--no-ext-diff", "HEAD");
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
