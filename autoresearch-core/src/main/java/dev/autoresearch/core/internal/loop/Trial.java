package dev.autoresearch.core.internal.loop;

import dev.autoresearch.core.Metrics;
import dev.autoresearch.core.PendingExperiment;
import dev.autoresearch.core.journal.RunStart;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An experiment on its lane, from the first run to its record: the commit being measured (its own,
 * or its replay onto a newer champion), the parent it is judged against, and the runs so far. Only
 * the coordinator's thread reads and writes it.
 */
final class Trial {
    /** What is measured: the proposal, or its making again on a newer champion. */
    PendingExperiment proposal;
    final Lane lane;
    final Instant startedAt;
    String commit;
    String parent;
    /** The runs of the commit being measured now. */
    final List<Metrics> runs = new ArrayList<>();
    /** The primary metric of every run of this comparison in run order, the champion's re-runs among them. */
    dev.autoresearch.core.keep.Comparison comparison;
    /** The champion's re-runs made for this comparison. */
    final List<Double> championReruns = new ArrayList<>();
    /** Logs written so far, so a replay's logs follow its first ones. */
    int logsWritten;
    /** What the first measurement said before a replay, for the record's reason. */
    Optional<String> replayNote = Optional.empty();
    /** Suspected once of a change outside the worktrees that could not be told apart from other lanes' runs. */
    boolean suspected;
    /** What it measures now is to be thrown away and measured again: another lane's run was found tampering meanwhile. */
    boolean measureAgain;
    /** A run a killed loop left on this lane, to hand to the runner before anything else. */
    Optional<RunStart> left;
    /** The job running on the lane now. */
    java.util.concurrent.Future<?> job;

    Trial(PendingExperiment proposal, Lane lane, Instant startedAt, Optional<RunStart> left) {
        this.proposal = proposal;
        this.lane = lane;
        this.startedAt = startedAt;
        this.commit = proposal.commit();
        this.parent = proposal.parent();
        this.left = left;
    }

    int experiment() {
        return proposal.experiment();
    }

    String log() {
        return dev.autoresearch.core.journal.SessionFiles.logName(experiment(), 1);
    }
}
