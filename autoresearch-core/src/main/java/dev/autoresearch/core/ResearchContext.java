package dev.autoresearch.core;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a strategy sees when asked for the next hypothesis or change: the contract, the state so far,
 * the experiment's number and the worktree it will run in (at the best commit, clean).
 *
 * @param spec             the research contract
 * @param state            every record so far
 * @param experiment       the number of the experiment being prepared
 * @param worktree         the experiment's git worktree; strategies read files here, the loop writes them
 * @param sessionDirectory {@code .autoresearch/<tag>/}, where logs and patches live
 */
public record ResearchContext(
        ProgramSpec spec, ResearchState state, int experiment, Path worktree, Path sessionDirectory) {
    public ResearchContext {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(worktree, "worktree");
        Objects.requireNonNull(sessionDirectory, "sessionDirectory");
    }
}
