package dev.autoresearch.cli;

import dev.autoresearch.host.LoopComponents;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the commands work with instead of the JVM's globals: the working directory, the output and
 * error writers, the environment, whether stdout is a terminal, the parts a loop is built from, the
 * clock and how to register a shutdown hook. {@link Main} makes the real one; tests make their own.
 */
public final class CliContext {
    private final Path workingDirectory;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Map<String, String> environment;
    private final boolean terminal;
    private final LoopComponents components;
    private final InstantSource clock;
    private final ShutdownHooks shutdownHooks;
    private volatile boolean verbose;

    /**
     * @param workingDirectory where relative paths (program.md) resolve, and where the repository is looked for
     * @param out              progress and results
     * @param err              errors and warnings
     * @param environment      the process environment (AUTORESEARCH_MODEL, ...)
     * @param terminal         true when {@code out} is an interactive terminal: enables the live indicator
     * @param components       the runner, metric reader and strategies
     * @param clock            for elapsed times
     * @param shutdownHooks    where {@code run} registers its Ctrl-C handling
     */
    public CliContext(Path workingDirectory, PrintWriter out, PrintWriter err, Map<String, String> environment,
                      boolean terminal, LoopComponents components, InstantSource clock, ShutdownHooks shutdownHooks) {
        this.workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory").toAbsolutePath().normalize();
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.environment = Map.copyOf(environment);
        this.terminal = terminal;
        this.components = Objects.requireNonNull(components, "components");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.shutdownHooks = Objects.requireNonNull(shutdownHooks, "shutdownHooks");
    }

    public Path workingDirectory() {
        return workingDirectory;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    /** The process environment. */
    public Map<String, String> environment() {
        return environment;
    }

    /** A variable of the environment, if set and not blank. */
    public Optional<String> env(String name) {
        String v = environment.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    public boolean terminal() {
        return terminal;
    }

    public LoopComponents components() {
        return components;
    }

    public InstantSource clock() {
        return clock;
    }

    public ShutdownHooks shutdownHooks() {
        return shutdownHooks;
    }

    /** True when {@code --verbose} was given: errors come with their stack trace. */
    public boolean verbose() {
        return verbose;
    }

    void verbose(boolean verbose) {
        this.verbose = verbose;
    }

    /** Resolves a path the user typed against the working directory. */
    public Path resolve(String path) {
        return workingDirectory.resolve(path).normalize();
    }

    /** A path as short as it can be shown: relative to the working directory when it lies under it. */
    public String display(Path path) {
        Path p = path.toAbsolutePath().normalize();
        if (p.startsWith(workingDirectory) && !p.equals(workingDirectory)) {
            return workingDirectory.relativize(p).toString();
        }
        return p.toString();
    }
}
