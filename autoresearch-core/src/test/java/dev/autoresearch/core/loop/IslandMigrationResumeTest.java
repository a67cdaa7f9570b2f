package dev.autoresearch.core.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.PendingExperiment;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.journal.Journal;
import dev.autoresearch.core.journal.JournalContents;
import dev.autoresearch.core.search.Migration;
import dev.autoresearch.core.testing.KilledJvm;
import dev.autoresearch.core.testing.Separable;
import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An island session killed with SIGKILL while a migration's run is in flight: on the {@link Separable}
 * landscape the two islands improve different constants, so the best of one merged onto the other's
 * champion is code nobody measured, and it runs. The resumed session must decide exactly as one that
 * never stopped: the migration measured once, against the receiving island's champion.
 */
class IslandMigrationResumeTest {
    private static final String ISLANDS = "search: islands\nislands: 2\nmigrate-every: 3";
    private static final int EXPERIMENTS = 12;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aSessionKilledWhileAMigrationRunsResumesExactlyAsOneNeverStopped() throws Exception {
        TestRepo never = repo(dir.resolve("whole"));
        ResearchState whole = SearchLoopTest.session(never.root(), -1, Separable::score).state();
        ExperimentRecord migration = whole.history().stream()
                .filter(r -> r.strategy().equals(Migration.STRATEGY) && !r.log().isEmpty()).findFirst()
                .orElseThrow(() -> new AssertionError("no migration ran: " + SearchLoopTest.titles(whole)));
        int n = migration.experiment();
        assertThat(migration.hypothesis().rationale()).as("the migrant was merged, not taken whole")
                .contains("merged with those of this island's champion");
        assertThat(migration.champion()).as("the migration's keep moves the champion branch too").isTrue();

        TestRepo killed = repo(dir.resolve("killed").resolve("project"));
        Files.writeString(dir.resolve("killed").resolve("hang-at"), Integer.toString(n));
        Files.writeString(dir.resolve("killed").resolve("separable"), "");
        KilledJvm.killWhen(KilledSearchMain.class, killed.root(), dir.resolve("killed").resolve("marker"),
                dir.resolve("killed").resolve("child.log"), m -> true);

        Path journal = killed.root().resolve(".autoresearch/t1/journal.jsonl");
        JournalContents atKill = Journal.read(journal);
        assertThat(atKill.records()).extracting(ExperimentRecord::experiment).allSatisfy(e -> assertThat(e).isLessThan(n));
        PendingExperiment inFlight = atKill.pending().stream().filter(p -> p.experiment() == n).findFirst().orElseThrow();
        assertThat(inFlight.strategy()).isEqualTo(Migration.STRATEGY);
        assertThat(inFlight.hypothesis().title()).isEqualTo(migration.hypothesis().title());
        assertThat(atKill.runs()).as("the migration's run was in flight").containsKey(n);
        assertThat(atKill.runsTheLoopDidNotSeeEnd(n)).isEqualTo(1);
        String receiving = "autoresearch/t1/island-" + migration.island();
        assertThat(killed.git("rev-parse", receiving + "^{tree}")).as("the island has not moved yet")
                .isEqualTo(never.git("rev-parse", champion(whole, migration.island(), n).commit() + "^{tree}"));

        ResearchState resumed = SearchLoopTest.session(killed.root(), -1, Separable::score).state();

        assertThat(SearchLoopTest.titles(resumed)).isEqualTo(SearchLoopTest.titles(whole));
        assertThat(resumed.byNumber()).extracting(r -> r.metric(), r -> r.reason(), r -> r.champion())
                .isEqualTo(whole.byNumber().stream().map(r -> org.assertj.core.groups.Tuple.tuple(r.metric(),
                        r.reason(), r.champion())).toList());
        ExperimentRecord again = resumed.record(n).orElseThrow();
        assertThat(again.island()).isEqualTo(migration.island());
        assertThat(again.hypothesis().title()).isEqualTo(migration.hypothesis().title());
        assertThat(again.status()).isEqualTo(migration.status());
        assertThat(again.metrics().get("score")).as("measured once").hasSize(1);
        assertThat(resumed.parentOf(again).orElseThrow().experiment()).as("judged against the receiving island's champion")
                .isEqualTo(champion(whole, migration.island(), n).experiment());
        assertThat(lines(journal, "proposed", n)).as("proposed once, not made again").isEqualTo(1);
        assertThat(lines(journal, "measured", n)).as("measured once").isEqualTo(1);

        for (int island = 1; island <= 2; island++) {
            String ref = "autoresearch/t1/island-" + island;
            assertThat(killed.git("rev-parse", ref)).as(ref).isEqualTo(champion(resumed, island, Integer.MAX_VALUE).commit());
            assertThat(killed.git("rev-parse", ref + "^{tree}")).as(ref).isEqualTo(never.git("rev-parse", ref + "^{tree}"));
        }
        assertThat(killed.git("rev-parse", "autoresearch/t1")).isEqualTo(resumed.best().orElseThrow().commit());
        assertThat(killed.git("rev-parse", "autoresearch/t1^{tree}")).isEqualTo(never.git("rev-parse", "autoresearch/t1^{tree}"));
    }

