package dev.autoresearch.core.journal;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.PendingExperiment;
import dev.autoresearch.core.internal.session.SessionLock;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What a session is doing right now, read from its files without taking its lock, so it can be
 * asked while another process runs the session.
 *
 * @param owner    the pid of the live process running the session, if any
 * @param inFlight the experiments that process has running on its lanes (the baseline included), by number
 */
public record SessionActivity(OptionalLong owner, List<InFlightExperiment> inFlight) {

    /**
     * An experiment under way.
     *
     * @param experiment its number (0: the baseline)
     * @param title      its hypothesis
     * @param lane       the lane running it
     * @param startedAt  when its current run started
     */
    public record InFlightExperiment(int experiment, String title, int lane, Instant startedAt) {
    }

    public SessionActivity {
        Objects.requireNonNull(owner, "owner");
        inFlight = List.copyOf(inFlight);
    }

    /** Reads the session's lock and journal. */
    public static SessionActivity of(SessionFiles files) {
        OptionalLong owner = SessionLock.livePid(files.lock());
        if (owner.isEmpty()) {
            return new SessionActivity(owner, List.of());
        }
        List<InFlightExperiment> running = new ArrayList<>();
        try {
            JournalContents journal = Journal.read(files.journal());
            Map<Integer, RunStart> runs = journal.runs();
            for (RunStart run : runs.values()) {
                String title = run.experiment() == 0 ? "baseline" : journal.pending().stream()
                        .filter(p -> p.experiment() == run.experiment()).findFirst()
                        .map(PendingExperiment::hypothesis).map(h -> h.title()).orElse("experiment " + run.experiment());
                running.add(new InFlightExperiment(run.experiment(), title, run.lane(), run.startedAt()));
            }
        } catch (AutoresearchException e) {
            // no journal yet: the session is opening
        }
        return new SessionActivity(owner, running);
    }

    /** True when a live process runs the session. */
    public boolean running() {
        return owner.isPresent();
    }

    /** The lane of {@code experiment} when it is in flight. */
    public OptionalInt laneOf(int experiment) {
        return inFlight.stream().filter(f -> f.experiment() == experiment).mapToInt(InFlightExperiment::lane).findFirst();
    }
}
