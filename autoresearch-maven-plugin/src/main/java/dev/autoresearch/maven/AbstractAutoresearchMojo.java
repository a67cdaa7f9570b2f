package dev.autoresearch.maven;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.BaselineFailedException;
import dev.autoresearch.core.ProgramSpecException;
import dev.autoresearch.core.SessionInUseException;
import dev.autoresearch.host.UsageException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * What the goals share: the module's directory, the log as a writer, and how the library's errors
 * become build results (a usage error or the experiment's own failure fails the build with its
 * message; the rest is an execution error).
 */
abstract class AbstractAutoresearchMojo extends AbstractMojo {
    /** The module the goal runs in: where program.md is looked for first, and where the repository is found. */
    @Parameter(defaultValue = "${project.basedir}", readonly = true, required = true)
    File basedir;

    /** Runs the goal; library exceptions are turned into build results by {@link #execute()}. */
    abstract void run() throws MojoExecutionException, MojoFailureException;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        try {
            run();
        } catch (UsageException e) {
            throw new MojoFailureException(e.getMessage() + (e.hint().isEmpty() ? "" : "\n  " + e.hint()), e);
        } catch (ProgramSpecException | BaselineFailedException | SessionInUseException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (AutoresearchException | UncheckedIOException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }

    Path directory() {
        return basedir.toPath().toAbsolutePath().normalize();
    }

    /** A path relative to the module's directory where it lies under it. */
    String display(Path path) {
        Path dir = directory();
        Path p = path.toAbsolutePath().normalize();
        return p.startsWith(dir) && !p.equals(dir) ? dir.relativize(p).toString() : p.toString();
    }

    /** A writer whose lines go to the build's log at info level. */
    PrintWriter logWriter() {
        return new PrintWriter(new LogWriter(getLog()), true);
    }

    /**
     * Writes what a reading goal was asked for to the build's log, or to {@code console} when the log shows
     * errors only (-q): there the text is the goal's whole point, so it is printed.
     */
    void printReadOut(PrintStream console, Consumer<PrintWriter> print) {
        if (getLog().isInfoEnabled()) {
            try (PrintWriter out = logWriter()) {
                print.accept(out);
            }
        } else {
            PrintWriter out = new PrintWriter(new OutputStreamWriter(console, StandardCharsets.UTF_8));
            print.accept(out);
            out.flush();
        }
    }
}
