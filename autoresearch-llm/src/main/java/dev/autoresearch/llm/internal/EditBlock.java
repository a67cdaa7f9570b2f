package dev.autoresearch.llm.internal;

import java.util.Objects;

/**
 * One SEARCH/REPLACE block of a model's reply: replace {@code search} with {@code replace} in the
 * file at {@code path}. Both texts use {@code \n} line ends and end with one when not empty.
 *
 * @param number  the block's position in the reply, from 1
 * @param path    the file name as the model wrote it, {@code /} separators
 * @param search  the text to find; empty to create a new file
 * @param replace the text to put in its place
 */
public record EditBlock(int number, String path, String search, String replace) {
    public EditBlock {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(search, "search");
        Objects.requireNonNull(replace, "replace");
    }
}
