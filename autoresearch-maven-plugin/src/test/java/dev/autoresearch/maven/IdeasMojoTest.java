package dev.autoresearch.maven;

import dev.autoresearch.core.testing.TestRepo;
import org.apache.maven.plugin.logging.Log;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code autoresearch:ideas} lists the repository's ideas ledger as {@code autoresearch ideas} does: in the build's
 * log, and on the console under {@code mvn -q}.
 */
class IdeasMojoTest {
    @TempDir
    Path dir;

    @Test
    void listsWhatEverySessionTriedAndTheUsersIdeasStillOpen() throws Exception {
        TestRepo repo = OneExperimentSession.run(dir.resolve("checkout"), "t1", "- try a score of 3\n");

        ByteArrayOutputStream console = new ByteArrayOutputStream();
        RecordingLog quiet = new RecordingLog(false);
        ideas(repo.root(), quiet, console).execute();
        String printed = console.toString(StandardCharsets.UTF_8);
        assertThat(printed).startsWith("ideas ledger .autoresearch/ideas.jsonl: 1 tried in 1 session, ")
                .contains("t1/1").contains("SCORE").contains("open (ideas.md)\n  try a score of 3\n");
        assertThat(quiet.info).isEmpty();

        ByteArrayOutputStream unused = new ByteArrayOutputStream();
        RecordingLog logged = new RecordingLog(true);
        ideas(repo.root(), logged, unused).execute();
        assertThat(logged.info.get(0)).startsWith("ideas ledger .autoresearch/ideas.jsonl: 1 tried in 1 session, ");
        assertThat(logged.info).contains("  try a score of 3");
        assertThat(unused.size()).isZero();
    }

    private static IdeasMojo ideas(Path root, Log log, ByteArrayOutputStream console) {
        IdeasMojo ideas = new IdeasMojo();
        ideas.basedir = root.toFile();
        ideas.console = new PrintStream(console, true, StandardCharsets.UTF_8);
        ideas.setLog(log);
        return ideas;
    }
}
