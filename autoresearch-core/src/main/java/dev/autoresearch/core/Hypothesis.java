package dev.autoresearch.core;

import java.util.Objects;

/**
 * An idea to try: a one-line title (it becomes the commit subject and the results.tsv
 * description), the reasoning behind it, and an optional plan that a matching {@link CodeMutator}
 * turns into a change (an LLM reply's edit blocks, a parameter assignment).
 *
 * @param title     one line, not blank
 * @param rationale why this might help; may be empty
 * @param plan      what the mutator needs to implement it; may be empty
 * @param usage     model tokens spent proposing it
 */
public record Hypothesis(String title, String rationale, String plan, TokenUsage usage) {
    public Hypothesis {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(rationale, "rationale");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(usage, "usage");
        title = title.strip().replaceAll("[\\r\\n\\t]+", " ");
        if (title.isEmpty()) {
            throw new IllegalArgumentException("a hypothesis needs a title");
        }
    }

    /** A hypothesis with a title and a rationale, no plan, no token usage. */
    public Hypothesis(String title, String rationale) {
        this(title, rationale, "", TokenUsage.ZERO);
    }

    /** A hypothesis with a title, a rationale and a plan for the mutator, no token usage. */
    public static Hypothesis of(String title, String rationale, String plan) {
        return new Hypothesis(title, rationale, plan, TokenUsage.ZERO);
    }

    /** The hypothesis recorded for experiment 0, the unchanged code. */
    public static Hypothesis baseline() {
        return new Hypothesis("baseline", "the code as it was when the session started");
    }
}
