package dev.autoresearch.host;

import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchReport;

import java.util.Objects;

/**
 * How a finished run ends for its host, the same in every host: the command's exit code, whether the
 * Maven plugin fails the build.
 */
public enum RunOutcome {
    /** The session stopped on one of its stopping criteria. */
    STOPPED,
    /** Experiments failed {@code crash-streak} times in a row: the experiment is at fault, not the host. */
    EXPERIMENT_FAILED,
    /** Interrupted (Ctrl-C); every finished experiment is in the journal and the same run resumes. */
    INTERRUPTED;

    /**
     * @param interrupted true when the host's thread was interrupted while the loop ran
     */
    public static RunOutcome of(ResearchReport report, ProgramSpec spec, boolean interrupted) {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(spec, "spec");
        if (interrupted || report.interrupted()) {
            return INTERRUPTED;
        }
        // What stopped it, not the streak as it stands: a session that met its budget on a run of crashes is done.
        if (report.stopReason().kind() == dev.autoresearch.core.StopReason.Kind.CRASH_STREAK) {
            return EXPERIMENT_FAILED;
        }
        return STOPPED;
    }
}
