package dev.autoresearch.host;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a host finds program.md when none is named: in the directory it runs from (a module of a
 * multi-module build, a subdirectory), else at the repository's root, so that a run from anywhere in
 * the checkout finds the same contract as one from the root.
 */
public final class ProgramFile {
    /** The file name every host looks for. */
    public static final String NAME = "program.md";

    private ProgramFile() {
    }

    /**
     * @throws UsageException when {@code directory} is not inside a git checkout
     */
    public static Optional<Path> find(Path directory) {
        Path here = directory.toAbsolutePath().normalize().resolve(NAME);
        if (Files.isRegularFile(here)) {
            return Optional.of(here);
        }
        Path atRoot = Sessions.repositoryRoot(directory).resolve(NAME);
        return Files.isRegularFile(atRoot) ? Optional.of(atRoot) : Optional.empty();
    }
}
