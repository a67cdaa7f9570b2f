package dev.autoresearch.core.internal.loop;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.internal.git.GitWorkspace;
import dev.autoresearch.core.journal.Journal;
import dev.autoresearch.core.journal.ResultsTable;
import dev.autoresearch.core.journal.SessionFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The open resources of a running session that the engine and the coordinator share. */
record SessionContext(
        ResearchLoop.Config config,
        SessionFiles files,
        GitWorkspace workspace,
        Journal journal,
        ResultsTable results) {

    /** Writes the diff of experiment {@code experiment} against its parent to {@code patches/<n>.diff}. */
    void writePatch(int experiment, String diff) {
        writeText(files.patch(experiment), diff);
    }

    /** Writes a session file, creating its folder. */
    static void writeText(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AutoresearchException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
