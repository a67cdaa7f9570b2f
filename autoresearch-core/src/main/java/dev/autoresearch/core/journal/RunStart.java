package dev.autoresearch.core.journal;

import dev.autoresearch.core.RunRequest;
import dev.autoresearch.core.RunTicket;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A journal line written when a run of an experiment starts on a lane, and again once the runner
 * says how to find the run again. A resumed session reads the last one of each unfinished
 * experiment to stop (or re-attach to) what a killed loop left running.
 *
 * @param experiment the experiment's number
 * @param lane       the lane it runs on
 * @param purpose    the experiment's command or its checks
 * @param commit     the commit the lane's worktree was at
 * @param startedAt  when the run started
 * @param ticket     how the runner finds the run again, once known
 */
public record RunStart(int experiment, int lane, RunRequest.Purpose purpose, String commit, Instant startedAt,
                       Optional<RunTicket> ticket) {
    public RunStart {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(ticket, "ticket");
    }
}
