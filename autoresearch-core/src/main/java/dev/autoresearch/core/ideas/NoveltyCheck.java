package dev.autoresearch.core.ideas;

import java.util.List;
import java.util.Optional;

/**
 * Tells whether a proposed idea is a near-duplicate of one already measured, before a run is spent on it.
 */
@FunctionalInterface
public interface NoveltyCheck {
    /**
     * The measured idea that {@code candidate} repeats, if any.
     *
     * @param candidate the idea proposed now
     * @param measured  ideas measured already, in this session and earlier ones
     * @return the earlier idea it repeats, or empty when it is new
     */
    java.util.Optional<NearDuplicate> nearest(IdeaText candidate, List<IdeaText> measured);

    /** A check that finds nothing: every idea is new (the key {@code novelty: 0}). */
    static NoveltyCheck none() {
        return (candidate, measured) -> Optional.empty();
    }
}
