package dev.autoresearch.core;

import java.util.Objects;

/**
 * What a {@link CodeMutator} made of a hypothesis: a change to apply, or the reason it could not
 * make one (the experiment is then recorded as {@link Status#INVALID} with that reason).
 */
public sealed interface MutationResult {

    /** Model tokens spent making the change (retries included). */
    TokenUsage usage();

    /** A change was made. */
    record Applied(Change change, TokenUsage usage) implements MutationResult {
        public Applied {
            Objects.requireNonNull(change, "change");
            Objects.requireNonNull(usage, "usage");
        }

        public Applied(Change change) {
            this(change, TokenUsage.ZERO);
        }
    }

    /** No change could be made. */
    record Failed(String reason, TokenUsage usage) implements MutationResult {
        public Failed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(usage, "usage");
        }

        public Failed(String reason) {
            this(reason, TokenUsage.ZERO);
        }
    }
}