    @Test
    void aMigrationsKeepThatMovedTheBranchButWasNeverRecordedIsTakenBackAndRunAgain() {
        TestRepo never = repo(dir.resolve("whole"));
        ResearchState whole = SearchLoopTest.session(never.root(), -1, Separable::score).state();
        TestRepo repo = repo(dir.resolve("ahead"), 5);
        ResearchState first = SearchLoopTest.session(repo.root(), -1, Separable::score).state();
        ExperimentRecord receiving = champion(first, 2, 6);
        assertThat(receiving.commit()).as("its keep is made on a node that is not the champion")
                .isNotEqualTo(first.best().orElseThrow().commit());
        // The keep of #6 as the loop makes it (the island 1 champion's code on island 2's), the branch
        // moved to it, and the loop killed before the record was written.
        String ahead = repo.git("commit-tree", first.best().orElseThrow().commit() + "^{tree}", "-p",
                receiving.commit(), "-m", "Migrate\n\nAutoresearch-Experiment: 6\nAutoresearch-Status: keep");
        repo.git("update-ref", "refs/heads/autoresearch/t1", ahead);

        repo.write("program.md", Separable.program(ISLANDS, EXPERIMENTS)).commitAll("more experiments");
        ResearchState resumed = SearchLoopTest.session(repo.root(), -1, Separable::score).state();

        assertThat(SearchLoopTest.titles(resumed)).isEqualTo(SearchLoopTest.titles(whole));
        assertThat(repo.git("rev-parse", "autoresearch/t1")).isEqualTo(resumed.best().orElseThrow().commit())
                .isNotEqualTo(ahead);
        // program.md differs (the first session stopped at 5), so the code is compared, not the trees.
        assertThat(repo.git("show", "autoresearch/t1:params.py")).isEqualTo(never.git("show", "autoresearch/t1:params.py"));
    }

    @Test
    void anIslandRefLeftBehindItsJournalledKeepIsPutRightByTheResume() {
        TestRepo repo = repo(dir.resolve("behind"), 6);
        ResearchState first = SearchLoopTest.session(repo.root(), -1, Separable::score).state();
        ExperimentRecord migration = first.record(6).orElseThrow();
        assertThat(migration.strategy()).isEqualTo(Migration.STRATEGY);
        assertThat(migration.status()).isEqualTo(Status.KEEP);
        String ref = "refs/autoresearch/t1/island-" + migration.island();
        // What a kill between journalling the keep and moving the island's ref leaves.
        repo.git("update-ref", ref, migration.parent());

        repo.write("program.md", Separable.program(ISLANDS, 7)).commitAll("one more experiment");
        ResearchState resumed = SearchLoopTest.session(repo.root(), -1, Separable::score).state();

        assertThat(resumed.record(7).orElseThrow().island()).as("the island keeps nothing more").isNotEqualTo(migration.island());
        assertThat(repo.git("rev-parse", ref)).isEqualTo(migration.commit());
    }

    private static TestRepo repo(Path root) {
        return repo(root, EXPERIMENTS);
    }

    private static TestRepo repo(Path root, int experiments) {
        TestRepo repo = TestRepo.init(root);
        repo.write("program.md", Separable.program(ISLANDS, experiments)).write("params.py", Separable.PARAMS)
                .commitAll("initial");
        return repo;
    }

    /** The island's champion when experiment {@code before} was proposed: its last keep before, else the baseline. */
    private static ExperimentRecord champion(ResearchState state, int island, int before) {
        ExperimentRecord champion = state.baseline().orElseThrow();
        for (ExperimentRecord r : state.byNumber()) {
            if (r.experiment() < before && r.status() == Status.KEEP && r.island() == island) {
                champion = r;
            }
        }
        return champion;
    }

    /** How many lines of {@code type} the journal holds for experiment {@code n}. */
    private static long lines(Path journal, String type, int n) {
        try {
            return Files.readAllLines(journal).stream().map(IslandMigrationResumeTest::parse)
                    .filter(l -> l.path("type").asText().equals(type) && l.path("experiment").asInt() == n).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
