package dev.autoresearch.runners.internal;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The gate a run waits at until the runner has recorded how to find it: it runs the command only
 * when released, never because its input ended, which is what a loop that died leaves it.
 */
class StartGateTest {
    @TempDir
    Path dir;

    @BeforeEach
    void needsAShell() {
        assumeTrue(!StartGate.prefix().isEmpty(), "needs sh");
    }

    private Process gated() throws Exception {
        List<String> arguments = new ArrayList<>(StartGate.prefix());
        arguments.addAll(List.of("sh", "-c", "echo ran > ran"));
        return new ProcessBuilder(arguments).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    @Test
    void aGateWhoseInputEndsWithoutTheReleaseRunsNothing() throws Exception {
        Process process = gated();

        // what the system does to the pipe when the loop that holds it dies
        process.getOutputStream().close();

        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(dir.resolve("ran")).as("the command behind a gate that was never released").doesNotExist();
        assertThat(process.exitValue()).isEqualTo(StartGate.NOT_RELEASED);
    }

    @Test
    void aReleasedGateRunsTheCommandAsItsOwnProcessWithItsInputClosed() throws Exception {
        List<String> arguments = new ArrayList<>(StartGate.prefix());
        arguments.addAll(List.of("sh", "-c", "echo $$ > pid; cat > input; echo ran > ran"));
        Process process = new ProcessBuilder(arguments).directory(dir.toFile()).start();

        StartGate.release(process);

        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(dir.resolve("ran")).exists();
        assertThat(dir.resolve("input")).as("what the command read from its input").isEmptyFile();
        assertThat(dir.resolve("pid")).hasContent(Long.toString(process.pid()));
    }

    @Test
    void aGateThatReadsSomethingElseThanTheReleaseRunsNothing() throws Exception {
        Process process = gated();

        process.getOutputStream().write("go\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        process.getOutputStream().close();

        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(dir.resolve("ran")).doesNotExist();
    }
}
