package dev.autoresearch.core.ideas;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where the champion stands, for telling which tried ideas are worth trying again: the commits it
 * descends from, and the blob of each of its files. Empty (knowing nothing) marks nothing.
 *
 * @param champion  the champion's commit
 * @param ancestors the champion and every commit it descends from
 * @param blobs     the blob id of each file of the champion, by path
 */
public record CodeLineage(String champion, Set<String> ancestors, Map<String, String> blobs) {
    /** A lineage that knows nothing: no idea is marked as worth retrying. */
    public static final CodeLineage UNKNOWN = new CodeLineage("", Set.of(), Map.of());

    public CodeLineage {
        Objects.requireNonNull(champion, "champion");
        ancestors = Set.copyOf(ancestors);
        blobs = Map.copyOf(blobs);
    }

    /**
     * True when the champion moved far from where {@code idea} was tried: its parent is not an
     * ancestor of the champion, or a file it changed is no longer as it was then.
     */
    public boolean movedFrom(Idea idea) {
        if (champion.isEmpty() || idea.parent().equals(champion)) {
            return false;
        }
        if (!ancestors.contains(idea.parent())) {
            return true;
        }
        for (Map.Entry<String, String> file : idea.change().before().entrySet()) {
            String now = blobs.get(file.getKey());
            if (now == null || !now.startsWith(file.getValue())) {
                return true;
            }
        }
        return false;
    }
}
