package dev.autoresearch.core.journal;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a session keeps its files: {@code .autoresearch/<tag>/} at the root of the user's
 * checkout (excluded from git through {@code .git/info/exclude}).
 *
 * @param directory the session directory
 */
public record SessionFiles(Path directory) {
    /** The folder under the repository root that holds every session. */
    public static final String ROOT = ".autoresearch";

    public SessionFiles {
        Objects.requireNonNull(directory, "directory");
    }

    /**
     * Whether {@code tag} can name a session: 1-64 letters, digits, {@code .}, {@code _} or {@code -},
     * starting with a letter or digit, without {@code ..} and not ending in {@code .lock} (its branch
     * {@code autoresearch/<tag>} must be a valid git ref, its folder one folder under {@code .autoresearch}).
     */
    public static boolean isValidTag(String tag) {
        return tag.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}") && !tag.contains("..") && !tag.endsWith(".lock");
    }

    /** The files of session {@code tag} in the checkout rooted at {@code repositoryRoot}. */
    public static SessionFiles of(Path repositoryRoot, String tag) {
        return new SessionFiles(repositoryRoot.resolve(ROOT).resolve(tag));
    }

    public Path journal() {
        return directory.resolve("journal.jsonl");
    }

    public Path results() {
        return directory.resolve("results.tsv");
    }

    public Path runs() {
        return directory.resolve("runs");
    }

    public Path patches() {
        return directory.resolve("patches");
    }

    /** The first lane's linked git worktree, left on the branch at the best commit when the session ends. */
    public Path worktree() {
        return directory.resolve("worktree");
    }

    /** The worktree of lane {@code lane} (from 1): the first lane's is {@link #worktree()}. */
    public Path laneWorktree(int lane) {
        return lane <= 1 ? worktree() : directory.resolve("lanes").resolve(Integer.toString(lane));
    }

    /** The proposer's read-only checkout of the champion, where strategies read the files. */
    public Path view() {
        return view(1);
    }

    /** The checkout of the champion for the {@code k}-th proposal made at the same time (from 1). */
    public Path view(int k) {
        return k <= 1 ? directory.resolve("view") : directory.resolve("views").resolve(Integer.toString(k));
    }

    /** The lock that keeps a second loop off this session. */
    public Path lock() {
        return directory.resolve("lock");
    }

    /** The progress chart. */
    public Path chart() {
        return directory.resolve("progress.png");
    }

    /** The log of run {@code repeat} (1-based) of experiment {@code experiment}, relative to {@link #directory()}. */
    public static String logName(int experiment, int repeat) {
        return repeat <= 1 ? "runs/" + experiment + ".log" : "runs/" + experiment + "." + repeat + ".log";
    }

    /** The log of the checks of experiment {@code experiment}, relative to {@link #directory()}. */
    public static String checksLogName(int experiment) {
        return "runs/" + experiment + ".checks.log";
    }

    /** The log of the holdout's {@code run}-th run for {@code experiment}, relative to the session folder. */
    public static String holdoutLogName(int experiment, int run) {
        return "runs/" + experiment + ".holdout" + (run == 1 ? "" : "." + run) + ".log";
    }

    /**
     * The plan of experiment {@code experiment} as its strategy gave it (a model's whole reply), kept
     * so that a resumed session can make its change again on a newer champion.
     */
    public Path plan(int experiment) {
        return directory.resolve("plans").resolve(experiment + ".txt");
    }

    /** The diff of experiment {@code experiment} against its parent. */
    public Path patch(int experiment) {
        return patches().resolve(experiment + ".diff");
    }
}
