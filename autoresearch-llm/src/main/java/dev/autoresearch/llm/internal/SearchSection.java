package dev.autoresearch.llm.internal;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.SearchView;

import java.util.List;
import java.util.Optional;

/**
 * Writes where the experiment starts when the search goes beyond one hill: the node (when it is not
 * the champion), its lineage of kept changes, what was tried from it and what other branches or
 * islands found, so that ideas travel; and, on a plateau, the explicit ask for a different kind of
 * change. Bounded, so it is as long at experiment 1,000 as at 20. Under a greedy search off a plateau
 * it writes nothing: the champion's code and the history say it all.
 */
final class SearchSection {
    static final int LINEAGE = 8;
    static final int TRIED = 8;

    private SearchSection() {
    }

    static void write(StringBuilder sb, SearchView view, ResearchState state) {
        Optional<ExperimentRecord> start = view.start();
        if (start.isEmpty()) {
            return;
        }
        ExperimentRecord node = start.get();
        boolean champion = state.best().map(b -> b.experiment() == node.experiment()).orElse(true);
        if (champion && view.island() == 0 && !view.plateau() && view.elsewhere().isEmpty()) {
            return;
        }
        sb.append("# Where this experiment starts\n\n");
        sb.append("The files above are those of ").append(describe(node))
                .append(view.island() > 0 ? ", the champion of island " + view.island() : "")
                .append(champion ? ", the best so far" : ", not the best so far: the search explores beyond it")
                .append(". Your change is measured against it.\n");
        List<ExperimentRecord> lineage = view.lineage();
        if (lineage.size() > 1) {
            sb.append("\nHow it was reached from the baseline:");
            int from = Math.max(1, lineage.size() - LINEAGE);
            if (from > 1) {
                sb.append(" ... ").append(from - 1).append(" earlier,");
            }
            for (ExperimentRecord r : lineage.subList(from, lineage.size())) {
                sb.append("\n- ").append(describe(r));
            }
            sb.append('\n');
        }
        List<ExperimentRecord> tried = view.triedFrom();
        if (!tried.isEmpty()) {
            sb.append("\nTried from it already (").append(tried.size()).append("):");
            for (ExperimentRecord r : tried.subList(Math.max(0, tried.size() - TRIED), tried.size())) {
                sb.append("\n- ").append(describe(r)).append(", ").append(r.status().keyword());
            }
            sb.append('\n');
        }
        if (!view.elsewhere().isEmpty()) {
            sb.append("\nWhat other branches found (their best kept changes; an idea of theirs may work here too):");
            for (ExperimentRecord r : view.elsewhere()) {
                sb.append("\n- ").append(describe(r)).append(r.island() > 0 ? " on island " + r.island() : "");
            }
            sb.append('\n');
        }
        if (view.plateau()) {
            sb.append("\n# A plateau\n\nThe last ").append(state.sinceLastKeep())
                    .append(" experiments brought no keep: the kind of change tried so far has run out here. Propose"
                            + " a different kind of change from those tried above (another part of the program,"
                            + " another mechanism), not a variation of them.\n");
        }
        sb.append('\n');
    }

    private static String describe(ExperimentRecord r) {
        String what = r.isBaseline() ? "the baseline" : "experiment " + r.experiment() + " (\""
                + PromptBuilder.shorten(r.hypothesis().title()) + "\")";
        return what + (r.metric().isPresent() ? " at " + PromptBuilder.number(r.metric().getAsDouble()) : "");
    }
}
