package dev.autoresearch.core.search;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.PendingExperiment;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.Status;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.autoresearch.core.testing.TestRecords.record;
import static org.assertj.core.api.Assertions.assertThat;

/** The selection rules of the search policies, on scripted node values. */
class SearchPoliciesTest {
    /** Minimize: the baseline at 10, node #1 at 8 (the champion), node #2 at 9 kept from the baseline but not crowned. */
    static List<ExperimentRecord> tree() {
        List<ExperimentRecord> r = new ArrayList<>();
        r.add(node(0, "c0", "c0", 10.0, true));
        r.add(node(1, "c1", "c0", 8.0, true));
        r.add(node(2, "c2", "c0", 9.0, false));
        return r;
    }

    static ExperimentRecord node(int n, String commit, String parent, double metric, boolean champion) {
        return record(n).commit(commit).parent(parent).metric(metric).champion(champion).build();
    }

    /** A try of {@code parent} that crashed: a visit of it, and no node of its own. */
    static ExperimentRecord tried(int n, String parent) {
        return record(n).commit("d" + n).parent(parent).status(Status.CRASH).build();
    }

    static StartRequest request(int n) {
        return new StartRequest(n, Direction.MINIMIZE, Set.of(), false);
    }

    static ResearchState state(List<ExperimentRecord> records) {
        return ResearchState.of(records);
    }

    @Test
    void withoutExplorationTheTreeStartsFromTheBestNodeHoweverOftenItWasTried() {
        List<ExperimentRecord> r = tree();
        for (int i = 3; i < 13; i++) {
            r.add(tried(i, "c1"));
        }
        assertThat(SearchPolicies.tree(0).start(state(r), request(13)).orElseThrow().node().experiment()).isEqualTo(1);
    }

    @Test
    void theTreeClimbsFromTheChampionWhileTheStrategyHasSomethingLeftThere() {
        List<ExperimentRecord> r = tree();
        for (int i = 3; i < 23; i++) {
            r.add(tried(i, "c1"));
        }
        r.add(record(23).commit("d23").parent("c1").status(Status.DISCARD).metric(8.5).build());
        // A flat bound over every node took the untried discard #23 (0.75 + 0.5 * sqrt(ln 22)) over c1.
        assertThat(SearchPolicies.tree(0.5).start(state(r), request(24)).orElseThrow().node().experiment())
                .as("the champion, tried 21 times, is not set aside: the tree climbs as greedy does").isEqualTo(1);
    }

    @Test
    void onceTheChampionIsSetAsideExplorationWeighsTheOtherNodes() {
        List<ExperimentRecord> r = tree();
        for (int i = 3; i < 23; i++) {
            r.add(tried(i, "c2"));
        }
        StartRequest championAside = new StartRequest(23, Direction.MINIMIZE, Set.of("c1"), false);
        assertThat(SearchPolicies.tree(0).start(state(r), championAside).orElseThrow().node().experiment())
                .as("without exploration, the best other node").isEqualTo(2);
        // Scaled over c0 and c2, c0 tried twice (#1, #2): c2 1 + 2 sqrt(ln 23 / 21) = 1.77, c0 0 + 2 sqrt(ln 23 / 3) = 2.04.
        assertThat(SearchPolicies.tree(2).start(state(r), championAside).orElseThrow().node().experiment())
                .isEqualTo(0);
    }

    @Test
    void aDiscardedExperimentWithItsMetricIsANodeTheTreeMayStartFrom() {
        List<ExperimentRecord> r = tree();
        r.add(record(3).commit("d3").parent("c1").status(Status.DISCARD).metric(8.1).build());
        r.add(tried(4, "c1"));
        r.add(tried(5, "c2"));
        r.add(tried(6, "c0"));
        StartRequest championAside = new StartRequest(7, Direction.MINIMIZE, Set.of("c1"), false);
        assertThat(SearchPolicies.tree(0.5).start(state(r), championAside).orElseThrow().node().experiment())
                .as("untried, and almost as good as the champion").isEqualTo(3);
    }

    @Test
    void aProposalUnderWayCountsAsATryOfItsNode() {
        List<ExperimentRecord> r = tree();
        ResearchState s = state(r);
        for (int i = 3; i < 23; i++) {
            s = s.withPending(PendingExperiment.builder().experiment(i).hypothesis(new Hypothesis("p" + i, ""))
                    .strategy("test").parent("c2").proposedAt(Instant.EPOCH).build());
        }
        StartRequest championAside = new StartRequest(23, Direction.MINIMIZE, Set.of("c1"), false);
        assertThat(SearchPolicies.tree(2).start(s, championAside).orElseThrow().node().experiment()).isEqualTo(0);
    }

