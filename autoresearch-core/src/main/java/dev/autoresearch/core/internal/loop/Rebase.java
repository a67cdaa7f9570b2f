package dev.autoresearch.core.internal.loop;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.Judge;
import dev.autoresearch.core.PendingExperiment;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.SessionSetupException;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.internal.git.GitWorkspace;
import dev.autoresearch.core.internal.git.Worktree;
import dev.autoresearch.core.journal.JournalHeader;
import dev.autoresearch.core.journal.SessionBase;
import dev.autoresearch.core.journal.SessionFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Brings into a session the commits made on the user's branch since it started (or was last
 * rebased), such as a fix after a crash streak: the session's kept changes are replayed on the
 * user's HEAD, the new base is measured and recorded as the session's new baseline (a keep of
 * strategy {@value #STRATEGY}, numbered after the others, which also ends a crash streak), and the
 * replayed champion is proposed as the next experiment, so that the keep rule decides whether the
 * kept changes still help there. A replay that conflicts changes nothing and names the files.
 */
final class Rebase {
    private static final Logger LOG = LoggerFactory.getLogger(Rebase.class);
    /** The strategy of a rebase's new base, a record kept as the session's new baseline. */
    static final String STRATEGY = SessionBase.REBASE_STRATEGY;
    /** The strategy of the champion's kept changes replayed on a new base, an experiment like others. */
    static final String REPLAY = "rebase-replay";

    /** Measures a commit as a baseline is measured: its decision, with an empty metric and the reason when it failed. */
    @FunctionalInterface
    interface Measure {
        Judge.Decision of(Lane lane, int experiment, String commit);
    }

    private final SessionContext session;
    private final Worktree view;

    Rebase(SessionContext session, Worktree view) {
        this.session = session;
        this.view = view;
    }

    /**
     * A rebase recorded but whose branch move did not happen (the loop died between the two): the
     * branch still at the old champion is moved to the recorded new base.
     */
    static void finishBranchMove(GitWorkspace workspace, ResearchState state) {
        Optional<ExperimentRecord> best = state.best();
        if (best.isEmpty() || !best.get().strategy().equals(STRATEGY)) {
            return;
        }
        String at = workspace.branchHead();
        if (!at.equals(best.get().commit()) && at.equals(best.get().parent())) {
            workspace.moveBranch(at, best.get().commit());
            LOG.info("the rebase onto {} was recorded before the loop stopped; the branch follows it now",
                    best.get().commit().substring(0, 7));
        }
    }

    /**
     * Rebases the session onto the user's HEAD when it has moved.
     *
     * @param measure measures a commit as a baseline is measured
     * @return the state with the new base recorded and the replayed champion pending; the same state
     *         when the base has not moved
     * @throws SessionSetupException when a kept change conflicts with the new commits, or the new base
     *                               fails; nothing is changed then
     */
    ResearchState run(ResearchState state, JournalHeader header, GitWorkspace workspace, Lane lane, Measure measure) {
        String base = SessionBase.commit(state, header);
        String newBase = workspace.userHead();
        if (newBase.equals(base)) {
            LOG.info("rebase: your branch is still at {}, where the session's code is based; nothing to bring in",
                    base.substring(0, 7));
            return state;
        }
        ExperimentRecord champion = state.best().orElseThrow();
        List<String> newCommits = view.commitsBetween(base, newBase);
        List<String> kept = view.commitsBetween(base, champion.commit());
        view.checkout(newBase);
        for (String commit : kept) {
            Worktree.Picked picked = view.pick(commit);
            if (picked.commit().isEmpty()) {
                view.checkout(champion.commit());
                String which = state.history().stream().filter(r -> r.commit().equals(commit)).findFirst()
                        .map(r -> "the kept change of experiment " + r.experiment() + " (\"" + r.hypothesis().title() + "\")")
                        .orElse("commit " + commit.substring(0, 7));
                throw new SessionSetupException("rebase: " + which + " conflicts with the commits on your branch since"
                        + " the session's base " + base.substring(0, 7) + ", in " + String.join(", ", picked.conflicts())
                        + "; nothing was changed. Make your branch's change so that it applies with the session's "
                        + "(or merge the session's branch into yours first), or start a new session with another tag");
            }
        }
        String replayed = view.head();
        view.checkout(champion.commit());
        int n = state.nextExperiment();
        Instant startedAt = session.config().clock().instant();
        Judge.Decision measured = measure.of(lane, n, newBase);
        if (measured.metric().isEmpty()) {
            throw new SessionSetupException("rebase: the code of your branch at " + newBase.substring(0, 7)
                    + " gives no result: " + measured.reason() + "; nothing was changed. Fix it and run again");
        }
        String title = "rebase onto " + newBase.substring(0, 7) + ", " + newCommits.size() + " new commit"
                + (newCommits.size() == 1 ? "" : "s");
        ExperimentRecord newBaseline = ExperimentRecord.builder().experiment(n).commit(newBase)
                .parent(champion.commit()).status(Status.KEEP).metric(measured.metric()).metrics(measured.values())
                .hypothesis(Hypothesis.of(title, "the session's new baseline: the commits made on your branch since "
                        + base.substring(0, 7) + ", without the session's kept changes", ""))
                .strategy(STRATEGY).startedAt(startedAt)
                .duration(Duration.between(startedAt, session.config().clock().instant()))
                .log(SessionFiles.logName(n, 1)).reason("measured as the session's new baseline").lane(lane.number())
                .build();
        session.journal().append(newBaseline);
        session.results().append(newBaseline);
        workspace.moveBranch(champion.commit(), newBase);
        ResearchState next = state.with(newBaseline);
        if (!kept.isEmpty()) {
            List<Integer> keeps = new ArrayList<>();
            state.history().stream().filter(r -> !r.isBaseline() && r.status() == Status.KEEP
                    && kept.contains(r.commit())).forEach(r -> keeps.add(r.experiment()));
            PendingExperiment again = PendingExperiment.builder().experiment(n + 1)
                    .hypothesis(Hypothesis.of("kept changes" + (keeps.isEmpty() ? "" : " (" + describe(keeps) + ")")
                            + " on " + newBase.substring(0, 7), "the champion's changes since " + base.substring(0, 7)
                            + ", made again on the new base", ""))
                    .strategy(REPLAY).parent(newBase).commit(replayed).proposedAt(startedAt).build();
            session.journal().appendProposal(again);
            session.writePatch(n + 1, view.diff(newBase, replayed));
            next = next.withPending(again);
        }
        LOG.info("rebase: the session's base moved from {} to {} ({} new commits); the new base is experiment {}"
                + (kept.isEmpty() ? "" : ", the kept changes replayed on it are experiment {}"), base.substring(0, 7),
                newBase.substring(0, 7), newCommits.size(), n, n + 1);
        return next;
    }

    private static String describe(List<Integer> keeps) {
        List<String> names = keeps.stream().map(k -> "#" + k).toList();
        return names.size() <= 6 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 3)) + ", ... " + names.get(names.size() - 1);
    }
}
