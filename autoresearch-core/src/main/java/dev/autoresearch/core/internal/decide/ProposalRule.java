package dev.autoresearch.core.internal.decide;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.PendingExperiment;
import dev.autoresearch.core.Status;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the proposer's answer becomes: a proposal journalled for a lane, a record of a proposal that
 * never ran (refused, or code measured already), a request asked again (two proposals made at once
 * with the same code), or news of the strategy (nothing left to propose, or it cannot go on).
 */
final class ProposalRule {
    private ProposalRule() {
    }

    /**
     * @param champion the champion now, which a proposal made again on it names when it is refused
     */
    static void proposed(Decisions.Plan p, Observation.Proposed o, ExperimentRecord champion) {
        ProposalOutcome outcome = o.outcome();
        p.state = p.state.withResearch(p.state.research().withoutProposing(outcome.experiment()));
        OptionalInt same = o.sameCodeAs();
        // Made again on the new champion, a proposal often arrives at the code of its own first making
        // (both set the same line): that code was never measured, so it is no repeat.
        boolean repeats = outcome instanceof ProposalOutcome.Ready && same.isPresent()
                && same.getAsInt() != outcome.experiment();
        if (outcome instanceof ProposalOutcome.Ready r && repeats && !o.fresh()) {
            PendingExperiment pe = r.proposal();
            p.steps.add(new Step.RecordWithoutRun(withoutRun(pe.experiment(), pe.hypothesis(), pe.strategy(),
                    pe.proposedAt(), o.at()).commit(pe.commit()).parent(pe.parent()).status(Status.DISCARD)
                    .reason("made again on the new champion, its code is that of experiment " + same.getAsInt()
                            + ", measured already; nothing was run").island(pe.island()).build()));
        } else if (outcome instanceof ProposalOutcome.Ready r && repeats) {
            // Another proposal made at the same time came back first with the same code: ask again.
            p.state = p.state.withDuplicatesSkipped(r.duplicates() + 1);
            p.say(false, "experiment " + r.experiment() + ": \"" + r.proposal().hypothesis().title() + "\" makes the "
                    + "same code as experiment " + same.getAsInt() + ", proposed at the same time; asking again");
        } else if (outcome instanceof ProposalOutcome.Ready r) {
            p.state = p.state.withDuplicatesSkipped(r.duplicates());
            p.state = p.state.withResearch(p.state.research().withPending(r.proposal()));
            p.steps.add(new Step.Journal(r.proposal(), r.tree(), true));
        } else if (outcome instanceof ProposalOutcome.Refused r) {
            p.state = p.state.withDuplicatesSkipped(r.duplicates());
            String reason = o.fresh() ? r.reason() : "made again on the champion #" + champion.experiment()
                    + ", which was kept after it was proposed: " + r.reason();
            p.steps.add(new Step.RecordWithoutRun(withoutRun(r.experiment(), r.hypothesis(), r.strategy(),
                    r.proposedAt(), o.at()).commit(r.parent()).parent(r.parent())
                    .status(r.repeat() ? Status.DISCARD : Status.INVALID).reason(reason).island(r.island()).build()));
        } else if (outcome instanceof ProposalOutcome.Adopted a) {
            p.steps.add(new Step.RecordWithoutRun(withoutRun(a.experiment(), a.hypothesis(),
                    dev.autoresearch.core.search.Migration.STRATEGY, a.proposedAt(), o.at()).commit(a.migrant().commit())
                    .parent(a.parent()).status(Status.KEEP).champion(false).metric(a.migrant().metric())
                    .metrics(a.migrant().metrics()).island(a.island()).reason(a.hypothesis().rationale()).build()));
        } else if (outcome instanceof ProposalOutcome.Exhausted e) {
            // Set aside the node it had nothing left to propose from; Decisions asks whether any other is left.
            p.state = p.state.withSetAside(e.node(), e.reason()).withExhausted(Optional.of(e.reason()));
        } else if (outcome instanceof ProposalOutcome.Failed f) {
            // The runs in flight are still recorded: only proposing and starting stop.
            p.steps.add(new Step.Fail(f.cause(), false));
        }
    }

    /** A record of a proposal that never ran: from its proposal to {@code at}, with the tokens it cost. */
    private static ExperimentRecord.Builder withoutRun(int n, dev.autoresearch.core.Hypothesis hypothesis,
                                                       String strategy, java.time.Instant proposedAt,
                                                       java.time.Instant at) {
        return ExperimentRecord.builder().experiment(n).hypothesis(hypothesis).strategy(strategy).startedAt(proposedAt)
                .duration(Duration.between(proposedAt, at)).usage(hypothesis.usage());
    }
}