    @Test
    void onAPlateauTheTreeTakesTheOtherNodeOfTheHighestBound() {
        List<ExperimentRecord> r = tree();
        for (int i = 3; i < 6; i++) {
            r.add(tried(i, "c2"));
        }
        StartRequest plateau = new StartRequest(6, Direction.MINIMIZE, Set.of(), true);
        // The least explored node, the baseline, was taken before: the poorest node, not the next hill.
        assertThat(SearchPolicies.tree(0).start(state(r), plateau).orElseThrow().node().experiment())
                .as("the best node other than the champion").isEqualTo(2);
        List<ExperimentRecord> alone = List.of(node(0, "c0", "c0", 10.0, true));
        assertThat(SearchPolicies.tree(0).start(state(alone), plateau).orElseThrow().node().experiment())
                .as("the champion when it is the only node").isEqualTo(0);
    }

    @Test
    void aNodeSetAsideIsNotStartedFromAndWithEveryNodeSetAsideThereIsNoStart() {
        StartRequest aside = new StartRequest(3, Direction.MINIMIZE, Set.of("c1"), false);
        assertThat(SearchPolicies.tree(0).start(state(tree()), aside).orElseThrow().node().experiment()).isEqualTo(2);
        StartRequest all = new StartRequest(3, Direction.MINIMIZE, Set.of("c0", "c1", "c2"), false);
        assertThat(SearchPolicies.tree(0).start(state(tree()), all)).isEmpty();
        assertThat(SearchPolicies.greedy().start(state(tree()), new StartRequest(3, Direction.MINIMIZE, Set.of("c1"),
                false))).as("greedy has only the champion").isEmpty();
    }

    @Test
    void theTreeCrownsOnlyAKeepBetterThanTheChampionAndNeverReplays() {
        SearchPolicy tree = SearchPolicies.tree(0.5);
        ResearchState s = state(tree());
        assertThat(tree.crowns(s, node(3, "c3", "c2", 8.5, true), Direction.MINIMIZE)).isFalse();
        assertThat(tree.crowns(s, node(3, "c3", "c2", 7.5, true), Direction.MINIMIZE)).isTrue();
        assertThat(tree.replayOnto(s, pending(3, "c2", 0))).isEmpty();
        assertThat(SearchPolicies.greedy().replayOnto(s, pending(3, "c2", 0)).orElseThrow().experiment()).isEqualTo(1);
    }

    static PendingExperiment pending(int n, String parent, int island) {
        return PendingExperiment.builder().experiment(n).hypothesis(new Hypothesis("p" + n, "")).strategy("test")
                .parent(parent).commit("p" + n).proposedAt(Instant.EPOCH).island(island).build();
    }

    /** Two islands: island 1's champion #1 at 8, island 2's #2 at 9. */
    static List<ExperimentRecord> islands() {
        List<ExperimentRecord> r = new ArrayList<>();
        r.add(node(0, "c0", "c0", 10.0, true));
        r.add(record(1).commit("c1").parent("c0").metric(8.0).island(1).build());
        r.add(record(2).commit("c2").parent("c0").metric(9.0).island(2).champion(false).build());
        return r;
    }

    @Test
    void islandsTakeTurnsByNumberEachFromItsOwnChampion() {
        SearchPolicy islands = SearchPolicies.islands(2, 100);
        ResearchState s = state(islands());
        Start three = islands.start(s, request(3)).orElseThrow();
        Start four = islands.start(s, request(4)).orElseThrow();
        assertThat(three.island()).isEqualTo(1);
        assertThat(three.node().experiment()).isEqualTo(1);
        assertThat(four.island()).isEqualTo(2);
        assertThat(four.node().experiment()).isEqualTo(2);
        assertThat(three.migrant()).isEmpty();
        assertThat(islands.replayOnto(s, pending(5, "c0", 2)).orElseThrow().experiment())
                .as("a change made on island 2's old champion is replayed onto its new one").isEqualTo(2);
        assertThat(islands.replayOnto(s, pending(5, "c2", 2))).isEmpty();
    }

    @Test
    void everyMigrateEveryThExperimentBringsTheBestIslandsChampionToAWorseIslandOnce() {
        SearchPolicy islands = SearchPolicies.islands(2, 2);
        ResearchState s = state(islands());
        Start four = islands.start(s, request(4)).orElseThrow();
        assertThat(four.island()).isEqualTo(2);
        assertThat(four.migrant().orElseThrow().experiment()).isEqualTo(1);
        assertThat(islands.start(s, request(6)).orElseThrow().migrant())
                .as("island 1 is the best: nothing better to bring it").isEmpty();

        List<ExperimentRecord> after = islands();
        after.add(record(4).commit("c4").parent("c2").status(Status.DISCARD).metric(8.2).island(2)
                .strategy(Migration.STRATEGY).hypothesis(new Hypothesis(Migration.title(1, after.get(1), 2), "")).build());
        assertThat(islands.start(state(after), request(8)).orElseThrow().migrant())
                .as("#1 was brought to island 2 already").isEmpty();
    }
}
