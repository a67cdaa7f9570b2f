package dev.autoresearch.host.report;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.Status;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The search a session made, as {@code status} and the report show it: the kept records (the
 * baseline first) and the discarded ones a tree went on from, as the nodes of a tree, each with the
 * experiments measured on it; the champion's lineage from the baseline; and in a session with islands
 * each island's champion and running best. Built once from a {@link ResearchState}, in two passes
 * over its records.
 */
public final class SearchTree {
    /**
     * A node and what was measured on it, in the order recorded.
     *
     * @param record   the kept record, the baseline, or a discarded one that experiments were made on
     * @param children the nodes measured on it
     * @param leaves   the other records measured on it (discarded, crashed, ...)
     */
    public record Node(ExperimentRecord record, List<ExperimentRecord> children, List<ExperimentRecord> leaves) {
        public Node {
            Objects.requireNonNull(record, "record");
            children = List.copyOf(children);
            leaves = List.copyOf(leaves);
        }

        /** The record's experiment number. */
        public int experiment() {
            return record.experiment();
        }
    }

    /**
     * One island of a session searching with islands.
     *
     * @param number      the island, from 1
     * @param champion    its last keep (the baseline until it has one), where {@code refs/autoresearch/<tag>/island-<i>} points
     * @param keeps       its keeps in the order recorded: the steps of its running best
     * @param experiments how many experiments it measured
     */
    public record Island(int number, ExperimentRecord champion, List<ExperimentRecord> keeps, int experiments) {
        public Island {
            Objects.requireNonNull(champion, "champion");
            keeps = List.copyOf(keeps);
        }
    }

    private final Map<Integer, Node> nodes;
    private final List<Node> ordered;
    private final Map<Integer, Integer> parents;
    private final List<ExperimentRecord> lineage;
    private final List<Island> islands;

    private SearchTree(Map<Integer, Node> nodes, Map<Integer, Integer> parents, List<ExperimentRecord> lineage,
                       List<Island> islands) {
        this.nodes = nodes;
        this.ordered = List.copyOf(nodes.values());
        this.parents = parents;
        this.lineage = lineage;
        this.islands = islands;
    }

    /** The tree of {@code state}'s records; empty of nodes until the baseline is recorded. */
    public static SearchTree of(ResearchState state) {
        Objects.requireNonNull(state, "state");
        List<ExperimentRecord> history = state.history();
        // Each record's parent among the records before it (a tree starts only from what was measured).
        Map<Integer, Integer> parentOf = new HashMap<>();
        Set<Integer> isNode = new HashSet<>();
        for (ExperimentRecord r : history) {
            if (r.isBaseline() || r.status() == Status.KEEP) {
                isNode.add(r.experiment());
            }
            Optional<ExperimentRecord> parent = state.parentOf(r);
            if (parent.isPresent()) {
                int p = parentOf.containsKey(parent.get().experiment()) || parent.get().isBaseline()
                        ? parent.get().experiment() : history.get(0).experiment();
                parentOf.put(r.experiment(), p);
                isNode.add(p); // a discard a tree went on from is a node too
            } else {
                parentOf.put(r.experiment(), -1);
            }
        }
        Map<Integer, List<ExperimentRecord>> children = new HashMap<>();
        Map<Integer, List<ExperimentRecord>> leaves = new HashMap<>();
        Map<Integer, Integer> parents = new HashMap<>();
        for (ExperimentRecord r : history) {
            int p = parentOf.get(r.experiment());
            boolean node = isNode.contains(r.experiment());
            if (p >= 0) {
                (node ? children : leaves).computeIfAbsent(p, k -> new ArrayList<>()).add(r);
                if (node) {
                    parents.put(r.experiment(), p);
                }
            }
        }
        Map<Integer, Node> nodes = new LinkedHashMap<>();
        for (ExperimentRecord r : history) {
            int n = r.experiment();
            if (isNode.contains(n)) {
                nodes.put(n, new Node(r, children.getOrDefault(n, List.of()), leaves.getOrDefault(n, List.of())));
            }
        }
        return new SearchTree(Collections.unmodifiableMap(nodes), parents, lineage(state, nodes, parents),
                islands(state));
    }

    /** Each island of the records, by number; none in a session without islands. */
    private static List<Island> islands(ResearchState state) {
        Map<Integer, List<ExperimentRecord>> keeps = new TreeMap<>();
        Map<Integer, Integer> counts = new TreeMap<>();
        for (ExperimentRecord r : state.history()) {
            if (r.island() > 0) {
                counts.merge(r.island(), 1, Integer::sum);
                List<ExperimentRecord> kept = keeps.computeIfAbsent(r.island(), i -> new ArrayList<>());
                if (r.status() == Status.KEEP) {
                    kept.add(r);
                }
            }
        }
        List<Island> out = new ArrayList<>(counts.size());
        counts.forEach((i, count) -> {
            List<ExperimentRecord> kept = keeps.get(i);
            ExperimentRecord champion = kept.isEmpty() ? state.baseline().orElseThrow() : kept.get(kept.size() - 1);
            out.add(new Island(i, champion, kept, count));
        });
        return List.copyOf(out);
    }

    /** From the champion up through each node's parent to the baseline, then turned baseline first. */
    private static List<ExperimentRecord> lineage(ResearchState state, Map<Integer, Node> nodes,
                                                  Map<Integer, Integer> parents) {
        List<ExperimentRecord> up = new ArrayList<>();
        Optional<ExperimentRecord> at = state.best().filter(b -> nodes.containsKey(b.experiment()));
        while (at.isPresent() && up.size() <= nodes.size()) {
            up.add(at.get());
            at = Optional.ofNullable(parents.get(at.get().experiment())).map(p -> nodes.get(p).record());
        }
        Collections.reverse(up);
        return List.copyOf(up);
    }

    /** The nodes, in the order recorded: the baseline first. */
    public List<Node> nodes() {
        return ordered;
    }

    /** The node of experiment {@code n}, when it is one. */
    public Optional<Node> node(int n) {
        return Optional.ofNullable(nodes.get(n));
    }

    /** The node {@code node} was measured on; empty for the baseline. */
    public Optional<Node> parent(Node node) {
        return Optional.ofNullable(parents.get(node.experiment())).map(nodes::get);
    }

    /** The champion's lineage: the baseline first, the champion last; empty before the baseline. */
    public List<ExperimentRecord> lineage() {
        return lineage;
    }

    /** The islands, by number; empty in a session without islands. */
    public List<Island> islands() {
        return islands;
    }

    /**
     * Whether the search left one hill: the session has islands, or some node has more than one node
     * under it. A greedy session's tree is a chain, which the kept changes already show in order.
     */
    public boolean branches() {
        return !islands.isEmpty() || ordered.stream().anyMatch(n -> n.children().size() > 1);
    }
}
