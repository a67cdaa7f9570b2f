package dev.autoresearch.core.internal.program;

import dev.autoresearch.core.ProgramSpec;

import java.nio.file.Path;

/** Reads program.md: YAML front matter and a prose body. */
public final class ProgramSpecParser {
    private ProgramSpecParser() {
    }

    public static ProgramSpec.Builder parse(Path file) {
        throw new IllegalStateException("the program.md parser is being written");
    }

    public static ProgramSpec.Builder parse(String text, Path source) {
        throw new IllegalStateException("the program.md parser is being written");
    }
}
