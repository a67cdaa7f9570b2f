package dev.autoresearch.core.ideas;

import java.util.Objects;

/**
 * An idea as a novelty check compares it: who it is ({@code id}, for example {@code "2026-12-07/14"} for
 * experiment 14 of session 2026-12-07), the strategy's hypothesis in words, and the change it made as a
 * unified diff against its parent (empty when not yet made).
 */
public record IdeaText(String id, String hypothesis, String change) {
    public IdeaText {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(hypothesis, "hypothesis");
        Objects.requireNonNull(change, "change");
    }
}
