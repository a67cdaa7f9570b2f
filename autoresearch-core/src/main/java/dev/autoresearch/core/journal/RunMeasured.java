package dev.autoresearch.core.journal;

import java.util.Map;
import java.util.Objects;

/**
 * A journal line: one run of an experiment (or a re-run of its champion) ended and gave these
 * values. A session stopped in the middle of an experiment's repeats resumes from them: the runs
 * already made are neither lost nor made again.
 *
 * @param experiment the experiment whose series the run belongs to
 * @param lane       the lane it ran on
 * @param commit     the commit it measured: the experiment's, or its parent's for a champion re-run
 * @param run        the number of its log, {@code runs/<n>.<run>.log}
 * @param values     the metrics it printed
 */
public record RunMeasured(int experiment, int lane, String commit, int run, Map<String, Double> values) {
    public RunMeasured {
        Objects.requireNonNull(commit, "commit");
        values = Map.copyOf(values);
    }
}
