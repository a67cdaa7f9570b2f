package dev.autoresearch.core.ideas;

import dev.autoresearch.core.Status;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** Ledger lines for tests. */
final class Ideas {
    private Ideas() {
    }

    /** Experiment {@code n} of {@code session}, made on {@code parent}, that changed {@code name} in {@code file}. */
    static Idea idea(String session, int n, String parent, String file, String name, String blobBefore, Status status) {
        String diff = "diff --git a/" + file + " b/" + file + "\nindex " + blobBefore + "..1234567 100644\n--- a/" + file
                + "\n+++ b/" + file + "\n@@ -1 +1 @@\n-" + name + " = 1\n+" + name + " = 2\n";
        return new Idea(session, n, "change " + name + " (" + n + ")", "because", ChangeSummary.of(diff), status,
                OptionalDouble.of(10 - n * 0.001), OptionalDouble.of(0.5), OptionalDouble.empty(), parent,
                "tree-of-" + parent, "commit-" + session + "-" + n, "tree-" + session + "-" + n, "worse",
                Optional.empty(), Instant.parse("2026-12-07T10:00:00Z"));
    }

    static Idea idea(String session, int n, String parent) {
        return idea(session, n, parent, "train.py", "lr", "abcdef1", Status.DISCARD);
    }

    static CodeLineage lineage(String champion, java.util.Set<String> ancestors, Map<String, String> blobs) {
        return new CodeLineage(champion, ancestors, blobs);
    }
}
