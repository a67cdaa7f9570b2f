package dev.autoresearch.core;

/**
 * Turns a hypothesis into a {@link Change} to the editable files. It reads the worktree through
 * {@link ResearchContext#worktree()} and returns new file contents; it never writes files itself.
 */
@FunctionalInterface
public interface CodeMutator {
    /** The change implementing {@code hypothesis}, or why there is none. */
    MutationResult mutate(Hypothesis hypothesis, ResearchContext context);
}
