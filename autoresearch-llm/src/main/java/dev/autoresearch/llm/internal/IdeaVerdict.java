package dev.autoresearch.llm.internal;

import java.util.Objects;

/** What comparing two ideas' words and changes decided: the same idea, different ideas, or not yet (ask the embedding). */
public sealed interface IdeaVerdict {
    /** The same idea: how alike (0 to 1) and why, in words for the model. */
    record Repeats(double similarity, String why) implements IdeaVerdict {
        public Repeats {
            Objects.requireNonNull(why, "why");
        }
    }

    /** Different ideas, whatever their words' embedding says. */
    record Differs(String why) implements IdeaVerdict {
        public Differs {
            Objects.requireNonNull(why, "why");
        }
    }

    /** Nothing in the changes or the words decides. */
    record Undecided() implements IdeaVerdict {
    }
}
