package dev.autoresearch.cli;

import dev.autoresearch.core.BaselineFailedException;
import dev.autoresearch.core.ProgramSpecException;
import dev.autoresearch.core.SessionInUseException;
import dev.autoresearch.core.SessionSetupException;
import dev.autoresearch.host.UsageException;
import picocli.CommandLine;

/**
 * The exit codes of the {@code autoresearch} command, as listed in its help.
 *
 * <ul>
 *   <li>{@value #OK}: success (for {@code run}: the session stopped on one of its stopping criteria)</li>
 *   <li>{@value #EXPERIMENT_FAILED}: the session stopped on an error of the experiment itself: the
 *       baseline failed, or experiments failed {@code crash-streak} times in a row</li>
 *   <li>{@value #USAGE}: a usage error: an unknown flag, a bad flag value, a program.md that cannot be
 *       used, a missing file, a repository without a commit, a session resumed with another metric</li>
 *   <li>{@value #SESSION_IN_USE}: another live process runs the session</li>
 *   <li>{@value #INFRASTRUCTURE}: something around the experiment failed: git missing, a file that
 *       cannot be read or written, a strategy that could not propose (a model unreachable)</li>
 *   <li>{@value #INTERRUPTED}: interrupted (Ctrl-C); the journal holds every finished experiment</li>
 * </ul>
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int EXPERIMENT_FAILED = 1;
    public static final int USAGE = 2;
    public static final int SESSION_IN_USE = 3;
    public static final int INFRASTRUCTURE = 4;
    public static final int INTERRUPTED = 130;

    // The lines of the help's exit code section, in picocli's "code:description" form.
    static final String HELP_OK = "0:success";
    static final String HELP_EXPERIMENT_FAILED =
            "1:the experiment failed: the baseline did not run, or the crash streak stopped the session";
    static final String HELP_USAGE = "2:usage error: a bad flag or flag value, a program.md that cannot be used";
    static final String HELP_SESSION_IN_USE = "3:the session is in use by another live process";
    static final String HELP_INFRASTRUCTURE = "4:infrastructure error: git missing, a file that cannot be read or "
            + "written, a strategy that cannot propose";
    static final String HELP_INTERRUPTED = "130:interrupted (Ctrl-C); every finished experiment is in the journal";

    private ExitCodes() {
    }

    /** The exit code for an exception that ended a command. */
    public static int of(Throwable e) {
        if (e instanceof UsageException || e instanceof ProgramSpecException || e instanceof SessionSetupException
                || e instanceof CommandLine.ParameterException) {
            return USAGE;
        }
        if (e instanceof BaselineFailedException) {
            return EXPERIMENT_FAILED;
        }
        if (e instanceof SessionInUseException) {
            return SESSION_IN_USE;
        }
        if (e instanceof InterruptedException) {
            return INTERRUPTED;
        }
        // AutoresearchException, I/O failures, and anything unexpected: the experiment was not at fault.
        return INFRASTRUCTURE;
    }
}
