package dev.autoresearch.core.journal;

import dev.autoresearch.core.ExperimentRecord;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a long journal for tests and benchmarks: the lines {@link Journal} writes, in its encoding,
 * without syncing each to disk (ten thousand syncs take a minute on a plain disk).
 */
public final class GeneratedJournal {
    private GeneratedJournal() {
    }

    /** Writes {@code header} and {@code records} as the journal {@code file}, replacing it. */
    public static void write(Path file, JournalHeader header, Iterable<ExperimentRecord> records) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                out.write(JournalCodec.encode(header));
                out.write('\n');
                for (ExperimentRecord r : records) {
                    out.write(JournalCodec.encode(r));
                    out.write('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
