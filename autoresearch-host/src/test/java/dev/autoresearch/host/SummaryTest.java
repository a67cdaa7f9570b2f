package dev.autoresearch.host;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.StopReason;
import dev.autoresearch.core.testing.TestRecords;
import dev.autoresearch.host.report.TreeSession;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The end-of-run summary's changes: a greedy session's kept changes in order, a search that left one
 * hill the champion's lineage step by step, with a count of the kept nodes off it.
 */
class SummaryTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private static String summary(List<ExperimentRecord> records) {
        ProgramSpec spec = ProgramSpec.builder().metric("val_loss").direction(Direction.MINIMIZE).run("./train").build();
        ResearchReport report = new ResearchReport("t", "autoresearch/t", ResearchState.of(records),
                new StopReason(StopReason.Kind.MAX_EXPERIMENTS, "reached max-experiments (" + (records.size() - 1) + ")"),
                false, Path.of(".autoresearch/t"), Path.of(".autoresearch/t/worktree"), 0);
        StringWriter text = new StringWriter();
        Summary.print(new PrintWriter(text), report, spec, Path::toString, false);
        return text.toString();
    }

    /** Experiment {@code n} measured on experiment {@code parent} (-1: the user's commit). */
    private static ExperimentRecord record(int n, int parent, String title, Status status, double value) {
        return TestRecords.record(n).commit("c" + n).parent(parent < 0 ? "base" : "c" + parent).status(status)
                .metric(value).metrics(Map.of("val_loss", List.of(value))).hypothesis(new Hypothesis(title, ""))
                .strategy("tune").startedAt(T0.plusSeconds(n)).duration(Duration.ofSeconds(1)).build();
    }

    @Test
    void aGreedySessionListsItsKeptChangesInOrderEachAgainstTheBestBefore() {
        String text = summary(List.of(record(0, -1, "baseline", Status.KEEP, 1.0),
                record(1, 0, "wider layers", Status.KEEP, 0.9),
                record(2, 1, "smaller batch", Status.DISCARD, 0.95),
                record(3, 1, "dropout 0.1", Status.KEEP, 0.81)));

        assertThat(text).contains("  kept changes:\n"
                + "    #1   wider layers                            0.900000 -10.0%\n"
                + "    #3   dropout 0.1                             0.810000 -10.0%\n"
                + "  branch   autoresearch/t");
    }

    @Test
    void aTreeListsTheChampionsLineageAndCountsTheKeptNodesOffIt() {
        String text = summary(TreeSession.records());

        assertThat(text).contains("  the champion's lineage:\n"
                + "    #3   cosine schedule                         0.970000 -3.0%\n"
                + "    #7   warmup 200 steps                        0.920000 -5.2%\n"
                + "    and 2 kept nodes off the lineage: see the report\n"
                + "  branch   autoresearch/t")
                .doesNotContain("kept changes:");
    }

    @Test
    void aLineageThroughADiscardedNodeShowsEachStepAgainstTheStepBefore() {
        // #1 is a discard the tree went on from: #3 is kept against it (-13.6%) though it never beat the
        // champion #2, and #4, kept on #3, beats #2 and is crowned.
        ExperimentRecord three = record(3, 1, "dropout 0.1", Status.KEEP, 0.95).toBuilder().champion(false).build();
        String text = summary(List.of(record(0, -1, "baseline", Status.KEEP, 1.0),
                record(1, 0, "smaller batch", Status.DISCARD, 1.1),
                record(2, 0, "wider layers", Status.KEEP, 0.9),
                three,
                record(4, 3, "warmup 200 steps", Status.KEEP, 0.85)));

        assertThat(text).contains("  the champion's lineage:\n"
                + "    #1   smaller batch                           1.100000 +10.0%"
                + "  discarded; the search went on from it\n"
                + "    #3   dropout 0.1                             0.950000 -13.6%\n"
                + "    #4   warmup 200 steps                        0.850000 -10.5%\n"
                + "    and 1 kept node off the lineage: see the report\n");
    }

    @Test
    void anIslandSessionListsTheLineageThroughTheMigrationThatCrownedIt() {
        String text = summary(TreeSession.islands());

        assertThat(text).contains("  the champion's lineage:\n"
                + "    #1   wider layers                            0.960000 -4.0%\n"
                + "    #5   dropout 0.1                             0.940000 -2.1%\n"
                + "    #7   Migrate island 2's best (#4) to isl...  0.925000 -1.6%\n"
                + "    and 2 kept nodes off the lineage: see the report\n");
    }
}
