package dev.autoresearch.runners.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The gate a run's process waits at from its start until the runner lets it go: {@code sh} reads
 * one line of its standard input and replaces itself with the command (same pid) only when that
 * line is the release word; anything else, the end of the input included, ends it with
 * {@value #NOT_RELEASED} and runs nothing.
 *
 * <p>The runner releases it once it has recorded how to find the run again and its output thread
 * reads the pipe (see {@link OutputPump}). A loop that dies before that closes the input by dying,
 * and the gate then ends: a run that no journal names can never start.
 */
public final class StartGate {
    /** The exit code of a gate that was not released. */
    public static final int NOT_RELEASED = 125;
    private static final Logger LOG = LoggerFactory.getLogger(StartGate.class);
    private static final String RELEASE = "autoresearch-start";
    private static final List<String> PREFIX = Procs.onPath("sh")
            .map(sh -> List.of(sh.toString(), "-c",
                    "IFS= read -r word && [ \"$word\" = " + RELEASE + " ] || exit " + NOT_RELEASED + "; exec \"$@\"",
                    "autoresearch-start-gate"))
            .orElseGet(List::of);

    private StartGate() {
    }

    /** The command prefix that holds a program back until {@link #release}; empty without {@code sh} on the {@code PATH}. */
    public static List<String> prefix() {
        return PREFIX;
    }

    /**
     * Lets the gated process run its command, and closes its standard input, so that a command that
     * reads it sees the end at once. Without a gate, only closes it. A process that died meanwhile
     * is left to be reported by its exit.
     */
    public static void release(Process process) {
        try (OutputStream in = process.getOutputStream()) {
            if (!PREFIX.isEmpty()) {
                in.write((RELEASE + "\n").getBytes(StandardCharsets.US_ASCII));
            }
        } catch (IOException e) {
            LOG.debug("could not release the run with pid {}: {}", process.pid(), e.toString());
        }
    }
}
