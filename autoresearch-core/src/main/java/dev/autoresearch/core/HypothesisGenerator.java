package dev.autoresearch.core;

/**
 * Proposes what to try next, from the contract and everything tried so far.
 *
 * <p>Threads: {@link #propose} is called on a thread of the loop's proposer, never the host's. Calls
 * overlap only when {@link #proposesAhead()} is true (one per lane, so a model's latency is hidden);
 * otherwise the generator is asked one proposal at a time. {@link #prepare} is called once, on the
 * thread that runs the loop, before any proposal.
 *
 * <p>A generator should be a function of the state it is given (plus a seed), so that a resumed
 * session continues as if it had never stopped. One that keeps state of its own says so.
 * Throw a {@link StrategyExhaustedException} when there is nothing left to propose: the loop stops
 * normally, with its message as the stop reason. Throw an {@link AutoresearchException} when no
 * proposal can be had for now (a model unreachable after its retries): the session stops, the
 * exception reaches the host, the journal holds every finished experiment, and running the
 * session again resumes there.
 */
@FunctionalInterface
public interface HypothesisGenerator {
    /** The next hypothesis. */
    Hypothesis propose(ResearchContext context);

    /**
     * Called once when the session opens, before the baseline runs (or, on a resume, before the next
     * experiment), with the worktree at the best commit. Throw an {@link AutoresearchException} to
     * refuse a configuration that cannot work, so the user learns it before any run is spent.
     * Does nothing by default.
     */
    default void prepare(ResearchContext context) {
    }

    /**
     * True when proposing takes time worth hiding, such as a model's reply: the loop then proposes
     * while lanes run, several proposals at once (each call on a thread of its own, not seeing what
     * the others are still making), and a proposal may start after its champion was replaced (it is
     * then replayed, see {@link ResearchLoop}). False (the default) for a strategy asked one proposal
     * at a time, when a lane is free, from every result and every proposal so far: with one lane its
     * decisions are exactly those of a loop without look-ahead.
     */
    default boolean proposesAhead() {
        return false;
    }

    /**
     * True when the generator reads {@link ResearchContext#ideas()}: the loop then makes that view of
     * the ideas ledger for each proposal (a cost that grows with the ledger, small beside a model's
     * reply), and offers the user's next idea, which the experiment is then marked in the ledger as
     * trying. False by default: the view is empty and the user's ideas stay open.
     */
    default boolean readsIdeas() {
        return false;
    }

    /** The name recorded as the experiment's {@code strategy}. */
    default String name() {
        return getClass().getSimpleName();
    }
}
