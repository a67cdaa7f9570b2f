package dev.autoresearch.core.internal.git;

import dev.autoresearch.core.ideas.CodeLineage;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads a champion's {@link CodeLineage} from git: the commits it descends from and the blob of each
 * of its files, in two git commands, for telling which tried ideas are worth trying again.
 */
public final class ChampionLineage {
    private ChampionLineage() {
    }

    /** The lineage of {@code champion} in the repository at {@code root}; unknown when git cannot say. */
    public static CodeLineage of(Path root, String champion) {
        Git git = new Git(root);
        Git.Result commits = git.tryRun("rev-list", champion);
        Git.Result files = git.tryRun("ls-tree", "-r", "--full-tree", champion);
        if (!commits.ok() || !files.ok()) {
            return CodeLineage.UNKNOWN;
        }
        Set<String> ancestors = new HashSet<>(commits.out().lines().map(String::strip).toList());
        Map<String, String> blobs = new HashMap<>();
        // "<mode> blob <id>\t<path>"
        files.out().lines().forEach(line -> {
            int tab = line.indexOf('\t');
            String[] head = line.substring(0, Math.max(tab, 0)).split(" ");
            if (tab > 0 && head.length == 3) {
                blobs.put(line.substring(tab + 1), head[2]);
            }
        });
        return new CodeLineage(champion, ancestors, blobs);
    }
}
