package dev.autoresearch.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a strategy sees when asked for the next hypothesis or change: the contract, the state so far
 * (with the experiments under way, so none is proposed twice), the experiment's number, a checkout
 * of the champion to read, and what the loop said of the last proposal for this number.
 *
 * @param spec             the research contract
 * @param state            every record so far, and the experiments proposed or running
 * @param experiment       the number of the experiment being prepared
 * @param worktree         a checkout of the champion commit, clean; strategies read files here and never write
 * @param sessionDirectory {@code .autoresearch/<tag>/}, where logs and patches live
 * @param feedback         why the loop refused earlier proposals for this number (such as "the change
 *                         is identical to experiment 12, discarded"); empty at the first ask
 */
public record ResearchContext(
        ProgramSpec spec, ResearchState state, int experiment, Path worktree, Path sessionDirectory,
        List<String> feedback) {
    public ResearchContext {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(worktree, "worktree");
        Objects.requireNonNull(sessionDirectory, "sessionDirectory");
        feedback = List.copyOf(feedback);
    }

    /** A context at the first ask, without feedback. */
    public ResearchContext(ProgramSpec spec, ResearchState state, int experiment, Path worktree, Path sessionDirectory) {
        this(spec, state, experiment, worktree, sessionDirectory, List.of());
    }

    /** This context with one more line of feedback. */
    public ResearchContext withFeedback(String line) {
        List<String> more = new java.util.ArrayList<>(feedback);
        more.add(Objects.requireNonNull(line, "line"));
        return new ResearchContext(spec, state, experiment, worktree, sessionDirectory, more);
    }
}
