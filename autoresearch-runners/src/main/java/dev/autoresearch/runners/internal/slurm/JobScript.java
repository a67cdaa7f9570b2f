package dev.autoresearch.runners.internal.slurm;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The batch script of an experiment's job: go to the worktree, run the command's arguments as given,
 * and leave the exit code in a status file beside the output, where a runner that resumes after
 * the controller forgot the job still finds it.
 *
 * <p>Every word is single-quoted, so nothing of the command or the paths is read by the script's
 * own shell: a program.md line reaches the job as {@code sh -c '<line>'}, exactly as it runs
 * locally.
 */
final class JobScript {
    /** The status file's content when the worktree cannot be entered on the node. */
    static final String NO_WORKTREE = "no-worktree";

    private JobScript() {
    }

    /**
     * @param command   the arguments to run
     * @param directory the worktree, entered before the command runs
     * @param status    the status file; {@code %j} in it stands for the job id
     */
    static String text(List<String> command, Path directory, String status) {
        String statusFile = quote(status).replace("%j", "'\"$SLURM_JOB_ID\"'");
        return "#!/bin/sh\n"
                + "# An experiment's job, written by autoresearch: runs the command in the worktree and\n"
                + "# records its exit code, which the runner reads even once the controller forgot the job.\n"
                + "status=" + statusFile + "\n"
                // scancel's SIGTERM reaches this shell too: a handler (not inherited, unlike an ignored
                // signal) keeps it alive until the command ends, so that the command's own code is recorded
                + "trap : TERM\n"
                + "if ! cd -- " + quote(directory.toString()) + "; then\n"
                + "  echo \"[autoresearch: the worktree " + escapeForDoubleQuotes(directory.toString())
                + " cannot be entered on node $(hostname)]\"\n"
                + "  printf '%s\\n' " + NO_WORKTREE + " >\"$status.tmp\" && mv -f \"$status.tmp\" \"$status\"\n"
                + "  exit 2\n"
                + "fi\n"
                + command.stream().map(JobScript::quote).collect(Collectors.joining(" ")) + " </dev/null\n"
                + "code=$?\n"
                + "printf '%s\\n' \"$code\" >\"$status.tmp\" && mv -f \"$status.tmp\" \"$status\"\n"
                + "exit \"$code\"\n";
    }

    /** A word for sh in single quotes: nothing inside is expanded. */
    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private static String escapeForDoubleQuotes(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$").replace("`", "\\`");
    }
}
