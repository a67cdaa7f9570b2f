package dev.autoresearch.core.loop;

import dev.autoresearch.core.Change;
import dev.autoresearch.core.CodeMutator;
import dev.autoresearch.core.Direction;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.HypothesisGenerator;
import dev.autoresearch.core.MutationResult;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchContext;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.StopCriteria;
import dev.autoresearch.core.TokenUsage;
import dev.autoresearch.core.testing.InProcessRunner;
import dev.autoresearch.core.testing.SimpleMetrics;
import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A strategy reads the champion's code in its view at every proposal, whether the experiment before
 * was kept or discarded, and each experiment's commit and patch are its change on that champion.
 */
class ProposalViewTest {
    @TempDir
    Path dir;

    /** Writes the next score into score.txt and remembers what the view held when it was asked. */
    static final class Reading implements HypothesisGenerator, CodeMutator {
        final List<String> scores = List.of("9", "12", "8", "11", "13", "7");
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public Hypothesis propose(ResearchContext context) {
            try {
                seen.add(Files.readString(context.worktree().resolve("score.txt")).strip() + " "
                        + Files.readString(context.worktree().resolve("notes.txt")).strip());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String score = scores.get(context.experiment() - 1);
            return new Hypothesis("score " + score, "", score, TokenUsage.ZERO);
        }

        @Override
        public MutationResult mutate(Hypothesis hypothesis, ResearchContext context) {
            return new MutationResult.Applied(new Change(Map.of("score.txt", hypothesis.plan() + "\n")));
        }
    }

    @Test
    void theViewHoldsTheChampionAtEveryProposalAndEachCommitIsItsChangeOnIt() throws Exception {
        TestRepo repo = TestRepo.init(dir.resolve("project"));
        repo.write("score.txt", "10\n").write("notes.txt", "n\n").commitAll("initial");
        Reading strategy = new Reading();
        InProcessRunner runner = new InProcessRunner(request -> InProcessRunner.Outcome.ok(
                "score: " + Files.readString(request.workingDirectory().resolve("score.txt")).strip() + "\n"));
        ResearchReport report = ResearchLoop.builder().repository(repo.root()).tag("v")
                .program(ProgramSpec.builder().metric("score").direction(Direction.MINIMIZE).run("./train")
                        .editable("score.txt").stop(StopCriteria.DEFAULT.withMaxExperiments(6)).build())
                .strategy(strategy).runner(runner).metrics(SimpleMetrics.summaryLines()).build().run();

        assertThat(report.state().history().stream().skip(1).map(r -> r.status()).toList())
                .as(report.state().history().stream().map(r -> r.reason()).toList().toString()).containsExactly(
                Status.KEEP, Status.DISCARD, Status.KEEP, Status.DISCARD, Status.DISCARD, Status.KEEP);
        assertThat(strategy.seen).containsExactly("10 n", "9 n", "9 n", "8 n", "8 n", "8 n");
        for (int n = 1; n <= 6; n++) {
            String commit = report.state().record(n).orElseThrow().commit();
            String parent = report.state().record(n).orElseThrow().parent();
            assertThat(repo.git("show", commit + ":score.txt")).isEqualTo(strategy.scores.get(n - 1));
            assertThat(repo.git("show", commit + ":notes.txt")).isEqualTo("n");
            assertThat(repo.git("rev-parse", commit + "^")).isEqualTo(parent);
            assertThat(repo.read(".autoresearch/v/patches/" + n + ".diff").strip())
                    .as("experiment %d's patch", n).isEqualTo(repo.git("diff", "--no-color", parent, commit));
        }
    }
}
