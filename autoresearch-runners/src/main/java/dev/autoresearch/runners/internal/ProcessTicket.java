package dev.autoresearch.runners.internal;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.RunTicket;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What finds a local run again from another JVM, and its form in the journal: the run id that every
 * process of the run carries, the run's cgroup where it has one, and once the run's first process
 * exists, its pid and start time (so that a reused pid is told apart) and whether it leads its own
 * process group. A ticket is given before the process exists, with the run id alone, so that a
 * loop that dies while starting it still leaves the run findable.
 *
 * @param pid      the first process of the run, once started
 * @param start    its start time, when the system told
 * @param ownGroup true when it was started as the leader of its own process group
 * @param runId    the value of the run's marker variable
 * @param cgroup   the run's own cgroup, where the machine gave it one
 */
public record ProcessTicket(OptionalLong pid, Optional<Instant> start, boolean ownGroup, String runId,
                            Optional<Path> cgroup) {
    /** The {@linkplain RunTicket#runner() kind} of these tickets. */
    public static final String KIND = "process";
    private static final String PID = "pid";
    private static final String START = "start";
    private static final String GROUP = "own-group";
    private static final String RUN_ID = "run-id";
    private static final String CGROUP = "cgroup";

    /** The ticket of a run about to be started: its id and cgroup, no process yet. */
    public static ProcessTicket before(String runId, Optional<Path> cgroup) {
        return new ProcessTicket(OptionalLong.empty(), Optional.empty(), false, runId, cgroup);
    }

    /** This ticket with the process just started for it. */
    public ProcessTicket started(Process process, boolean ownGroup) {
        return new ProcessTicket(OptionalLong.of(process.pid()), process.info().startInstant(), ownGroup, runId, cgroup);
    }

    /** This ticket without a cgroup, for a run that could not be put in it. */
    public ProcessTicket withoutCgroup() {
        return new ProcessTicket(pid, start, ownGroup, runId, Optional.empty());
    }

    /** As the journal keeps it. */
    public RunTicket toRunTicket() {
        Map<String, String> details = new LinkedHashMap<>();
        pid.ifPresent(p -> details.put(PID, Long.toString(p)));
        start.ifPresent(s -> details.put(START, s.toString()));
        details.put(GROUP, Boolean.toString(ownGroup));
        details.put(RUN_ID, runId);
        cgroup.ifPresent(c -> details.put(CGROUP, c.toString()));
        return new RunTicket(KIND, details);
    }

    /**
     * Reads a ticket of kind {@value #KIND}; a start time that does not parse counts as unknown.
     *
     * @throws AutoresearchException when it has no valid run id, or a pid that is not a number
     */
    public static ProcessTicket from(RunTicket ticket) {
        String runId = ticket.get(RUN_ID).filter(id -> !id.isBlank()).orElseThrow(() -> invalid(ticket, RUN_ID));
        OptionalLong pid = OptionalLong.empty();
        if (ticket.get(PID).isPresent()) {
            try {
                pid = OptionalLong.of(Long.parseLong(ticket.get(PID).get()));
            } catch (NumberFormatException e) {
                throw invalid(ticket, PID);
            }
        }
        Optional<Instant> start;
        try {
            start = ticket.get(START).map(Instant::parse);
        } catch (DateTimeParseException e) {
            start = Optional.empty();
        }
        boolean ownGroup = pid.isPresent() && ticket.get(GROUP).map(Boolean::parseBoolean).orElse(false);
        return new ProcessTicket(pid, start, ownGroup, runId, ticket.get(CGROUP).map(Path::of));
    }

    private static AutoresearchException invalid(RunTicket ticket, String key) {
        return new AutoresearchException("the journal's run ticket " + ticket.details() + " has no valid '" + key
                + "': the run it names cannot be found; make sure none of its processes still run, then remove "
                + "the ticket from the session journal");
    }
}
