package dev.autoresearch.llm;

import dev.autoresearch.core.ideas.IdeaText;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The labelled pairs of ideas in {@code novelty/labelled-pairs.txt} (and the held-out ones beside it): an idea
 * measured earlier, a proposal, and whether the proposal repeats it. Each change written there as {@code file: old >> new} becomes a unified diff.
 */
public final class LabelledIdeaPairs {
    /** One pair: its kind (paraphrase, tweak, opposite...), whether it is a duplicate, and the two ideas. */
    public record Pair(int line, String kind, boolean duplicate, IdeaText earlier, IdeaText proposal) {
    }

    private LabelledIdeaPairs() {
    }

    /** Every pair in {@code labelled-pairs.txt}, in order. */
    public static List<Pair> load() {
        return load("labelled-pairs.txt");
    }

    /** Every pair in {@code file} (beside {@code labelled-pairs.txt}), in order. */
    public static List<Pair> load(String file) {
        String text;
        try (InputStream in = LabelledIdeaPairs.class.getResourceAsStream("/novelty/" + file)) {
            if (in == null) {
                throw new IllegalStateException("novelty/" + file + " is not on the test class path");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Pair> pairs = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = (line + " ").split(" \\| ", -1);
            if (f.length != 6 || !f[1].strip().matches("duplicate|distinct")) {
                throw new IllegalArgumentException("novelty/" + file + " line " + (i + 1)
                        + ": expected kind | duplicate or distinct | hypothesis | change | hypothesis | change, got: "
                        + line);
            }
            int number = i + 1;
            pairs.add(new Pair(number, f[0].strip(), f[1].strip().equals("duplicate"),
                    new IdeaText("earlier/" + number, f[2].strip(), diff(f[3].strip())),
                    new IdeaText("proposal/" + number, f[4].strip(), diff(f[5].strip()))));
        }
        return pairs;
    }

    /** {@code file: old >> new ;; file: old >> new} as a unified diff, a hunk per line changed. */
    static String diff(String changes) {
        if (changes.isEmpty()) {
            return "";
        }
        StringBuilder diff = new StringBuilder();
        for (String change : changes.split(" ;; ")) {
            int colon = change.indexOf(": ");
            int arrow = change.indexOf(" >> ");
            if (colon < 0 || arrow < colon) {
                throw new IllegalArgumentException("a change is 'file: old line >> new line', got: " + change);
            }
            String file = change.substring(0, colon);
            diff.append("--- a/").append(file).append("\n+++ b/").append(file).append('\n')
                    .append("@@ -10,3 +10,3 @@\n unchanged before\n-").append(change, colon + 2, arrow)
                    .append("\n+").append(change.substring(arrow + 4)).append("\n unchanged after\n");
        }
        return diff.toString();
    }
}
