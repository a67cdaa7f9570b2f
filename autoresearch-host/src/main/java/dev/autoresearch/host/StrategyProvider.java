package dev.autoresearch.host;

/**
 * Makes a strategy (a hypothesis generator and the mutator that implements its hypotheses) that
 * hosts offer by name: {@code --strategy NAME}, program.md's {@code strategy: NAME}, the Maven plugin's
 * {@code autoresearch.strategy}. Hosts find providers with {@link java.util.ServiceLoader}: a jar on the
 * classpath that lists its class in {@code META-INF/services/dev.autoresearch.host.StrategyProvider}
 * makes its strategy available, as the built-in {@code tune} and {@code llm} strategies are.
 *
 * <p>An implementation has a public constructor without parameters and keeps no state of its own.
 */
public interface StrategyProvider {
    /** The name users select it by: one word, such as {@code grid}; matched regardless of case. */
    String name();

    /**
     * Whether a session's runs are confined to their worktree when program.md does not say: true for a
     * strategy that writes code (a model's), false for one that only changes numbers. True unless overridden,
     * since code nobody reviewed should not reach outside its worktree.
     */
    default boolean confinedByDefault() {
        return true;
    }

    /**
     * Checks, before anything else is set up, that the program and the options allow this strategy: the
     * cheap checks whose failure should be the first thing a user reads. Nothing by default.
     *
     * @throws UsageException naming what is missing and how to supply it
     */
    default void check(StrategyContext context) {
    }

    /**
     * The strategy for a session, once the runner is made.
     *
     * @throws UsageException when the program or the options do not allow it
     */
    LoopComponents.Strategy create(StrategyContext context);
}
