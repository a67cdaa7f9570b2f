package dev.autoresearch.host;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.host.report.SearchTree;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The search in a few of {@code status}'s lines, for a session that left one hill: how many nodes
 * the tree has, the champion's lineage ({@code #0 -> #3 -> #11 -> #19}), and each island's best. A
 * greedy session gets none: its lineage is its kept changes in order. In ASCII, as the other lines:
 * a console or a build log in another code page shows them as written.
 */
final class SearchLines {
    /** The lineage's nodes named at most: the baseline and the latest, the others counted. */
    static final int LINEAGE_SHOWN = 12;

    private SearchLines() {
    }

    /** The lines, without their indent; none when the search did not branch. */
    static List<String> of(SearchTree tree) {
        if (!tree.branches()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        int nodes = tree.nodes().size();
        lines.add(String.format(Locale.ROOT, "search: %d node%s, the champion's lineage %s", nodes,
                nodes == 1 ? "" : "s", lineage(tree.lineage())));
        for (SearchTree.Island i : tree.islands()) {
            ExperimentRecord champion = i.champion();
            String best = champion.metric().isPresent() ? Format.metric(champion.metric().getAsDouble()) : "-";
            lines.add(String.format(Locale.ROOT, "island %d: best %s (#%d), %d experiment%s", i.number(), best,
                    champion.experiment(), i.experiments(), i.experiments() == 1 ? "" : "s"));
        }
        return lines;
    }

    /** {@code #0 -> #3 -> #7}; a long one as {@code #0 -> ... 588 more -> #9440 -> ...}. */
    private static String lineage(List<ExperimentRecord> lineage) {
        List<String> names = new ArrayList<>();
        int from = lineage.size() <= LINEAGE_SHOWN ? 0 : lineage.size() - (LINEAGE_SHOWN - 1);
        if (from > 0) {
            names.add("#" + lineage.get(0).experiment());
            names.add("... " + (from - 1) + " more");
        }
        lineage.subList(from, lineage.size()).forEach(r -> names.add("#" + r.experiment()));
        return String.join(" -> ", names);
    }
}
