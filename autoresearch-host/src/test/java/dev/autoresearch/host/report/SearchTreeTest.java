package dev.autoresearch.host.report;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.Status;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.autoresearch.host.report.Records.record;
import static org.assertj.core.api.Assertions.assertThat;

class SearchTreeTest {

    static List<Integer> numbers(List<ExperimentRecord> records) {
        return records.stream().map(ExperimentRecord::experiment).toList();
    }

    @Test
    void theKeptRecordsAreTheNodesEachWithTheNodesAndLeavesMeasuredOnIt() {
        SearchTree tree = SearchTree.of(ResearchState.of(TreeSession.records()));

        assertThat(tree.nodes()).extracting(SearchTree.Node::experiment).containsExactly(0, 1, 3, 4, 7);
        SearchTree.Node baseline = tree.node(0).orElseThrow();
        assertThat(numbers(baseline.children())).containsExactly(1, 3);
        assertThat(numbers(baseline.leaves())).containsExactly(2);
        assertThat(numbers(tree.node(3).orElseThrow().children())).containsExactly(7);
        assertThat(numbers(tree.node(3).orElseThrow().leaves())).containsExactly(5);
        assertThat(numbers(tree.node(4).orElseThrow().leaves())).containsExactly(6);
        assertThat(tree.node(2)).as("a discarded record is a leaf, not a node").isEmpty();
        assertThat(tree.parent(tree.node(7).orElseThrow()).map(SearchTree.Node::experiment)).hasValue(3);
        assertThat(tree.parent(baseline)).isEmpty();
    }

    @Test
    void theLineageRunsFromTheBaselineThroughEachParentToTheChampion() {
        SearchTree tree = SearchTree.of(ResearchState.of(TreeSession.records()));

        assertThat(numbers(tree.lineage())).as("not #1 or #4, kept on the other branch").containsExactly(0, 3, 7);
        assertThat(tree.branches()).isTrue();
        assertThat(tree.islands()).isEmpty();
    }

    @Test
    void aDiscardATreeWentOnFromIsANodeWithWhatWasMadeOnIt() {
        List<ExperimentRecord> records = new ArrayList<>(TreeSession.records());
        // #8 starts from #2, a discard with a metric, and is kept against it; #9 crashes on #2.
        records.add(record(8, "smaller batch, longer warmup", Status.KEEP, 0.98, 60_000, "")
                .withParent(records.get(2).commit()).toBuilder().champion(false).build());
        records.add(record(9, "smaller batch, no dropout", Status.CRASH, null, 60_000, "")
                .withParent(records.get(2).commit()));
        SearchTree tree = SearchTree.of(ResearchState.of(records));

        assertThat(tree.nodes()).extracting(SearchTree.Node::experiment).containsExactly(0, 1, 2, 3, 4, 7, 8);
        SearchTree.Node discard = tree.node(2).orElseThrow();
        assertThat(numbers(discard.children())).containsExactly(8);
        assertThat(numbers(discard.leaves())).containsExactly(9);
        assertThat(numbers(tree.node(0).orElseThrow().children())).as("no longer a leaf of the baseline")
                .containsExactly(1, 2, 3);
        assertThat(tree.node(0).orElseThrow().leaves()).isEmpty();
        assertThat(numbers(tree.lineage())).containsExactly(0, 3, 7);
    }

    @Test
    void aGreedySessionIsAChainThatDoesNotBranch() {
        List<ExperimentRecord> records = new ArrayList<>();
        String parent = "base";
        for (int n = 0; n <= 6; n++) {
            ExperimentRecord r = record(n, "idea " + n, n % 2 == 0 ? Status.KEEP : Status.DISCARD, 1.0 - n * 0.01,
                    60_000, "").withParent(parent);
            records.add(r);
            if (r.status() == Status.KEEP) {
                parent = r.commit();
            }
        }
        SearchTree tree = SearchTree.of(ResearchState.of(records));

        assertThat(tree.branches()).isFalse();
        assertThat(numbers(tree.lineage())).containsExactly(0, 2, 4, 6);
        assertThat(tree.nodes()).allMatch(n -> n.children().size() <= 1 && n.leaves().size() <= 1);
    }

    @Test
    void eachIslandHasItsLastKeepAsChampionItsKeepsAsItsRunningBestAndItsCount() {
        SearchTree tree = SearchTree.of(ResearchState.of(TreeSession.islands()));

        assertThat(tree.islands()).extracting(SearchTree.Island::number).containsExactly(1, 2);
        SearchTree.Island one = tree.islands().get(0);
        assertThat(one.champion().experiment()).as("the migration kept last").isEqualTo(7);
        assertThat(numbers(one.keeps())).containsExactly(1, 5, 7);
        assertThat(one.experiments()).isEqualTo(4);
        SearchTree.Island two = tree.islands().get(1);
        assertThat(two.champion().experiment()).as("its own champion, not the session's").isEqualTo(4);
        assertThat(numbers(two.keeps())).containsExactly(2, 4);
        assertThat(two.experiments()).isEqualTo(3);
        assertThat(numbers(tree.lineage())).containsExactly(0, 1, 5, 7);
        assertThat(tree.branches()).isTrue();
    }

    @Test
    void anIslandWithoutAKeepHasTheBaselineAsItsChampion() {
        List<ExperimentRecord> records = List.of(TreeSession.islands().get(0), TreeSession.islands().get(1),
                TreeSession.islands().get(3).toBuilder().island(2).build());
        SearchTree tree = SearchTree.of(ResearchState.of(records));

        assertThat(tree.islands().get(1).champion().isBaseline()).isTrue();
        assertThat(tree.islands().get(1).keeps()).isEmpty();
    }

    @Test
    void beforeTheBaselineThereIsNothing() {
        SearchTree tree = SearchTree.of(ResearchState.empty());

        assertThat(tree.nodes()).isEmpty();
        assertThat(tree.lineage()).isEmpty();
        assertThat(tree.branches()).isFalse();
    }
}
