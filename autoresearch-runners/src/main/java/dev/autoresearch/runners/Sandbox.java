package dev.autoresearch.runners;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Confinement for a {@link ProcessRunner}'s runs: under bubblewrap ({@code bwrap}) a run can write
 * only to its worktree, a private {@code /tmp} and the {@code writable} paths; the rest of the file
 * system is read-only, and GPUs stay reachable. Each writable path that does not exist is created
 * as a directory when a run starts, since tools that cache there ({@code ~/.cache} for uv or
 * Hugging Face) create it anyway and the sandbox cannot bind what is missing.
 *
 * @param writable absolute paths a run may write besides its worktree and {@code /tmp}
 */
public record Sandbox(List<Path> writable) {
    public Sandbox {
        writable = List.copyOf(writable);
        for (Path path : writable) {
            if (!path.isAbsolute()) {
                throw new IllegalArgumentException("a sandbox-writable path must be absolute (or start with ~/), got '"
                        + path + "'");
            }
        }
    }

    /** A sandbox where only the worktree and a private {@code /tmp} are writable. */
    public static Sandbox confined() {
        return new Sandbox(List.of());
    }

    /**
     * A sandbox whose writable paths are given as a user writes them: {@code ~} or a leading
     * {@code ~/} stands for {@code home}; every other path must be absolute.
     */
    public static Sandbox writable(List<String> paths, Path home) {
        Objects.requireNonNull(paths, "paths");
        Objects.requireNonNull(home, "home");
        List<Path> resolved = new ArrayList<>();
        for (String path : paths) {
            Objects.requireNonNull(path, "path");
            if (path.equals("~")) {
                resolved.add(home);
            } else if (path.startsWith("~/")) {
                resolved.add(home.resolve(path.substring(2)));
            } else {
                resolved.add(Path.of(path));
            }
        }
        return new Sandbox(resolved.stream().map(Path::normalize).toList());
    }
}
