package dev.autoresearch.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The outcome of {@link ResearchLoop#run()}: why the session stopped, the baseline and best
 * results, and where its branch and files are.
 *
 * @param tag              the session's tag
 * @param branch           {@code autoresearch/<tag>}, whose head is the best commit
 * @param state            every record, baseline first
 * @param stopReason       why the session stopped
 * @param interrupted      true when it stopped because the host interrupted it
 * @param sessionDirectory {@code .autoresearch/<tag>/}
 * @param worktree         the first lane's worktree, left clean at the best commit
 * @param duplicatesSkipped proposals in this run that were not measured because their code was
 *                          measured already or under way
 */
public record ResearchReport(
        String tag,
        String branch,
        ResearchState state,
        StopReason stopReason,
        boolean interrupted,
        Path sessionDirectory,
        Path worktree,
        int duplicatesSkipped) {

    public ResearchReport {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(stopReason, "stopReason");
        Objects.requireNonNull(sessionDirectory, "sessionDirectory");
        Objects.requireNonNull(worktree, "worktree");
    }

    /** The baseline's primary metric. */
    public OptionalDouble baselineMetric() {
        return state.baseline().map(ExperimentRecord::metric).orElse(OptionalDouble.empty());
    }

    /** The best primary metric (the baseline's when nothing was kept). */
    public OptionalDouble bestMetric() {
        return state.best().map(ExperimentRecord::metric).orElse(OptionalDouble.empty());
    }

    /** The kept experiments after the baseline, in order. */
    public List<ExperimentRecord> kept() {
        return state.history().stream().skip(1).filter(r -> r.status() == Status.KEEP).toList();
    }

    public Path journal() {
        return sessionDirectory.resolve("journal.jsonl");
    }

    public Path results() {
        return sessionDirectory.resolve("results.tsv");
    }

    public Path patches() {
        return sessionDirectory.resolve("patches");
    }
}
