package dev.autoresearch.core.loop;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.StopCriteria;
import dev.autoresearch.core.internal.session.SessionLock;
import dev.autoresearch.core.journal.Journal;
import dev.autoresearch.core.journal.JournalContents;
import dev.autoresearch.core.testing.InProcessRunner;
import dev.autoresearch.core.testing.KilledJvm;
import dev.autoresearch.core.testing.SimpleMetrics;
import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Kills a session's JVM with SIGKILL in the middle of an experiment, damages what a kill can, and resumes. */
class KillAndResumeTest {
    @TempDir
    Path dir;

    @Test
    void aSessionKilledMidExperimentResumesWithoutLossOrDuplicates() throws Exception {
        TestRepo repo = TestRepo.init(dir.resolve("project"));
        repo.write("score.txt", "10\n").write("program.md", "---\nmetric: score\n---\n").commitAll("initial");
        Path marker = dir.resolve("marker");

        KilledJvm.killWhen(KillableLoopMain.class, repo.root(), marker, dir.resolve("child.log"), m -> true);

        Path session = repo.root().resolve(".autoresearch/killed");
        assertThat(session.resolve("lock")).as("a dead process's lock is left behind").exists();
        // The experiment in flight (and the next, when it was proposed while 3 ran) are journalled with their commits.
        assertThat(Journal.read(session.resolve("journal.jsonl")).pending())
                .extracting(p -> p.experiment()).contains(3).isSubsetOf(3, 4);
        assertThat(Journal.read(session.resolve("journal.jsonl")).runs()).containsOnlyKeys(3);
        // What else a kill can leave: a torn last journal line, a dirty worktree, a stale table.
        Files.writeString(session.resolve("journal.jsonl"), "{\"type\":\"experiment\",\"experi",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Files.writeString(session.resolve("worktree/score.txt"), "half-written");
        Files.writeString(session.resolve("worktree/stray.tmp"), "junk");
        Files.writeString(session.resolve("results.tsv"), "garbage\n");

        InProcessRunner runner = new InProcessRunner(request -> InProcessRunner.Outcome.ok(
                "score: " + Files.readString(request.workingDirectory().resolve("score.txt")).strip() + "\n"));
        ResearchReport report = ResearchLoop.builder().repository(repo.root()).tag("killed")
                .program(KillableLoopMain.spec(repo.root()).toBuilder()
                        .stop(StopCriteria.DEFAULT.withMaxExperiments(5)).build())
                .strategy(KillableLoopMain.strategy()).runner(runner).metrics(SimpleMetrics.summaryLines())
                .build().run();

        List<ExperimentRecord> history = report.state().history();
        assertThat(history).extracting(ExperimentRecord::experiment).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(history).extracting(ExperimentRecord::status).containsExactly(
                Status.KEEP, Status.KEEP, Status.DISCARD, Status.KEEP, Status.KEEP, Status.KEEP);
        ExperimentRecord killed = history.get(3);
        assertThat(killed.hypothesis().title()).isEqualTo("set score.txt to 8");
        // Experiment 3 was killed, not failed: it runs again from its recorded commit, and nothing is proposed twice.
        assertThat(runner.requests()).extracting(r -> r.experiment()).containsExactly(3, 4, 5);
        assertThat(report.bestMetric().getAsDouble()).isEqualTo(6.0);

        JournalContents journal = Journal.read(session.resolve("journal.jsonl"));
        assertThat(journal.tornLines()).isZero();
        assertThat(journal.records()).hasSize(6);
        List<String> tsv = Files.readAllLines(session.resolve("results.tsv"));
        assertThat(tsv).hasSize(7);
        assertThat(tsv.get(0)).startsWith("commit\tscore");
        assertThat(tsv.get(4)).startsWith(killed.commit().substring(0, 7)).endsWith("\tkeep\tset score.txt to 8");
        assertThat(repo.git("rev-parse", "autoresearch/killed")).isEqualTo(history.get(5).commit());
        assertThat(repo.git("log", "--format=%s", "autoresearch/killed").lines())
                .containsExactly("set score.txt to 6", "set score.txt to 7", "set score.txt to 8", "set score.txt to 9",
                        "initial");
        assertThat(session.resolve("worktree/stray.tmp")).doesNotExist();
        assertThat(SessionLock.livePid(session.resolve("lock"))).isEmpty();
    }
}
