package dev.autoresearch.core.internal.decide;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Judge;
import dev.autoresearch.core.Metrics;
import dev.autoresearch.core.PendingExperiment;
import dev.autoresearch.core.journal.SessionFiles;
import dev.autoresearch.core.keep.Comparison;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * An experiment on its lane, from its first run to its record, as the decisions see it: the commit
 * being measured (its own, or its replay onto a newer champion), the parent it is judged against,
 * the runs so far and where its judging stands. A value: each decision returns the next one.
 *
 * @param proposal      what is measured: the proposal, or its making again on a newer champion
 * @param lane          the lane it runs on
 * @param startedAt     when its first run started
 * @param commit        the commit measured now
 * @param parent        the commit it is judged against
 * @param runs          the runs of {@code commit} so far
 * @param comparison    every run of the primary metric for this comparison, the champion's re-runs among
 *                      them; empty before the first measurement is judged
 * @param championReruns the champion's re-runs made for this comparison
 * @param logsWritten   logs written so far, so that a replay's logs follow its first ones
 * @param replayNote    what its first measurement said before a replay, for the record's reason
 * @param suspected     suspected once of a change outside the worktrees that could not be told apart
 *                      from other lanes' runs
 * @param measureAgain  what it measures now is to be thrown away and measured again: another lane's
 *                      run was found tampering meanwhile
 * @param passed        the keep rule's keep, while the checks or the holdout run
 * @param replaying     where a change that beat a replaced parent is being made again, and what its record says
 * @param heldBy        the experiment whose verdict this one's waits for: the one whose change it was made on top
 *                      of, or a win of an earlier round being measured on the champion this one was made on
 */
