package dev.autoresearch.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link CodeMutator} made of a hypothesis: a change to apply, or the reason it could not
 * make one (the experiment is then recorded as {@link Status#INVALID} with that reason).
 */
public sealed interface MutationResult {

    /** Model tokens spent making the change (retries included). */
    TokenUsage usage();

    /**
     * A change was made.
     *
     * @param change      the files to write
     * @param usage       model tokens spent making it
     * @param implemented the hypothesis the change really implements, when it is not the one the
     *                    mutator was given: a model's corrected reply that proposes another change,
     *                    or an assignment made on code where the value it starts from has moved. The
     *                    loop records this one (its title, rationale and plan), so that a record always
     *                    names the code that was measured.
     * @param tried       the plans tried on the way that did not apply, oldest first (a model's replies
     *                    whose edits were sent back); kept with the others in {@code plans/<n>.txt}
     */
    record Applied(Change change, TokenUsage usage, Optional<Hypothesis> implemented, List<String> tried)
            implements MutationResult {
        public Applied {
            Objects.requireNonNull(change, "change");
            Objects.requireNonNull(usage, "usage");
            Objects.requireNonNull(implemented, "implemented");
            tried = List.copyOf(tried);
        }

        /** A change that implements {@code implemented} (when given), with nothing tried on the way. */
        public Applied(Change change, TokenUsage usage, Optional<Hypothesis> implemented) {
            this(change, usage, implemented, List.of());
        }

        /** A change that implements the hypothesis as given. */
        public Applied(Change change, TokenUsage usage) {
            this(change, usage, Optional.empty());
        }

        /** A change that implements the hypothesis as given, made without a model. */
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
