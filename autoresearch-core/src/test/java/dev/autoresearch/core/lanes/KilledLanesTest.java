package dev.autoresearch.core.lanes;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.HypothesisGenerator;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.RunRequest;
import dev.autoresearch.core.internal.session.SessionLock;
import dev.autoresearch.core.journal.Journal;
import dev.autoresearch.core.journal.JournalContents;
import dev.autoresearch.core.testing.InProcessRunner;
import dev.autoresearch.core.testing.KilledJvm;
import dev.autoresearch.core.testing.ScriptedStrategy;
import dev.autoresearch.core.testing.SimpleMetrics;
import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** SIGKILL of a session with three experiments in flight, then the same session again. */
class KilledLanesTest {
    @TempDir
    Path dir;

    @Test
    void everyExperimentInFlightRunsAgainFromItsCommitUnderItsNumberAndNothingIsProposedTwice() throws Exception {
        TestRepo repo = TestRepo.init(dir.resolve("project"));
        repo.write("a.txt", "5\n").write("b.txt", "5\n").write("c.txt", "5\n").write("program.md", "---\nmetric: score\n---\n")
                .commitAll("initial");
        Path marker = dir.resolve("marker");
        KilledJvm.killWhen(KilledLanesMain.class, repo.root(), marker, dir.resolve("child.log"),
                m -> lines(m).size() >= 3);
        List<String> hung = Files.readAllLines(marker);
        assertThat(hung).hasSize(3);

        Path session = repo.root().resolve(".autoresearch/killed");
        JournalContents left = Journal.read(session.resolve("journal.jsonl"));
        assertThat(left.records()).extracting(ExperimentRecord::experiment).contains(0)
                .doesNotContainAnyElementsOf(hung.stream().map(Integer::valueOf).toList());
        assertThat(left.runs().keySet()).containsAll(hung.stream().map(Integer::valueOf).toList());

        AtomicInteger asked = new AtomicInteger();
        ScriptedStrategy script = KilledLanesMain.strategy();
        HypothesisGenerator counting = context -> {
            asked.incrementAndGet();
            return script.propose(context);
        };
        InProcessRunner runner = new InProcessRunner(request -> InProcessRunner.Outcome.ok(
                KilledLanesMain.score(request.workingDirectory())));
        ResearchReport report = ResearchLoop.builder().repository(repo.root()).tag("killed")
                .program(KilledLanesMain.spec(repo.root(), 6)).strategy(counting, script).runner(runner)
                .metrics(SimpleMetrics.summaryLines()).workers(3).build().run();

        List<ExperimentRecord> history = report.state().history();
        assertThat(history).extracting(ExperimentRecord::experiment).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6);
        assertThat(history).extracting(ExperimentRecord::status).allMatch(s -> !s.isFailure());
        // The three that hung ran again (from their journalled commits); only what was never proposed was asked for.
        assertThat(runner.requests()).extracting(RunRequest::experiment)
                .containsAll(hung.stream().map(Integer::valueOf).toList());
        assertThat(asked.get()).as("only the experiments never proposed are asked for")
                .isEqualTo(6 - (left.records().size() - 1) - left.pending().size());
        assertThat(report.bestMetric().getAsDouble()).isLessThan(15.0);
        assertThat(Journal.read(session.resolve("journal.jsonl")).pending()).isEmpty();
        assertThat(SessionLock.livePid(session.resolve("lock"))).isEmpty();
        // The user's checkout is untouched: its branch, its files.
        assertThat(repo.git("rev-parse", "--abbrev-ref", "HEAD")).isNotEqualTo("autoresearch/killed");
        assertThat(repo.git("status", "--porcelain", "--untracked-files=no")).isEmpty();
        assertThat(repo.read("a.txt")).isEqualTo("5\n");
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (java.io.IOException e) {
            return List.of(); // being written
        }
    }
}
