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

    /** The experiments' linked git worktree. */
    public Path worktree() {
        return directory.resolve("worktree");
    }

    /** The lock that keeps a second loop off this session. */
    public Path lock() {
        return directory.resolve("lock");
    }

    /** The experiment in hand, so that a killed session can record it on resume. */
    public Path inFlight() {
        return directory.resolve("in-flight.json");
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

    /** The diff of experiment {@code experiment} against its parent. */
    public Path patch(int experiment) {
        return patches().resolve(experiment + ".diff");
    }
}
