package dev.autoresearch.host.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.journal.Journal;
import dev.autoresearch.core.journal.SessionFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static dev.autoresearch.host.report.HtmlReportTest.data;
import static dev.autoresearch.host.report.Records.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** What the page carries of the search: the tree's nodes, the champion's lineage, the islands. */
class SearchTreeModelTest {
    @TempDir
    Path dir;

    JsonNode page(SessionFiles files) throws Exception {
        return data(new HtmlReport().render(files, Journal.read(files.journal())));
    }

    static List<Integer> ints(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asInt()));
        return out;
    }

    static JsonNode node(JsonNode search, int n) {
        for (JsonNode node : search.get("nodes")) {
            if (node.get("n").asInt() == n) {
                return node;
            }
        }
        throw new AssertionError("no node #" + n + " in " + search);
    }

    @Test
    void aTreeSessionCarriesEachNodeWithItsParentTheLeavesTriedFromItAndTheLineage() throws Exception {
        JsonNode search = page(TreeSession.write(new SessionFiles(dir.resolve("tree")))).get("search");

        assertThat(ints(search.get("lineage"))).containsExactly(0, 3, 7);
        assertThat(search.get("lineageLength").asInt()).isEqualTo(3);
        assertThat(search.get("nodesTotal").asInt()).isEqualTo(5);
        assertThat(search.get("nodes")).extracting(n -> n.get("n").asInt()).containsExactly(0, 1, 3, 4, 7);
        assertThat(node(search, 0).has("parent")).isFalse();
        assertThat(node(search, 0).get("leaves").asInt()).isEqualTo(1);
        assertThat(node(search, 7).get("parent").asInt()).isEqualTo(3);
        assertThat(node(search, 7).get("title").asText()).isEqualTo("warmup 200 steps");
        assertThat(node(search, 7).get("metric").asDouble()).isEqualTo(0.92);
        assertThat(node(search, 7).get("change").asDouble()).as("against its parent, #3")
                .isCloseTo((0.92 - 0.97) / 0.97 * 100, within(1e-9));
        assertThat(node(search, 4).get("leaves").asInt()).isEqualTo(1);
        assertThat(search.get("nodes")).allMatch(n -> !n.has("hidden"), "all shown");
        assertThat(search.get("nodes")).allMatch(n -> !n.has("status"), "every node kept");
        assertThat(search.get("islands")).isEmpty();
    }

    @Test
    void theRunningBestIsTheChampionsAKeptNodeThatWasNotCrownedLeavesItWhereItWas() throws Exception {
        JsonNode rows = page(TreeSession.write(new SessionFiles(dir.resolve("tree")))).get("experiments");

        assertThat(rows).extracting(r -> r.get("best").asDouble())
                .as("#3 (0.97) was kept as a node, not crowned: #1's 0.95 stays the best")
                .containsExactly(1.0, 0.95, 0.95, 0.95, 0.93, 0.93, 0.93, 0.92);
    }

    @Test
    void theHeadlinesConfidenceIsTheChampionsNotTheLastKeptNodes() throws Exception {
        List<ExperimentRecord> records = new ArrayList<>(TreeSession.records());
        records.set(7, records.get(7).toBuilder().confidence(0.99).build());
        records.add(record(8, "dropout 0.2", Status.KEEP, 0.925, 1000, "").withParent(records.get(4).commit())
                .toBuilder().champion(false).confidence(0.9).build());
        SessionFiles files = Records.branchingJournal(new SessionFiles(dir.resolve("tree")), Direction.MINIMIZE, records);

        JsonNode headline = page(files).get("headline");

        assertThat(headline.get("bestExperiment").asInt()).isEqualTo(7);
        assertThat(headline.get("confidence").asText()).isEqualTo("99.0% that #7 beat the champion before it");
    }

    @Test
    void aGreedySessionHasNoSearchSectionItsKeptChangesAreTheChain() throws Exception {
        SessionFiles files = Records.journal(new SessionFiles(dir.resolve("greedy")), Direction.MINIMIZE, List.of(
                record(0, "baseline", Status.KEEP, 1.0, 1000, ""),
                record(1, "a", Status.KEEP, 0.8, 1000, ""),
                record(2, "b", Status.DISCARD, 0.9, 1000, ""),
                record(3, "c", Status.KEEP, 0.7, 1000, "")));

        assertThat(page(files).has("search")).isFalse();
    }

    @Test
    void anIslandSessionCarriesEachIslandsChampionRunningBestAndCountAndEachRowItsIsland() throws Exception {
        JsonNode data = page(TreeSession.writeIslands(new SessionFiles(dir.resolve("islands"))));
        JsonNode islands = data.get("search").get("islands");

        assertThat(islands).hasSize(2);
        assertThat(islands.get(0).get("island").asInt()).isEqualTo(1);
        assertThat(islands.get(0).get("champion").asInt()).isEqualTo(7);
        assertThat(islands.get(0).get("best").asDouble()).isEqualTo(0.925);
        assertThat(islands.get(0).get("experiments").asInt()).isEqualTo(4);
        assertThat(islands.get(0).get("steps")).extracting(s -> s.get("n").asInt()).containsExactly(1, 5, 7);
        assertThat(islands.get(1).get("champion").asInt()).isEqualTo(4);
        assertThat(islands.get(1).get("best").asDouble()).isEqualTo(0.93);
        assertThat(ints(data.get("search").get("lineage"))).containsExactly(0, 1, 5, 7);
        assertThat(node(data.get("search"), 5).get("island").asInt()).isEqualTo(1);
        assertThat(data.get("experiments").get(2).get("island").asInt()).isEqualTo(2);
        assertThat(data.get("experiments").get(0).has("island")).as("the baseline is on none").isFalse();
    }

    /**
     * Ten thousand experiments of a tree whose champion's lineage is 600 keeps long, with a thousand
     * more kept nodes on side branches: the section draws at most its cap of nodes, the lineage's
     * latest whole, counts what it leaves out, and the page stays under its limit.
     */
    @Test
    void tenThousandExperimentsOfATreeStayUnderThePageLimitWithTheLineageShown() throws Exception {
        Random random = new Random(7);
        List<ExperimentRecord> records = new ArrayList<>();
        List<String> nodes = new ArrayList<>();
        records.add(record(0, "baseline", Status.KEEP, 1.0, 1000, "").withParent("base"));
        nodes.add(records.get(0).commit());
        String champion = records.get(0).commit();
        double best = 1.0;
        String tail = "Traceback (most recent call last): <module> line 12\n".repeat(20);
        for (int n = 1; n <= 10_000; n++) {
            ExperimentRecord r;
            if (n % 16 == 0 && n <= 9_600) {
                best -= 0.0001;
                r = record(n, "keep " + n, Status.KEEP, best, 1000, "").withParent(champion);
                champion = r.commit();
            } else if (n % 9 == 0) {
                r = record(n, "side " + n, Status.KEEP, best + 0.001, 1000, "")
                        .withParent(nodes.get(random.nextInt(nodes.size()))).toBuilder().champion(false).build();
            } else {
                r = record(n, "try " + n, Status.CRASH, null, 1000, "exit 1: " + tail)
                        .withParent(nodes.get(random.nextInt(nodes.size())));
            }
            if (r.status() == Status.KEEP) {
                nodes.add(r.commit());
            }
            records.add(r);
        }
        SessionFiles files = Records.branchingJournal(new SessionFiles(dir.resolve("tenk")), Direction.MINIMIZE, records);

        new HtmlReport().write(files);

        long size = Files.size(HtmlReport.file(files));
        assertThat(size).isLessThan(ReportLimits.PAGE_BYTES);
        JsonNode search = data(Files.readString(HtmlReport.file(files))).get("search");
        assertThat(search.toString().length()).as("the section's data").isLessThan(80_000);
        List<Integer> lineage = ints(search.get("lineage"));
        assertThat(search.get("lineageLength").asInt()).isEqualTo(601);
        assertThat(lineage).as("the baseline and the latest of the lineage").hasSize(SearchTreeModel.MAX_NODES)
                .startsWith(0, 9_600 - 16 * (SearchTreeModel.MAX_NODES - 2)).endsWith(9_600);
        Set<Integer> shown = new HashSet<>();
        search.get("nodes").forEach(n -> shown.add(n.get("n").asInt()));
        assertThat(shown).hasSize(SearchTreeModel.MAX_NODES).containsAll(lineage);
        int hidden = 0;
        for (JsonNode n : search.get("nodes")) {
            hidden += n.path("hidden").asInt();
        }
        int total = search.get("nodesTotal").asInt();
        assertThat(total).isEqualTo(nodes.size());
        assertThat(hidden).as("every node left out counted once, under the nearest shown node above it")
                .isEqualTo(total - shown.size());
        assertThat(node(search, 0).get("hidden").asInt()).as("the lineage's middle and what hangs from it")
                .isGreaterThan(601 - SearchTreeModel.MAX_NODES);
    }
}
