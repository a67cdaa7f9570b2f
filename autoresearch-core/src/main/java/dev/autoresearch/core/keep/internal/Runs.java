package dev.autoresearch.core.keep.internal;

import dev.autoresearch.core.keep.Comparison;
import dev.autoresearch.core.keep.Evidence;
import dev.autoresearch.core.keep.Verdict;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** Both sides' runs of a comparison, checked: a candidate run exists, and whether every value is finite. */
record Runs(List<Double> champion, List<Double> candidate, Optional<Verdict> notFinite) {
    static Runs of(Comparison comparison, Evidence.Basis basis) {
        List<Double> candidate = comparison.candidateRuns();
        if (candidate.isEmpty()) {
            throw new IllegalArgumentException("no run of the candidate to decide on yet");
        }
        List<Double> champion = comparison.championRuns();
        Optional<Verdict> notFinite = Optional.empty();
        if (!finite(champion) || !finite(candidate)) {
            // NaN compares as neither better nor worse: no rule may keep on it.
            Evidence evidence = new Evidence(basis, champion, candidate, Double.NaN, Double.NaN,
                    OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty());
            notFinite = Optional.of(new Verdict.Discard(evidence, "a run's metric is not a finite number ("
                    + (finite(candidate) ? "champion " + champion : "candidate " + candidate) + ")"));
        }
        return new Runs(champion, candidate, notFinite);
    }

    private static boolean finite(List<Double> values) {
        return values.stream().allMatch(Double::isFinite);
    }
}
