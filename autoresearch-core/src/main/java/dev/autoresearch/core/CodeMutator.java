package dev.autoresearch.core;

/**
 * Turns a hypothesis into a {@link Change} to the editable files. It reads the worktree through
 * {@link ResearchContext#worktree()} and returns new file contents; it never writes files itself.
 *
 * <p>A change that cannot be made is an outcome: return {@link MutationResult.Failed} and the
 * experiment is recorded as {@link Status#INVALID} with the reason (any other runtime exception is
 * treated the same way). Throw an {@link AutoresearchException} only when the strategy cannot go on
 * (a model unreachable after its retries): the session stops, the experiment is not recorded, and
 * a resumed session proposes it again. The same holds when the thread is interrupted meanwhile.
 *
 * <p>Threads: called on a thread of the loop's proposer, right after the generator's proposal; calls
 * overlap when the generator {@linkplain HypothesisGenerator#proposesAhead() proposes ahead}, each
 * with a checkout of its own.
 */
@FunctionalInterface
public interface CodeMutator {
    /** The change implementing {@code hypothesis}, or why there is none. */
    MutationResult mutate(Hypothesis hypothesis, ResearchContext context);
}
