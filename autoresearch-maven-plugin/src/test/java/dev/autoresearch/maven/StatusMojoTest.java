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

/** {@code autoresearch:status} shows the status in the build's log, and on the console under {@code mvn -q}. */
class StatusMojoTest {
    @TempDir
    Path dir;

    @Test
    void underQuietTheStatusIsPrintedAndOtherwiseLogged() throws Exception {
        TestRepo repo = OneExperimentSession.run(dir.resolve("checkout"), "t1", "");

        ByteArrayOutputStream console = new ByteArrayOutputStream();
        RecordingLog quiet = new RecordingLog(false);
        StatusMojo status = status(repo.root(), quiet, console);
        status.execute();
        assertThat(console.toString(StandardCharsets.UTF_8))
                .startsWith("session t1: score (minimize) on branch autoresearch/t1");
        assertThat(quiet.info).isEmpty();

        ByteArrayOutputStream unused = new ByteArrayOutputStream();
        RecordingLog logged = new RecordingLog(true);
        status(repo.root(), logged, unused).execute();
        assertThat(logged.info.get(0)).startsWith("session t1: score (minimize) on branch autoresearch/t1");
        assertThat(unused.size()).isZero();
    }

    private static StatusMojo status(Path root, Log log, ByteArrayOutputStream console) {
        StatusMojo status = new StatusMojo();
        status.basedir = root.toFile();
        status.tag = "t1";
        status.last = 5;
        status.console = new PrintStream(console, true, StandardCharsets.UTF_8);
        status.setLog(log);
        return status;
    }
}
