package dev.autoresearch.core;

import dev.autoresearch.core.ideas.IdeasView;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a strategy sees when asked for the next hypothesis or change: the contract, the state so far
 * (with the experiments under way, so none is proposed twice), the experiment's number, a checkout
 * of the champion to read, and why the loop sent back earlier proposals for this number.
 *
 * <p>The state holds every proposal made before this ask began. A generator whose
 * {@link HypothesisGenerator#proposesAhead()} is true may be asked for several numbers at once, and
 * then does not see the proposals the other asks are still making; one that says false is asked one
 * proposal at a time and sees every proposal before its own.
 *
 * @param spec             the research contract
 * @param state            every record so far, and the experiments proposed or running
 * @param experiment       the number of the experiment being prepared
 * @param worktree         a checkout of the commit the proposal starts from (the champion, under greedy search), clean; strategies read files here and never write
 * @param sessionDirectory {@code .autoresearch/<tag>/}, where logs and patches live
 * @param refusals         the proposals for this number the loop sent back, oldest first; empty at the first ask
 * @param ideas            what the ideas ledger holds (this session's and earlier sessions' tries), bounded, and
 *                         the user's idea offered for this proposal
 * @param search           the node the proposal starts from (the worktree is checked out there), its lineage, what
 *                         was tried from it and what other branches found; whether the session is on a plateau
 */
public record ResearchContext(
        ProgramSpec spec, ResearchState state, int experiment, Path worktree, Path sessionDirectory,
        List<Refusal> refusals, IdeasView ideas, SearchView search) {
    public ResearchContext {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(worktree, "worktree");
        Objects.requireNonNull(sessionDirectory, "sessionDirectory");
        refusals = List.copyOf(refusals);
        Objects.requireNonNull(ideas, "ideas");
        Objects.requireNonNull(search, "search");
    }

    /** A context without a view of the ideas ledger or of the search (the loop gives both to its proposals). */
    public ResearchContext(ProgramSpec spec, ResearchState state, int experiment, Path worktree, Path sessionDirectory,
                           List<Refusal> refusals) {
        this(spec, state, experiment, worktree, sessionDirectory, refusals, IdeasView.EMPTY, SearchView.NONE);
    }

    /** A context at the first ask, without refusals. */
    public ResearchContext(ProgramSpec spec, ResearchState state, int experiment, Path worktree, Path sessionDirectory) {
        this(spec, state, experiment, worktree, sessionDirectory, List.of());
    }

    /** This context with one more refusal. */
    public ResearchContext withRefusal(Refusal refusal) {
        List<Refusal> more = new java.util.ArrayList<>(refusals);
        more.add(Objects.requireNonNull(refusal, "refusal"));
        return new ResearchContext(spec, state, experiment, worktree, sessionDirectory, more, ideas, search);
    }

    /** This context with {@code ideas} as its view of the ideas ledger. */
    public ResearchContext withIdeas(IdeasView ideas) {
        return new ResearchContext(spec, state, experiment, worktree, sessionDirectory, refusals, ideas, search);
    }

    /** This context with {@code search} as its view of the search. */
    public ResearchContext withSearch(SearchView search) {
        return new ResearchContext(spec, state, experiment, worktree, sessionDirectory, refusals, ideas, search);
    }

    /** The reasons of the refusals, in words for a model. */
    public List<String> feedback() {
        return refusals.stream().map(Refusal::reason).toList();
    }
}
