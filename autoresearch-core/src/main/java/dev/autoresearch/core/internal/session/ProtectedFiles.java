package dev.autoresearch.core.internal.session;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.Glob;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.internal.git.Worktree;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The files no experiment may change: those matching {@code readonly}, and the program file. They
 * are hashed (and, when small, copied) once at the start of a session; after each run the worktree
 * is compared with that snapshot, and anything changed, added or removed is put back.
 *
 * <p>A protected file that a run adds is found by listing the worktree with git, unless every
 * pattern names a path without wildcards: then only those paths can hold one, and git is asked
 * about them only when one of them is there and was not at the snapshot.
 */
public final class ProtectedFiles {
    private static final long COPY_LIMIT = 16L * 1024 * 1024;

    private final Worktree workspace;
    private final Path worktree;
    private final ProgramSpec spec;
    private final Map<String, String> hashes;
    private final Map<String, byte[]> copies;
    /** The only paths at or under which a protected file can be added; empty when a pattern has wildcards. */
    private final Optional<List<String>> addableAt;

    private ProtectedFiles(Worktree workspace, ProgramSpec spec, Map<String, String> hashes,
                           Map<String, byte[]> copies) {
        this.workspace = workspace;
        this.worktree = workspace.path();
        this.spec = spec;
        this.hashes = hashes;
        this.copies = copies;
        this.addableAt = literalPaths(spec);
    }

    /** Hashes the protected files in the worktree as they are now. */
    public static ProtectedFiles snapshot(Worktree workspace, ProgramSpec spec) {
        Path worktree = workspace.path();
        Map<String, String> hashes = new LinkedHashMap<>();
        Map<String, byte[]> copies = new LinkedHashMap<>();
        for (String path : candidates(workspace, spec)) {
            byte[] bytes = read(worktree, path).orElseThrow();
            hashes.put(path, sha256(bytes));
            if (bytes.length <= COPY_LIMIT) {
                copies.put(path, bytes);
            }
        }
        return new ProtectedFiles(workspace, spec, hashes, copies);
    }

    /** The same snapshot, compared with and restored in {@code other}: every lane checks against one truth. */
    public ProtectedFiles on(Worktree other) {
        return new ProtectedFiles(other, spec, hashes, copies);
    }

    /** The protected paths in the snapshot. */
    public List<String> paths() {
        return List.copyOf(hashes.keySet());
    }

    /** Protected paths that differ from the snapshot: changed, removed, or added. */
    public List<String> changed() {
        TreeSet<String> now = addableAt.isPresent() ? candidatesAt(addableAt.get()) : candidates(workspace, spec);
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, String> e : hashes.entrySet()) {
            Optional<byte[]> content = read(worktree, e.getKey());
            if (content.isEmpty() || !sha256(content.get()).equals(e.getValue())) {
                changed.add(e.getKey());
            }
        }
        for (String p : now) {
            if (!hashes.containsKey(p)) {
                changed.add(p);
            }
        }
        return changed;
    }

    /**
     * Puts back the protected files that {@link #changed()} reports, from the copies taken at the
     * snapshot, never through a link the run left. Large files without a copy are restored by the
     * git reset that follows every experiment that is not kept.
     */
    public void restore(List<String> paths) {
        for (String p : paths) {
            Path file = worktree.resolve(p);
            try {
                if (!hashes.containsKey(p)) {
                    LinkSafeFiles.delete(worktree, p);
                } else if (copies.containsKey(p)) {
                    LinkSafeFiles.write(worktree, p, copies.get(p));
                }
            } catch (IOException e) {
                throw new AutoresearchException("cannot restore the protected file " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** Files in the worktree, tracked or untracked but not ignored, that are protected. */
    private static TreeSet<String> candidates(Worktree workspace, ProgramSpec spec) {
        return protectedFiles(workspace, spec, workspace.files());
    }

    private static TreeSet<String> protectedFiles(Worktree workspace, ProgramSpec spec, List<String> files) {
        TreeSet<String> result = new TreeSet<>();
        files.stream()
                .filter(spec::isProtected)
                .filter(p -> Files.isRegularFile(workspace.path().resolve(p), LinkOption.NOFOLLOW_LINKS))
                .forEach(result::add);
        return result;
    }

    /**
     * What {@link #candidates} would find that is not in the snapshot, when protected files can only
     * be at or under {@code literals}: nothing, without asking git, while each of those paths is
     * absent or a file of the snapshot.
     */
    private TreeSet<String> candidatesAt(List<String> literals) {
        List<String> unknown = new ArrayList<>();
        for (String literal : literals) {
            Path at = worktree.resolve(literal);
            if (Files.exists(at, LinkOption.NOFOLLOW_LINKS)
                    && !(hashes.containsKey(literal) && Files.isRegularFile(at, LinkOption.NOFOLLOW_LINKS))) {
                unknown.add(literal);
            }
        }
        if (unknown.isEmpty()) {
            return new TreeSet<>();
        }
        Optional<List<String>> listed = workspace.filesAt(unknown);
        return protectedFiles(workspace, spec, listed.orElseGet(workspace::files));
    }

    /**
     * The paths the patterns name when none has a wildcard (each matches that path and what is under
     * it), with every trailing part of the program file's path (which is matched by its end); empty
     * when a pattern has a wildcard.
     */
    private static Optional<List<String>> literalPaths(ProgramSpec spec) {
        List<String> paths = new ArrayList<>();
        for (Glob glob : spec.readonly()) {
            Optional<String> literal = glob.literalPath();
            if (literal.isEmpty()) {
                return Optional.empty();
            }
            paths.add(literal.get());
        }
        spec.source().ifPresent(source -> {
            Path normal = source.normalize();
            for (int i = normal.getNameCount() - 1; i >= 0; i--) {
                paths.add(normal.subpath(i, normal.getNameCount()).toString().replace('\\', '/'));
            }
        });
        return Optional.of(List.copyOf(paths));
    }

    /** The file's content, or empty when it is gone or a link (which is not followed). */
    private static Optional<byte[]> read(Path worktree, String path) {
        try {
            return LinkSafeFiles.read(worktree, path);
        } catch (IOException e) {
            throw new AutoresearchException("cannot read the protected file " + worktree.resolve(path) + ": "
                    + e.getMessage(), e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
