package dev.autoresearch.core.keep;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link KeepRule} decides from: the champion's runs from before this comparison, then this
 * comparison's runs in the order they ran (the candidate's and the champion's re-runs interleaved
 * with them), and the noise floor measured on the baseline. Immutable; {@link #withCandidate} and
 * {@link #withChampion} return a copy with one more run.
 *
 * @param champion the champion's earlier runs of the primary metric, at least one, in run order
 * @param runs     this comparison's runs, in run order
 * @param noise    the baseline's runs
 */
public record Comparison(List<Double> champion, List<Run> runs, NoiseFloor noise) {
    public Comparison {
        champion = List.copyOf(Objects.requireNonNull(champion, "champion"));
        runs = List.copyOf(Objects.requireNonNull(runs, "runs"));
        Objects.requireNonNull(noise, "noise");
        if (champion.isEmpty()) {
            throw new IllegalArgumentException("the champion needs at least one run to compare against");
        }
    }

    /** A comparison against a champion measured {@code champion}, before the candidate's first run. */
    public static Comparison against(List<Double> champion, NoiseFloor noise) {
        return new Comparison(champion, List.of(), noise);
    }

    /** This comparison with one more run of the candidate. */
    public Comparison withCandidate(double value) {
        return with(new Run(Arm.CANDIDATE, value));
    }

    /** This comparison with one more run of the champion (a re-run interleaved with the candidate's). */
    public Comparison withChampion(double value) {
        return with(new Run(Arm.CHAMPION, value));
    }

    private Comparison with(Run run) {
        List<Run> more = new ArrayList<>(runs);
        more.add(run);
        return new Comparison(champion, more, noise);
    }

    /** Every run of the champion: the earlier ones, then the re-runs of this comparison. */
    public List<Double> championRuns() {
        List<Double> all = new ArrayList<>(champion);
        all.addAll(interleavedChampionRuns());
        return List.copyOf(all);
    }

    /** The champion's re-runs made during this comparison, in run order. */
    public List<Double> interleavedChampionRuns() {
        return runs.stream().filter(r -> r.arm() == Arm.CHAMPION).map(Run::value).toList();
    }

    /** The candidate's runs, in run order. */
    public List<Double> candidateRuns() {
        return runs.stream().filter(r -> r.arm() == Arm.CANDIDATE).map(Run::value).toList();
    }

    /** Which side of the comparison a run measured. */
    public enum Arm { CHAMPION, CANDIDATE }

    /** One run of this comparison: which side it measured and the primary metric it printed. */
    public record Run(Arm arm, double value) {
        public Run {
            Objects.requireNonNull(arm, "arm");
        }
    }
}
