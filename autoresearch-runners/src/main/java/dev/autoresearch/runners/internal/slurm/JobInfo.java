package dev.autoresearch.runners.internal.slurm;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the controller says about one job, read from {@code scontrol show job -o}: its state, the
 * reason it waits or ended, its exit code and when it started.
 *
 * @param state    the job state, such as {@code PENDING}, {@code RUNNING}, {@code NODE_FAIL}
 * @param reason   the controller's reason ({@code None} when there is none)
 * @param exitCode the batch script's exit code
 * @param signal   the signal that ended it, 0 for none
 * @param started  when it started running, once it has
 */
record JobInfo(String state, String reason, int exitCode, int signal, Optional<Instant> started) {
    /** States in which the job waits in the queue, not started yet (or put back). */
    private static final Set<String> WAITING = Set.of("PENDING", "CONFIGURING", "REQUEUED", "REQUEUE_HOLD",
            "REQUEUE_FED", "RESV_DEL_HOLD");
    /** States in which the job has started and is still in the queue. */
    private static final Set<String> STARTED = Set.of("RUNNING", "COMPLETING", "SUSPENDED", "RESIZING",
            "SIGNALING", "STAGE_OUT", "STOPPED");
    /** Ends that the cluster caused, not the program: the job is submitted again. */
    private static final Set<String> INFRASTRUCTURE = Set.of("NODE_FAIL", "PREEMPTED", "BOOT_FAIL");

    /** True while the job is in the queue, waiting or started. */
    boolean active() {
        return WAITING.contains(state) || STARTED.contains(state);
    }

    /** True while the job waits to start. */
    boolean pending() {
        return WAITING.contains(state);
    }

    boolean infrastructureFailure() {
        return INFRASTRUCTURE.contains(state);
    }

    /** {@code STATE (Reason)}, or the state alone when the reason is None. */
    String describe() {
        return reason.isEmpty() || reason.equals("None") ? state : state + " (" + reason + ")";
    }

    /** Reads a one-line record of {@code scontrol show job -o}; empty when it holds no job state. */
    static Optional<JobInfo> parse(String line) {
        Map<String, String> fields = new HashMap<>();
        for (String token : line.strip().split("\\s+")) {
            int eq = token.indexOf('=');
            if (eq > 0) {
                // the first occurrence wins: later fields such as the command's may repeat a key
                fields.putIfAbsent(token.substring(0, eq), token.substring(eq + 1));
            }
        }
        String state = fields.get("JobState");
        if (state == null) {
            return Optional.empty();
        }
        int exit = 0;
        int signal = 0;
        String code = fields.getOrDefault("ExitCode", "0:0");
        int colon = code.indexOf(':');
        try {
            exit = Integer.parseInt(colon < 0 ? code : code.substring(0, colon));
            signal = colon < 0 ? 0 : Integer.parseInt(code.substring(colon + 1));
        } catch (NumberFormatException ignored) {
            // an exit code Slurm did not report reads as 0:0
        }
        return Optional.of(new JobInfo(state, fields.getOrDefault("Reason", "None"), exit, signal,
                time(fields.get("StartTime"))));
    }

    /** scontrol prints times in the controller's local time without a zone; this machine's zone is assumed. */
    private static Optional<Instant> time(String text) {
        if (text == null || text.equals("Unknown") || text.equals("None")) {
            return Optional.empty();
        }
        try {
            Instant at = LocalDateTime.parse(text).atZone(ZoneId.systemDefault()).toInstant();
            // a pending job shows its expected start, in the future
            return at.isAfter(Instant.now()) ? Optional.empty() : Optional.of(at);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
