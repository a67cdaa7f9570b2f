package dev.autoresearch.host;

import dev.autoresearch.core.testing.TestRecords;
import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.journal.Journal;
import dev.autoresearch.core.journal.JournalHeader;
import dev.autoresearch.core.journal.SessionFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SessionStatusTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path root;

    private static ExperimentRecord record(int n, String parent, Status status, double value, String title) {
        return TestRecords.record(n).parent(parent).status(status).metric(value).metrics(Map.of("loss", List.of(value)))
                .hypothesis(new Hypothesis(title, "")).strategy(n == 0 ? "baseline" : "tune").startedAt(T0.plusSeconds(60L * n))
                .duration(Duration.ofMinutes(1)).build();
    }

    /** A session {@code tag} on loss, lower is better, whose journal holds {@code records}. */
    private SessionFiles journal(String tag, List<ExperimentRecord> records) {
        SessionFiles files = SessionFiles.of(root, tag);
        try (Journal j = Journal.open(files.journal())) {
            j.writeHeader(new JournalHeader(tag, "hash", "loss", Direction.MINIMIZE, List.of(), "c0", T0));
            records.forEach(j::append);
        }
        return files;
    }

    private String status(SessionFiles files) {
        StringWriter text = new StringWriter();
        SessionStatus.print(new PrintWriter(text), files, T0.plusSeconds(3600), 5, Path::toString, OptionStyle.FLAGS);
        return text.toString();
    }

    @Test
    void aTreeSessionsStatusNamesTheChampionsLineageAndHowManyNodes() {
        SessionFiles files = dev.autoresearch.host.report.TreeSession.write(SessionFiles.of(root, "tree"));

        assertThat(status(files)).contains("  search: 5 nodes, the champion's lineage #0 -> #3 -> #7\n")
                .doesNotContain("island");
    }

    @Test
    void anIslandSessionsStatusGivesEachIslandsBestAndCount() {
        SessionFiles files = dev.autoresearch.host.report.TreeSession.writeIslands(SessionFiles.of(root, "isl"));

        assertThat(status(files)).contains("  search: 6 nodes, the champion's lineage #0 -> #1 -> #5 -> #7\n"
                + "  island 1: best 0.925000 (#7), 4 experiments\n"
                + "  island 2: best 0.930000 (#4), 3 experiments\n");
    }

    @Test
    void aLongLineageNamesTheBaselineAndTheLatestNodes() {
        List<ExperimentRecord> records = new java.util.ArrayList<>();
        records.add(record(0, "c0", Status.KEEP, 1.0, "baseline"));
        records.add(record(1, "c0", Status.KEEP, 0.99, "side branch").toBuilder().champion(false).build());
        for (int n = 2; n <= 40; n++) {
            records.add(record(n, n == 2 ? "c0" : "c" + (n - 1), Status.KEEP, 1.0 - n * 0.01, "step " + n));
        }
        SessionFiles files = journal("long", records);

        assertThat(status(files)).contains("  search: 41 nodes, the champion's lineage #0 -> ... 28 more -> #30 -> #31"
                + " -> #32 -> #33 -> #34 -> #35 -> #36 -> #37 -> #38 -> #39 -> #40\n");
    }

    @Test
    void aGreedySessionsStatusHasNoSearchLines() {
        SessionFiles files = journal("s", List.of(record(0, "c0", Status.KEEP, 1.0, "baseline"),
                record(1, "c0", Status.KEEP, 0.9, "seed 42 -> 137"), record(2, "c1", Status.DISCARD, 0.95, "wider"),
                record(3, "c1", Status.KEEP, 0.85, "deeper")));

        assertThat(status(files)).doesNotContain("search:", "lineage");
    }

    @Test
    void aKeptChangeThatNoLongerReproducesIsNamedUntilARemeasureFindsItReproducesAgain() {
        SessionFiles files = SessionFiles.of(root, "s");
        try (Journal j = Journal.open(files.journal())) {
            j.writeHeader(new JournalHeader("s", "hash", "loss", Direction.MINIMIZE, List.of(), "c0", T0));
            j.append(record(0, "c0", Status.KEEP, 1.0, "baseline"));
            j.append(record(1, "c0", Status.KEEP, 0.9, "seed 42 -> 137"));
            j.append(record(2, "c1", Status.DISCARD, 0.95, "wider"));
            j.appendReproduction(1, false, "its pooled runs are no longer better than its parent's: -0.5% +/- 2.0% "
                    + "at 95%", T0.plusSeconds(200));
        }

        assertThat(status(files)).contains("  warning: kept experiment #1 (\"seed 42 -> 137\") no longer reproduces: "
                + "its pooled runs are no longer better than its parent's: -0.5% +/- 2.0% at 95%\n");

        try (Journal j = Journal.open(files.journal())) {
            j.appendReproduction(1, true, "", T0.plusSeconds(400));
        }
        assertThat(status(files)).doesNotContain("no longer reproduces");
    }

    @Test
    void statusSaysWhenTheUsersBranchHasCommitsTheSessionHasNotAndHowToBringThemIn() {
        dev.autoresearch.core.testing.TestRepo repo = dev.autoresearch.core.testing.TestRepo.init(root.resolve("project"));
        repo.write("a.txt", "10\n").write("program.md", "---\nmetric: score\n---\n").commitAll("initial");
        java.util.function.Supplier<dev.autoresearch.core.ResearchLoop.Builder> loop = () -> dev.autoresearch.core.ResearchLoop
                .builder().repository(repo.root()).tag("s")
                .program(dev.autoresearch.core.ProgramSpec.builder().source(repo.root().resolve("program.md"))
                        .metric("score").direction(Direction.MINIMIZE).run("./train").editable("a.txt")
                        .stop(dev.autoresearch.core.StopCriteria.DEFAULT.withMaxExperiments(1)).build())
                .strategy(dev.autoresearch.core.testing.ScriptedStrategy.writing("a.txt", "9\n", "8\n"))
                .runner(new dev.autoresearch.core.testing.InProcessRunner(r -> dev.autoresearch.core.testing.InProcessRunner
                        .Outcome.ok("score: " + java.nio.file.Files.readString(r.workingDirectory().resolve("a.txt")))))
                .metrics(dev.autoresearch.core.testing.SimpleMetrics.summaryLines());
        loop.get().build().run();
        SessionFiles files = SessionFiles.of(repo.root(), "s");
        assertThat(status(files)).doesNotContain("your branch has");

        repo.write("b.txt", "a fix\n").commitAll("a fix on the user's branch");
        assertThat(status(files)).contains("  your branch has 1 commit the session has not (its code is based on ")
                .contains("; to bring it in: autoresearch run --tag s --rebase\n");

        loop.get().rebase(true).build().run();
        assertThat(status(files)).doesNotContain("your branch has");
    }
}
