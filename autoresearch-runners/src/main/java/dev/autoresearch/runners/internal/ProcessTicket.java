package dev.autoresearch.runners.internal;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.RunTicket;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What finds a local run again from another JVM, and its form in the journal: the pid of the run's
 * first process and that process's start time (so that a reused pid is told apart), whether it
 * leads its own process group, and the run id that every process of the run carries.
 *
 * @param pid      the first process of the run
 * @param start    its start time, when the system told
 * @param ownGroup true when it was started as the leader of its own process group
 * @param runId    the value of the run's marker variable
 */
public record ProcessTicket(long pid, Optional<Instant> start, boolean ownGroup, String runId) {
    /** The {@linkplain RunTicket#runner() kind} of these tickets. */
    public static final String KIND = "process";
    private static final String PID = "pid";
    private static final String START = "start";
    private static final String GROUP = "own-group";
    private static final String RUN_ID = "run-id";

    /** The ticket of a process just started. */
    public static ProcessTicket of(Process process, boolean ownGroup, String runId) {
        return new ProcessTicket(process.pid(), process.info().startInstant(), ownGroup, runId);
    }

    /** As the journal keeps it. */
    public RunTicket toRunTicket() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put(PID, Long.toString(pid));
        start.ifPresent(s -> details.put(START, s.toString()));
        details.put(GROUP, Boolean.toString(ownGroup));
        details.put(RUN_ID, runId);
        return new RunTicket(KIND, details);
    }

    /**
     * Reads a ticket of kind {@value #KIND}; a start time that does not parse counts as unknown.
     *
     * @throws AutoresearchException when it has no valid pid or run id
     */
    public static ProcessTicket from(RunTicket ticket) {
        String runId = ticket.get(RUN_ID).filter(id -> !id.isBlank()).orElseThrow(() -> invalid(ticket, RUN_ID));
        long pid;
        try {
            pid = Long.parseLong(ticket.get(PID).orElseThrow(() -> invalid(ticket, PID)));
        } catch (NumberFormatException e) {
            throw invalid(ticket, PID);
        }
        Optional<Instant> start;
        try {
            start = ticket.get(START).map(Instant::parse);
        } catch (DateTimeParseException e) {
            start = Optional.empty();
        }
        boolean ownGroup = ticket.get(GROUP).map(Boolean::parseBoolean).orElse(false);
        return new ProcessTicket(pid, start, ownGroup, runId);
    }

    private static AutoresearchException invalid(RunTicket ticket, String key) {
        return new AutoresearchException("the journal's run ticket " + ticket.details() + " has no valid '" + key
                + "': the run it names cannot be found; make sure none of its processes still run, then remove "
                + "the ticket from the session journal");
    }
}
