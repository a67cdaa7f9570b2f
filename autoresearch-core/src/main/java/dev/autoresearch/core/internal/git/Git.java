package dev.autoresearch.core.internal.git;

import dev.autoresearch.core.AutoresearchException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs git commands as child processes with argument lists and bounded waits. A git command runs
 * to its end even when the calling thread is interrupted (the interrupt is kept for the caller),
 * so that the branch and the worktree are never left half-changed.
 */
public final class Git {
    private static final long TIMEOUT_SECONDS = 300;
    private static final List<String> REPOSITORY_VARIABLES = List.of("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE",
            "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE", "GIT_PREFIX");

    private final Path directory;
    private final Map<String, String> environment;

    public Git(Path directory) {
        this(directory, Map.of());
    }

    /** Git in {@code directory} with extra environment variables, such as a pinned {@code GIT_DIR}. */
    public Git(Path directory, Map<String, String> environment) {
        this.directory = directory;
        this.environment = Map.copyOf(environment);
    }

    public Path directory() {
        return directory;
    }

    /** The outcome of a git command. */
    public record Result(int exitCode, String out, String err) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** Runs git and returns its trimmed stdout; a non-zero exit is an exception naming the command. */
    public String run(String... args) {
        Result r = tryRun(args);
        if (!r.ok()) {
            throw new AutoresearchException("git " + String.join(" ", args) + " failed in " + directory
                    + " (exit " + r.exitCode + "): " + r.err.strip());
        }
        return r.out.strip();
    }

    /** Runs git and returns its result whatever the exit code. */
    public Result tryRun(String... args) {
        List<String> command = new ArrayList<>();
        command.add("git");
        // Our commits must not depend on the user's hooks, signing setup or pager.
        command.add("-c");
        command.add("core.hooksPath=/dev/null");
        command.add("-c");
        command.add("commit.gpgsign=false");
        command.add("-c");
        command.add("core.quotepath=false");
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(directory.toFile());
        // Variables that locate a repository, inherited from the host, would point these commands elsewhere.
        pb.environment().keySet().removeAll(REPOSITORY_VARIABLES);
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        pb.environment().put("LC_ALL", "C");
        pb.environment().putAll(environment);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            if (!java.nio.file.Files.isDirectory(directory)) {
                throw new AutoresearchException("cannot run git in " + directory + ": the directory is gone", e);
            }
            throw new AutoresearchException("cannot run git (" + e.getMessage()
                    + "); install git and make sure it is on the PATH", e);
        }
        Drain out = Drain.start(p.getInputStream());
        Drain err = Drain.start(p.getErrorStream());
        try {
            p.getOutputStream().close();
        } catch (IOException ignored) {
            // git reads no input
        }
        boolean interrupted = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        try {
            while (true) {
                try {
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || !p.waitFor(left, TimeUnit.NANOSECONDS)) {
                        p.destroyForcibly();
                        throw new AutoresearchException("git " + String.join(" ", args) + " did not finish within "
                                + TIMEOUT_SECONDS + "s in " + directory + "; is the repository locked by another git process?");
                    }
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            return new Result(p.exitValue(), out.text(), err.text());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Reads a stream to its end on a thread of its own, so neither pipe can fill and block git. */
    private static final class Drain implements Runnable {
        private final InputStream in;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final Thread thread;

        private Drain(InputStream in) {
            this.in = in;
            this.thread = new Thread(this, "git-output");
            thread.setDaemon(true);
        }

        static Drain start(InputStream in) {
            Drain d = new Drain(in);
            d.thread.start();
            return d;
        }

        @Override
        public void run() {
            try (in) {
                in.transferTo(buffer);
            } catch (IOException ignored) {
                // the process ended; what was read is kept
            }
        }

        String text() {
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        thread.join(TimeUnit.SECONDS.toMillis(30));
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            synchronized (buffer) {
                return buffer.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
