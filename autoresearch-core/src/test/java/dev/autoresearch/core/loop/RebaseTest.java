package dev.autoresearch.core.loop;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.SessionSetupException;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.StopCriteria;
import dev.autoresearch.core.StopReason;
import dev.autoresearch.core.testing.InProcessRunner;
import dev.autoresearch.core.testing.InProcessRunner.Outcome;
import dev.autoresearch.core.testing.ScriptedStrategy;
import dev.autoresearch.core.testing.SimpleMetrics;
import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A user's fix reaches a session: after a crash streak, the user commits a fix on their branch, and
 * {@code rebase} brings it in: the kept changes are replayed on it, it is measured as the new
 * baseline (the streak ends), and numbering goes on. A conflict changes nothing.
 */
class RebaseTest {
    @TempDir
    Path dir;

    TestRepo repo;

    /** The score is a.txt's number; every experiment crashes while loader.txt says "bug". */
    final InProcessRunner runner = new InProcessRunner(request -> {
        Path w = request.workingDirectory();
        if (request.experiment() > 1 && Files.readString(w.resolve("loader.txt")).strip().equals("bug")) {
            return Outcome.fail(1, "Traceback: the data loader is broken\n");
        }
        return Outcome.ok("score: " + Files.readString(w.resolve("a.txt")));
    });

    @BeforeEach
    void setUp() {
        repo = TestRepo.init(dir.resolve("project"));
        repo.write("a.txt", "10\n").write("loader.txt", "bug\n").write("program.md", "---\nmetric: score\n---\n")
                .commitAll("initial");
    }

    ResearchLoop.Builder loop(int experiments) {
        ProgramSpec spec = ProgramSpec.builder().source(repo.root().resolve("program.md")).metric("score")
                .direction(Direction.MINIMIZE).run("./train").editable("a.txt")
                .stop(StopCriteria.DEFAULT.withMaxExperiments(experiments).withCrashStreak(3)).build();
        return ResearchLoop.builder().repository(repo.root()).tag("r").program(spec)
                .strategy(ScriptedStrategy.writing("a.txt", "9\n", "8\n", "7\n", "6\n", "5\n", "4\n", "3\n", "2\n"))
                .runner(runner).metrics(SimpleMetrics.summaryLines());
    }

    /** #1 kept, then #2 to #4 crash: the session stops on its crash streak. */
    ResearchReport crashStreak() {
        ResearchReport first = loop(8).build().run();
        assertThat(first.stopReason().kind()).isEqualTo(StopReason.Kind.CRASH_STREAK);
        assertThat(first.state().history()).extracting(ExperimentRecord::status)
                .containsExactly(Status.KEEP, Status.KEEP, Status.CRASH, Status.CRASH, Status.CRASH);
        return first;
    }

    @Test
    void aFixCommittedOnTheUsersBranchIsBroughtInAndTheSessionGoesOn() {
        crashStreak();
        repo.write("loader.txt", "fixed\n").commitAll("fix the data loader");
        String fix = repo.git("rev-parse", "HEAD");

        ResearchReport again = loop(8).build().run();
        assertThat(again.stopReason().kind()).as("without rebase the fix does not reach the session")
                .isEqualTo(StopReason.Kind.CRASH_STREAK);
        assertThat(again.state().experimentsRun()).isEqualTo(4);

        ResearchReport rebased = loop(8).rebase(true).build().run();
        ExperimentRecord newBase = rebased.state().record(5).orElseThrow();
        assertThat(newBase.strategy()).isEqualTo("rebase");
        assertThat(newBase.status()).isEqualTo(Status.KEEP);
        assertThat(newBase.commit()).isEqualTo(fix);
        assertThat(newBase.metric().getAsDouble()).isEqualTo(10.0);
        assertThat(newBase.hypothesis().title()).isEqualTo("rebase onto " + fix.substring(0, 7) + ", 1 new commit");
        ExperimentRecord replayed = rebased.state().record(6).orElseThrow();
        assertThat(replayed.strategy()).isEqualTo("rebase-replay");
        assertThat(replayed.hypothesis().title()).contains("#1");
        assertThat(replayed.status()).as(replayed.reason()).isEqualTo(Status.KEEP);
        assertThat(replayed.parent()).isEqualTo(fix);
        // Numbering goes on, the streak is over, and the experiments after it run on the fixed code.
        assertThat(rebased.state().history()).extracting(ExperimentRecord::experiment)
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(rebased.state().history().subList(7, 9)).extracting(ExperimentRecord::status).containsOnly(Status.KEEP);
        assertThat(rebased.stopReason().kind()).isEqualTo(StopReason.Kind.MAX_EXPERIMENTS);
        assertThat(repo.git("show", "autoresearch/r:loader.txt")).isEqualTo("fixed");
        assertThat(repo.git("show", "autoresearch/r:a.txt")).isEqualTo("2");
        assertThat(repo.git("merge-base", "--is-ancestor", fix, "autoresearch/r")).isEmpty();
    }

    @Test
    void aKeptChangeThatConflictsWithTheUsersCommitsStopsNamingTheFileAndChangesNothing() throws Exception {
        crashStreak();
        String branch = repo.git("rev-parse", "autoresearch/r");
        Path journal = repo.root().resolve(".autoresearch/r/journal.jsonl");
        String before = Files.readString(journal);
        repo.write("a.txt", "12\n").commitAll("a different a");

        assertThatThrownBy(() -> loop(8).rebase(true).build().run()).isInstanceOf(SessionSetupException.class)
                .hasMessageContaining("experiment 1").hasMessageContaining("a.txt")
                .hasMessageContaining("nothing was changed");
        assertThat(Files.readString(journal)).isEqualTo(before);
        assertThat(repo.git("rev-parse", "autoresearch/r")).isEqualTo(branch);
    }

    @Test
    void aBaseThatHasNotMovedLeavesTheSessionAsItWas() {
        ResearchReport first = loop(1).build().run();
        ResearchReport again = loop(2).rebase(true).build().run();
        assertThat(again.state().history()).extracting(ExperimentRecord::strategy).doesNotContain("rebase");
        assertThat(again.state().experimentsRun()).isEqualTo(first.state().experimentsRun() + 1);
    }
}
