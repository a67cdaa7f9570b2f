package dev.autoresearch.core.internal.loop;

import dev.autoresearch.core.Change;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.internal.git.Worktree;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a change may touch: plain paths inside the worktree, not ignored by git, within
 * {@code editable} and outside {@code readonly}. Checked before anything is written or after it is
 * written (and then undone), so a strategy can never commit a file it may not.
 */
final class ChangeRules {
    private ChangeRules() {
    }

    /** The change with normalised paths, or why it must be refused before anything is written. */
    static Result normalise(Change proposed, Worktree worktree) {
        Map<String, String> normalised = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : proposed.files().entrySet()) {
            Optional<String> path = normalisePath(e.getKey());
            if (path.isEmpty()) {
                return Result.refused("the change names '" + e.getKey()
                        + "', which is not a plain path inside the repository; nothing was written");
            }
            if (normalised.put(path.get(), e.getValue()) != null) {
                return Result.refused("the change names '" + path.get()
                        + "' twice, spelled differently; nothing was written");
            }
        }
        // Checked and written as normalised, so that 'sub/./eval.sh' is seen to be 'sub/eval.sh'.
        Change change = new Change(normalised);
        Optional<String> escaping = change.files().keySet().stream().filter(p -> !worktree.staysInside(p)).findFirst();
        if (escaping.isPresent()) {
            return Result.refused("the change names '" + escaping.get()
                    + "', which leads out of the worktree through a symbolic link; nothing was written");
        }
        return new Result(Optional.of(change), "");
    }

    /**
     * Why a written change must be refused for writing files git ignores (found by the status taken
     * after writing, which also says whether it changes anything), or empty when it writes none.
     */
    static Optional<String> ignored(List<String> ignored) {
        if (ignored.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("the change writes " + ignored + ", which git ignores, so it could be neither "
                + "committed nor undone; it was not kept. Track the file in git, or take it out of editable");
    }

    /** Why the written change touches files it may not, or empty when it keeps to {@code editable}. */
    static Optional<String> forbidden(Change change, ProgramSpec spec) {
        List<String> refused = new ArrayList<>();
        for (String path : change.files().keySet()) {
            if (spec.isProtected(path)) {
                refused.add(path + " (readonly)");
            } else if (!spec.isEditable(path)) {
                refused.add(path + " (not editable)");
            }
        }
        if (refused.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("the change touches files it may not: " + String.join(", ", refused)
                + "; editable: " + spec.editable() + (spec.tune().isEmpty() ? ""
                : ", tune files: " + spec.tune().stream().map(t -> t.file()).distinct().toList()));
    }

    /**
     * The path as a plain relative path ({@code /} separators, no {@code .} or empty segments), or
     * empty when it is absolute, climbs with {@code ..}, or names anything under {@code .git}.
     */
    static Optional<String> normalisePath(String path) {
        if (path.isBlank() || path.startsWith("/") || path.contains("\0") || path.matches("^[A-Za-z]:.*")) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..") || part.equalsIgnoreCase(".git")) {
                return Optional.empty();
            }
            parts.add(part);
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("/", parts));
    }

    /** A change to write, or why none may be. */
    record Result(Optional<Change> change, String refusal) {
        static Result refused(String why) {
            return new Result(Optional.empty(), why);
        }
    }
}
