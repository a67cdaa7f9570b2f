package dev.autoresearch.runners.internal.slurm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One call of a Slurm client command ({@code sbatch}, {@code scontrol}, {@code scancel}): its exit
 * code and its output, standard error included, read to the end within a bounded wait.
 *
 * @param exitCode the command's exit code; -1 when it could not be started or did not end in time
 * @param output   what it printed, both streams, trimmed
 */
record ClientCall(int exitCode, String output) {
    /** The most a client command may take; a controller that does not answer makes them hang. */
    static final Duration LIMIT = Duration.ofSeconds(60);

    boolean ok() {
        return exitCode == 0;
    }

    /** The output on one line, for messages. */
    String oneLine() {
        return output.replaceAll("\\s*\\R\\s*", "; ");
    }

    /**
     * Runs the command with the JVM's environment plus {@code environment}. Never throws and never
     * reacts to the calling thread's interrupt: a job must still be cancelled after an interrupt.
     */
    static ClientCall run(List<String> command, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new ClientCall(-1, "cannot run " + command.get(0) + ": " + e.getMessage());
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // its standard input is closed either way once it exits
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copy(process.getInputStream(), out), "autoresearch-slurm-client");
        reader.setDaemon(true);
        reader.start();
        boolean interrupted = false;
        long deadline = System.nanoTime() + LIMIT.toNanos();
        boolean ended = false;
        while (!ended) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                ended = process.waitFor(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (!ended) {
            process.destroyForcibly();
        }
        try {
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        String text;
        synchronized (out) {
            text = out.toString(StandardCharsets.UTF_8).strip();
        }
        if (!ended) {
            return new ClientCall(-1, command.get(0) + " did not answer within " + LIMIT.toSeconds() + "s" + (text.isEmpty() ? "" : ": " + text));
        }
        return new ClientCall(process.exitValue(), text);
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (out) {
                    // a client prints a few lines; a runaway one must not fill the memory
                    if (out.size() < 64 * 1024) {
                        out.write(buffer, 0, n);
                    }
                }
            }
        } catch (IOException ignored) {
            // the process ended or was destroyed; what was read is kept
        }
    }
}
