package dev.autoresearch.core.journal;

import dev.autoresearch.core.internal.session.InFlight;
import dev.autoresearch.core.internal.session.SessionLock;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a session is doing right now, read from its files without taking its lock, so it can be
 * asked while another process runs the session.
 *
 * @param owner    the pid of the live process running the session, if any
 * @param inFlight the experiment that process has in hand, if it is running one
 */
public record SessionActivity(OptionalLong owner, Optional<InFlightExperiment> inFlight) {

    /**
     * An experiment under way.
     *
     * @param experiment its number
     * @param title      its hypothesis
     * @param startedAt  when its step began
     */
    public record InFlightExperiment(int experiment, String title, Instant startedAt) {
    }

    public SessionActivity {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(inFlight, "inFlight");
    }

    /** Reads the session's lock and in-flight marker. */
    public static SessionActivity of(SessionFiles files) {
        OptionalLong owner = SessionLock.livePid(files.lock());
        Optional<InFlightExperiment> inFlight = owner.isEmpty() ? Optional.empty()
                : InFlight.read(files.inFlight()).map(f -> new InFlightExperiment(f.experiment(),
                        f.hypothesis().title(), f.startedAt()));
        return new SessionActivity(owner, inFlight);
    }

    /** True when a live process runs the session. */
    public boolean running() {
        return owner.isPresent();
    }
}
