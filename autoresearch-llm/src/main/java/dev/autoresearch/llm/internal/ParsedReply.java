package dev.autoresearch.llm.internal;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a model's reply says: the hypothesis title and rationale when present, its edit blocks, and
 * the format problems found while reading it (a block without a file name, a missing marker).
 *
 * @param title     the text after {@code HYPOTHESIS:}, if the reply has one
 * @param rationale the text after {@code RATIONALE:}, possibly empty
 * @param blocks    the well-formed edit blocks, in order
 * @param problems  one sentence per malformed block
 */
public record ParsedReply(Optional<String> title, String rationale, List<EditBlock> blocks, List<String> problems) {
    public ParsedReply {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(rationale, "rationale");
        blocks = List.copyOf(blocks);
        problems = List.copyOf(problems);
    }
}
