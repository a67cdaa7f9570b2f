package dev.autoresearch.core.ideas;

import java.util.Objects;

/**
 * A measured idea that a proposal repeats in other words: the earlier idea, how alike the two are
 * (0 to 1, where the check measures it), and why the check judged them the same, in words for the model.
 */
public record NearDuplicate(IdeaText earlier, double similarity, String why) {
    public NearDuplicate {
        Objects.requireNonNull(earlier, "earlier");
        Objects.requireNonNull(why, "why");
    }
}