public record Trial(PendingExperiment proposal, int lane, Instant startedAt, String commit, String parent,
                    List<Metrics> runs, Optional<Comparison> comparison, List<Double> championReruns, int logsWritten,
                    Optional<String> replayNote, boolean suspected, boolean measureAgain, Optional<Passed> passed,
                    Optional<Replaying> replaying, OptionalInt heldBy) {

    public Trial {
        Objects.requireNonNull(proposal, "proposal");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(parent, "parent");
        runs = List.copyOf(runs);
        championReruns = List.copyOf(championReruns);
        Objects.requireNonNull(comparison, "comparison");
        Objects.requireNonNull(replayNote, "replayNote");
        Objects.requireNonNull(passed, "passed");
        Objects.requireNonNull(replaying, "replaying");
        Objects.requireNonNull(heldBy, "heldBy");
    }

    /** A proposal starting on {@code lane}: nothing measured yet. */
    public static Trial start(PendingExperiment proposal, int lane, Instant startedAt) {
        return new Trial(proposal, lane, startedAt, proposal.commit(), proposal.parent(), List.of(), Optional.empty(),
                List.of(), 0, Optional.empty(), false, false, Optional.empty(), Optional.empty(), OptionalInt.empty());
    }

    public int experiment() {
        return proposal.experiment();
    }

    /** The name of its first log, which its record points to. */
    public String log() {
        return SessionFiles.logName(experiment(), 1);
    }

    /** The keep rule decided to keep it: the checks or the holdout come next. */
    public record Passed(Judge.Decision decision, OptionalDouble confidence) {
    }

    /**
     * A change that beat its parent after another lane's keep replaced that parent, being made again on
     * the champion: alone, or on top of the wins of the same round already being measured there, so
     * that a round's wins land together rather than one round each.
     *
     * @param champion   the champion it is made again on
     * @param onto       the commit it is made on: the champion's, or the last win under way on it
     * @param stackedOn  the experiment whose commit {@code onto} is, when it is made on top of one under way
     * @param onParent   what its measurement on its parent said
     * @param note       how it beat its parent, for the record's reason
     * @param superseded the reason it gets when it cannot be made there
     */
    public record Replaying(ExperimentRecord champion, String onto, OptionalInt stackedOn, Judge.Decision onParent,
                            String note, String superseded) {
        public Replaying {
            Objects.requireNonNull(champion, "champion");
            Objects.requireNonNull(onto, "onto");
            Objects.requireNonNull(stackedOn, "stackedOn");
            Objects.requireNonNull(onParent, "onParent");
        }

        /** The win it was made on top of has its record: what it is judged against is known. */
        Replaying settled() {
            return new Replaying(champion, onto, OptionalInt.empty(), onParent, note, superseded);
        }
    }

    Trial withRunsAdded(List<Metrics> more) {
        List<Metrics> all = new ArrayList<>(runs);
        all.addAll(more);
        return new Trial(proposal, lane, startedAt, commit, parent, all, comparison, championReruns, logsWritten,
                replayNote, suspected, measureAgain, passed, replaying, heldBy);
    }

    Trial withComparison(Comparison c) {
        return new Trial(proposal, lane, startedAt, commit, parent, runs, Optional.of(c), championReruns, logsWritten,
                replayNote, suspected, measureAgain, passed, replaying, heldBy);
    }

    Trial withChampionRerun(double value) {
        List<Double> all = new ArrayList<>(championReruns);
        all.add(value);
        return new Trial(proposal, lane, startedAt, commit, parent, runs, comparison, all, logsWritten,
                replayNote, suspected, measureAgain, passed, replaying, heldBy);
    }

    Trial withLogsWritten(int logs) {
        return new Trial(proposal, lane, startedAt, commit, parent, runs, comparison, championReruns, logs,
                replayNote, suspected, measureAgain, passed, replaying, heldBy);
    }

    Trial withReplayNote(String note) {
        return new Trial(proposal, lane, startedAt, commit, parent, runs, comparison, championReruns, logsWritten,
                Optional.of(note), suspected, measureAgain, passed, replaying, heldBy);
    }

    Trial asSuspect() {
        return new Trial(proposal, lane, startedAt, commit, parent, runs, comparison, championReruns, logsWritten,
                replayNote, true, measureAgain, passed, replaying, heldBy);
    }

    Trial toMeasureAgain(boolean again) {
        return new Trial(proposal, lane, startedAt, commit, parent, runs, comparison, championReruns, logsWritten,
                replayNote, suspected, again, passed, replaying, heldBy);
    }

    Trial withPassed(Optional<Passed> p) {
        return new Trial(proposal, lane, startedAt, commit, parent, runs, comparison, championReruns, logsWritten,
                replayNote, suspected, measureAgain, p, replaying, heldBy);
    }

    Trial withReplaying(Optional<Replaying> r) {
        return new Trial(proposal, lane, startedAt, commit, parent, runs, comparison, championReruns, logsWritten,
                replayNote, suspected, measureAgain, passed, r, heldBy);
    }

    Trial withProposal(PendingExperiment p) {
        return new Trial(p, lane, startedAt, commit, parent, runs, comparison, championReruns, logsWritten,
                replayNote, suspected, measureAgain, passed, replaying, heldBy);
    }

    /** The same change to be measured from its first run as {@code newCommit} on {@code newParent}. */
    Trial measuringAfresh(String newCommit, String newParent) {
        return new Trial(proposal, lane, startedAt, newCommit, newParent, List.of(), Optional.empty(), List.of(),
                logsWritten, replayNote, suspected, measureAgain, Optional.empty(), replaying, heldBy);
    }

    /** Its verdict waits for experiment {@code experiment}'s (or, empty, no longer waits). */
    Trial heldBy(OptionalInt experiment) {
        return new Trial(proposal, lane, startedAt, commit, parent, runs, comparison, championReruns, logsWritten,
                replayNote, suspected, measureAgain, passed, replaying, experiment);
    }

    /** Judged against {@code newParent} (the keep of the win it was made on top of) with {@code c}, its runs kept. */
    Trial reparented(String newParent, Optional<Comparison> c) {
        return new Trial(proposal, lane, startedAt, commit, newParent, runs, c, championReruns,
                logsWritten, replayNote, suspected, measureAgain, passed, replaying, heldBy);
    }
}
