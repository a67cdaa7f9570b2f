package dev.autoresearch.core;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Why the loop sent a proposal back before running it, as data: the hypothesis refused, the
 * experiment whose code it repeats (when that is the reason), and the reason in words a model can
 * read. A generator asked again for the same number finds the refusals in {@link ResearchContext#refusals()}.
 *
 * @param hypothesis  what was proposed
 * @param duplicateOf the experiment that measured the same code already, or has it under way
 * @param reason      why it was refused, a sentence addressed to the strategy
 */
public record Refusal(Hypothesis hypothesis, OptionalInt duplicateOf, String reason) {
    public Refusal {
        Objects.requireNonNull(hypothesis, "hypothesis");
        Objects.requireNonNull(duplicateOf, "duplicateOf");
        Objects.requireNonNull(reason, "reason");
    }
}
