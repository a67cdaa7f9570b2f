package dev.autoresearch.core.keep;

import java.util.Objects;

/**
 * What a {@link KeepRule} says after a run: keep the candidate, discard it (with the reason), or
 * run both sides again before deciding. Every verdict carries the evidence so far.
 */
public sealed interface Verdict permits Verdict.Keep, Verdict.Discard, Verdict.MoreRuns {
    /** The evidence the verdict rests on. */
    Evidence evidence();

    /** The candidate is better, by the rule's standard. */
    record Keep(Evidence evidence) implements Verdict {
        public Keep {
            Objects.requireNonNull(evidence, "evidence");
        }
    }

    /** The candidate is not kept; {@code reason} says why, for the journal and the console. */
    record Discard(Evidence evidence, String reason) implements Verdict {
        public Discard {
            Objects.requireNonNull(evidence, "evidence");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Not yet decided: run the candidate {@code candidateRuns} more times and re-run the champion
     * {@code championRuns} times, alternating (champion first), then ask again.
     */
    record MoreRuns(Evidence evidence, int candidateRuns, int championRuns) implements Verdict {
        public MoreRuns {
            Objects.requireNonNull(evidence, "evidence");
            if (candidateRuns < 1 || championRuns < 0) {
                throw new IllegalArgumentException("more runs needs >= 1 candidate run and >= 0 champion runs, got "
                        + candidateRuns + " and " + championRuns);
            }
        }
    }
}
