package dev.autoresearch.runners;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.StopCriteria;
import dev.autoresearch.core.journal.SessionFiles;
import dev.autoresearch.core.keep.Holdout;
import dev.autoresearch.core.keep.KeepSettings;
import dev.autoresearch.core.testing.ScriptedStrategy;
import dev.autoresearch.core.testing.SimpleMetrics;
import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The holdout runs from the user's checkout, where its data lives and no worktree can read it, on
 * the code of each would-be champion; a champion whose holdout got worse is flagged, or with
 * {@code holdout-guard} not kept.
 */
class HoldoutTest {
    @TempDir
    Path dir;
    TestRepo repo;

    @BeforeEach
    void project() throws Exception {
        repo = TestRepo.init(dir.resolve("repo"));
        repo.write("score.txt", "10\n").write("overfit.txt", "no\n");
        repo.write("run.sh", "echo \"score: $(cat score.txt)\"\n");
        repo.commitAll("a score and whether the code overfits");
        // The held-out data and the holdout's script: untracked files of the user's checkout.
        Files.writeString(repo.root().resolve(".git/info/exclude"), "heldout.txt\nholdout.sh\nholdout-calls.txt\n");
        Files.writeString(repo.root().resolve("heldout.txt"), "1000\n");
        Files.writeString(repo.root().resolve("holdout.sh"), String.join("\n",
                "echo \"$AUTORESEARCH_COMMIT $(pwd)\" >> holdout-calls.txt",
                "code=\"$AUTORESEARCH_WORKTREE\"",
                "penalty=0; if grep -q yes \"$code/overfit.txt\"; then penalty=100; fi",
                "echo \"test_score: $(( $(cat heldout.txt) + $(cat \"$code/score.txt\") + penalty ))\"", ""));
    }

    private ResearchReport session(String tag, boolean guard) {
        return session(tag, guard, 1);
    }

    private ResearchReport session(String tag, boolean guard, int every) {
        KeepSettings keep = KeepSettings.DEFAULT.withRule(KeepSettings.Rule.GREEDY)
                .withHoldout(Holdout.of("sh holdout.sh", "test_score")).withHoldoutGuard(guard).withHoldoutEvery(every);
        ProgramSpec spec = ProgramSpec.builder().metric("score").direction(Direction.MINIMIZE).run("sh run.sh")
                .timeout(Duration.ofSeconds(30)).editable("score.txt", "overfit.txt").keep(keep)
                .stop(StopCriteria.DEFAULT.withMaxExperiments(2)).build();
        return ResearchLoop.builder().repository(repo.root()).tag(tag).program(spec)
                .strategy(ScriptedStrategy.of(
                        ScriptedStrategy.step("score 10 -> 5", Map.of("score.txt", "5\n")),
                        ScriptedStrategy.step("score 5 -> 3 by fitting the training data",
                                Map.of("score.txt", "3\n", "overfit.txt", "yes\n"))))
                .runner(ProcessRunner.builder().build()).metrics(SimpleMetrics.summaryLines()).build().run();
    }

    @Test
    void theHoldoutRunsFromTheCheckoutOnEachNewChampionAndFlagsOneThatGotWorse() throws Exception {
        ResearchReport report = session("flag", false);

        List<ExperimentRecord> h = report.state().history();
        assertThat(h).extracting(ExperimentRecord::status).containsExactly(Status.KEEP, Status.KEEP, Status.KEEP);
        assertThat(h).extracting(r -> r.metrics().get("test_score@holdout"))
                .containsExactly(List.of(1010.0), List.of(1005.0), List.of(1103.0));
        assertThat(h.get(1).reason()).doesNotContain("holdout");
        assertThat(h.get(2).reason()).contains("holdout flagged: the holdout got worse than the parent's")
                .contains("against #1");

        // The keep amends the commit's message after the holdout ran: the code (the tree) is the same.
        List<String> calls = Files.readAllLines(repo.root().resolve("holdout-calls.txt")).stream()
                .map(line -> tree(line.split(" ")[0]) + " " + line.split(" ")[1]).toList();
        String checkout = repo.root().toRealPath().toString();
        assertThat(calls).as("each holdout ran in the user's checkout on the code it checks").containsExactly(
                tree(h.get(0).commit()) + " " + checkout, tree(h.get(1).commit()) + " " + checkout,
                tree(h.get(2).commit()) + " " + checkout);
        SessionFiles files = SessionFiles.of(repo.root(), "flag");
        assertThat(files.worktree().resolve("heldout.txt")).as("no worktree has the held-out data").doesNotExist();
        assertThat(Files.readAllLines(files.results()).get(0)).contains("test_score@holdout");
        assertThat(files.directory().resolve(SessionFiles.holdoutLogName(2, 1))).content().contains("test_score: 1103");
    }

    private String tree(String commit) {
        return repo.git("rev-parse", commit + "^{tree}").strip();
    }

    @Test
    void withTheGuardAChangeWhoseHoldoutGotWorseIsNotKept() {
        ResearchReport report = session("guard", true);

        List<ExperimentRecord> h = report.state().history();
        assertThat(h).extracting(ExperimentRecord::status).containsExactly(Status.KEEP, Status.KEEP, Status.DISCARD);
        assertThat(h.get(2).reason()).startsWith("holdout-guard: the holdout got worse than the parent's");
        assertThat(report.state().best().orElseThrow().experiment()).isEqualTo(1);
        assertThat(repo.git("rev-parse", "autoresearch/guard").strip()).isEqualTo(h.get(1).commit());
    }

    @Test
    void withHoldoutEveryTwoOnlyEverySecondNewChampionIsCheckedAgainstTheNearestAncestorChecked() throws Exception {
        ResearchReport report = session("every", false, 2);

        List<ExperimentRecord> h = report.state().history();
        assertThat(h.get(1).metrics()).doesNotContainKey("test_score@holdout");
        assertThat(h.get(2).metrics().get("test_score@holdout")).containsExactly(1103.0);
        assertThat(h.get(2).reason()).contains("holdout flagged").contains("against #0");
        assertThat(Files.readAllLines(repo.root().resolve("holdout-calls.txt"))).hasSize(2);
    }

    @Test
    void aHoldoutThatFailsOnTheBaselineStopsTheStartWithItsLog() throws Exception {
        Files.writeString(repo.root().resolve("heldout.txt"), "not a number\n");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> session("broken", false))
                .isInstanceOf(dev.autoresearch.core.BaselineFailedException.class)
                .hasMessageContaining("the holdout failed on the baseline")
                .hasMessageContaining("sh holdout.sh")
                .hasMessageContaining("runs/0.holdout.log");
    }
}
