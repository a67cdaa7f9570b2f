package dev.autoresearch.runners.internal.slurm;

import dev.autoresearch.core.AutoresearchException;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How one job ended. {@code why} is set for a failure of the cluster, whose job is submitted again.
 *
 * @param exitCode    the command's exit code, 128 + the signal for one ended by a signal
 * @param timedOut    stopped at the run's timeout, or at the job's Slurm time limit
 * @param interrupted stopped because the calling thread was interrupted
 * @param started     when the job started running, if it did
 * @param why         for a failure of the cluster, what happened; null otherwise
 */
record JobOutcome(int exitCode, boolean timedOut, boolean interrupted, Optional<Instant> started, String why) {
    boolean infrastructure() {
        return why != null;
    }

    static JobOutcome infrastructure(String why) {
        return new JobOutcome(-1, false, false, Optional.empty(), why);
    }

    /**
     * The outcome of a job that ended by itself (not stopped by the runner), from its last state and
     * the status its script left; adds a note for the log where the state says more than the code.
     *
     * @throws AutoresearchException when the job shows that its node cannot see the worktree or write the output
     */
    static JobOutcome ofEnded(String jobId, Optional<JobInfo> end, Optional<String> status, OutputFollower output,
                              Path worktree, Optional<Instant> runningSince, List<String> notes) {
        if (status.isPresent() && status.get().equals(JobScript.NO_WORKTREE)) {
            throw new AutoresearchException("job " + jobId + " could not enter the worktree " + worktree
                    + " on its node: put the session folder and its worktrees on storage the compute nodes see"
                    + " (--session-dir, or program.md's session-dir)");
        }
        if (end.isPresent() && end.get().infrastructureFailure()) {
            return infrastructure("ended " + end.get().describe());
        }
        String state = end.map(JobInfo::state).orElse("");
        if (status.isEmpty() && !output.seen() && !state.equals("CANCELLED")) {
            throw new AutoresearchException("job " + jobId + " ended (" + end.map(JobInfo::describe).orElse("unknown")
                    + ") without writing its output file " + output.file() + ": the compute node cannot write there; "
                    + "put the session folder on storage the compute nodes see (--session-dir, or program.md's "
                    + "session-dir) and check that its path is the same on the nodes");
        }
        Optional<Instant> started = runningSince.or(() -> end.flatMap(JobInfo::started));
        Optional<Integer> recorded = status.flatMap(JobOutcome::exitCode);
        switch (state) {
            case "TIMEOUT":
                notes.add("[autoresearch: job " + jobId + " reached its Slurm time limit]");
                return new JobOutcome(recorded.orElse(128 + 15), true, false, started, null);
            case "CANCELLED":
                notes.add("[autoresearch: job " + jobId + " was cancelled outside autoresearch]");
                return new JobOutcome(recorded.orElse(128 + 15), false, false, started, null);
            case "OUT_OF_MEMORY":
                notes.add("[autoresearch: job " + jobId + " ran out of memory (its --mem)]");
                return new JobOutcome(recorded.orElse(128 + 9), false, false, started, null);
            default:
                int code = recorded.orElse(end.map(e -> e.signal() != 0 ? 128 + e.signal() : e.exitCode()).orElse(-1));
                return new JobOutcome(code, false, false, started, null);
        }
    }

    /** The exit code a status file holds, if it holds one. */
    static Optional<Integer> exitCode(String status) {
        try {
            return Optional.of(Integer.parseInt(status));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
