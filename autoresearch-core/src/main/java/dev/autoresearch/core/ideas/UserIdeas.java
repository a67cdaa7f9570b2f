package dev.autoresearch.core.ideas;

import dev.autoresearch.core.AutoresearchException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The user's own ideas, {@code ideas.md} beside {@code program.md}: one idea a line (a list's
 * {@code -}, {@code *}, {@code 1.} or {@code [ ]} in front is dropped; blank lines, headings and
 * HTML comments are skipped). The model is offered them first, one per proposal, until each is tried.
 *
 * @param file  where they were read from
 * @param ideas the ideas, in the file's order, each once
 */
public record UserIdeas(Path file, List<String> ideas) {
    /** The file's name, next to {@code program.md}. */
    public static final String FILE = "ideas.md";

    public UserIdeas {
        Objects.requireNonNull(file, "file");
        ideas = List.copyOf(ideas);
    }

    /** The ideas in {@code file}; none when it does not exist. */
    public static UserIdeas read(Path file) {
        if (!Files.exists(file)) {
            return new UserIdeas(file, List.of());
        }
        try {
            return new UserIdeas(file, parse(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new AutoresearchException("cannot read " + file + ": " + e.getMessage()
                    + "; fix its permissions, or move it away to run without the user's ideas", e);
        }
    }

    /** The ideas of {@code ideas.md}'s text. */
    public static List<String> parse(String text) {
        List<String> ideas = new ArrayList<>();
        boolean comment = false;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (comment || line.startsWith("<!--")) {
                comment = !line.contains("-->");
                continue;
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String idea = line.replaceFirst("^(?:[-*+]|\\d+[.)])\\s+", "").replaceFirst("^\\[[ xX]?]\\s*", "").strip();
            if (!idea.isEmpty() && !ideas.contains(idea)) {
                ideas.add(idea);
            }
        }
        return ideas;
    }

    /** The ideas no experiment of {@code ledger} tried yet, in the file's order. */
    public List<String> open(Collection<Idea> ledger) {
        Set<String> tried = ledger.stream().flatMap(i -> i.userIdea().stream()).collect(Collectors.toSet());
        return ideas.stream().filter(i -> !tried.contains(i)).toList();
    }
}
