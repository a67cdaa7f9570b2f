package dev.autoresearch.host.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Status;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The page's "Search" section as data: the tree's nodes (each with its parent, metric, and how many
 * experiments were tried from it; a discarded node with its status), the champion's lineage, and the
 * islands with their running best. Only for a search that left one hill ({@link SearchTree#branches()}): a greedy session's tree is the
 * chain of kept changes the page lists already. At most {@link #MAX_NODES} nodes are shown, so that
 * the section keeps its size at any session's length: the lineage, the islands' champions, then the
 * best nodes, each with the nodes above it; a shown node counts the nodes left out below it.
 */
final class SearchTreeModel {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The most nodes the page draws. */
    static final int MAX_NODES = 300;
    /** The most steps of an island's running best the page draws: the latest. */
    static final int MAX_STEPS = 20;
    private static final int TITLE_LENGTH = 80;

    private SearchTreeModel() {
    }

    /** The section's data for {@code tree}; empty when the search did not branch. */
    static Optional<ObjectNode> of(SearchTree tree, Direction direction) {
        if (!tree.branches()) {
            return Optional.empty();
        }
        List<SearchTree.Node> shown = shownNodes(tree, direction);
        Set<Integer> numbers = new LinkedHashSet<>();
        shown.forEach(n -> numbers.add(n.experiment()));
        ObjectNode root = JSON.createObjectNode();
        root.put("nodesTotal", tree.nodes().size());
        // The lineage as far as it is drawn (it is all drawn unless it is longer than the section), and its length.
        root.put("lineageLength", tree.lineage().size());
        ArrayNode lineage = root.putArray("lineage");
        tree.lineage().stream().filter(r -> numbers.contains(r.experiment())).forEach(r -> lineage.add(r.experiment()));
        Map<Integer, Integer> hidden = hiddenUnder(tree, numbers);
        ArrayNode nodes = root.putArray("nodes");
        for (SearchTree.Node n : shown) {
            ObjectNode o = node(tree, n);
            int left = hidden.getOrDefault(n.experiment(), 0);
            if (left > 0) {
                o.put("hidden", left);
            }
            nodes.add(o);
        }
        ArrayNode islands = root.putArray("islands");
        for (SearchTree.Island i : tree.islands()) {
            islands.add(island(i));
        }
        return Optional.of(root);
    }

    /**
     * The nodes drawn, in the order recorded: the lineage (its latest {@link #MAX_NODES} and the
     * baseline, when it is longer), the islands' champions, then the best of the others, each with
     * its ancestors, while they fit.
     */
    private static List<SearchTree.Node> shownNodes(SearchTree tree, Direction direction) {
        Set<Integer> chosen = new LinkedHashSet<>();
        List<ExperimentRecord> lineage = tree.lineage();
        if (!lineage.isEmpty()) {
            chosen.add(lineage.get(0).experiment());
        }
        for (int i = Math.max(1, lineage.size() - (MAX_NODES - 1)); i < lineage.size(); i++) {
            chosen.add(lineage.get(i).experiment());
        }
        List<SearchTree.Node> candidates = new ArrayList<>();
        tree.islands().forEach(i -> tree.node(i.champion().experiment()).ifPresent(candidates::add));
        tree.nodes().stream().filter(n -> n.record().metric().isPresent())
                .sorted(Comparator.comparingDouble((SearchTree.Node n) -> n.record().metric().getAsDouble()
                        * (direction == Direction.MINIMIZE ? 1 : -1)))
                .forEach(candidates::add);
        for (SearchTree.Node candidate : candidates) {
            if (chosen.size() >= MAX_NODES) {
                break;
            }
            List<Integer> path = new ArrayList<>();
            for (Optional<SearchTree.Node> at = Optional.of(candidate); at.isPresent() && !chosen.contains(at.get().experiment());
                 at = tree.parent(at.get())) {
                path.add(at.get().experiment());
            }
            if (chosen.size() + path.size() <= MAX_NODES) {
                chosen.addAll(path);
            }
        }
        return tree.nodes().stream().filter(n -> chosen.contains(n.experiment())).toList();
    }

    /** For each shown node, how many nodes left out have it as their nearest shown ancestor: each is counted once. */
    private static Map<Integer, Integer> hiddenUnder(SearchTree tree, Set<Integer> shown) {
        Map<Integer, Integer> nearestShown = new HashMap<>();
        Map<Integer, Integer> hidden = new HashMap<>();
        for (SearchTree.Node n : tree.nodes()) { // in the order recorded: a parent before its children
            if (shown.contains(n.experiment())) {
                nearestShown.put(n.experiment(), n.experiment());
                continue;
            }
            Optional<Integer> above = tree.parent(n).map(p -> nearestShown.get(p.experiment()));
            above.ifPresent(a -> {
                nearestShown.put(n.experiment(), a);
                hidden.merge(a, 1, Integer::sum);
            });
        }
        return hidden;
    }

    private static ObjectNode node(SearchTree tree, SearchTree.Node n) {
        ExperimentRecord r = n.record();
        ObjectNode o = JSON.createObjectNode();
        o.put("n", r.experiment());
        Optional<SearchTree.Node> parent = tree.parent(n);
        parent.ifPresent(p -> o.put("parent", p.experiment()));
        o.put("title", ReportNumbers.truncate(r.hypothesis().title(), TITLE_LENGTH));
        ReportModel.putMetric(o, "metric", r.metric());
        parent.flatMap(p -> p.record().metric().isPresent() && r.metric().isPresent()
                        ? Optional.of(ReportNumbers.change(r.metric().getAsDouble(), p.record().metric().getAsDouble()))
                        : Optional.empty())
                .ifPresent(c -> ReportModel.putMetric(o, "change", c));
        o.put("leaves", n.leaves().size());
        if (r.status() != Status.KEEP) {
            o.put("status", r.status().keyword()); // a discard the tree went on from
        }
        if (r.island() > 0) {
            o.put("island", r.island());
        }
        return o;
    }

    private static ObjectNode island(SearchTree.Island i) {
        ObjectNode o = JSON.createObjectNode();
        o.put("island", i.number());
        o.put("champion", i.champion().experiment());
        ReportModel.putMetric(o, "best", i.champion().metric());
        o.put("experiments", i.experiments());
        ArrayNode steps = o.putArray("steps");
        List<ExperimentRecord> keeps = i.keeps();
        for (ExperimentRecord k : keeps.subList(Math.max(0, keeps.size() - MAX_STEPS), keeps.size())) {
            ObjectNode step = steps.addObject();
            step.put("n", k.experiment());
            ReportModel.putMetric(step, "metric", k.metric());
        }
        o.put("stepsOmitted", Math.max(0, keeps.size() - MAX_STEPS));
        return o;
    }
}
