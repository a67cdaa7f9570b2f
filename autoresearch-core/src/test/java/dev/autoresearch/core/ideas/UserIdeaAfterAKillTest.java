package dev.autoresearch.core.ideas;

import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.testing.InProcessRunner;
import dev.autoresearch.core.testing.KilledJvm;
import dev.autoresearch.core.testing.SimpleMetrics;
import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A user's idea given to a proposal stays given after the session is killed with SIGKILL and resumed. */
class UserIdeaAfterAKillTest {
    @TempDir
    Path dir;

    @Test
    void anIdeaGivenToAPendingExperimentIsNotOfferedAgainAfterAKillAndIsMarkedWhenItIsRecorded() throws Exception {
        TestRepo repo = TestRepo.init(dir.resolve("project"));
        repo.write("a.txt", "10\n").write("b.txt", "10\n").write("program.md", "---\nmetric: score\n---\n")
                .write("ideas.md", "- halve b\n- try a at 9\n- try a at 7\n").commitAll("initial");

        KilledJvm.killWhen(UserIdeaKillMain.class, repo.root(), dir.resolve("marker"), dir.resolve("child.log"),
                m -> true);

        RepeatingModel model = RepeatingModel.of(new RepeatingModel.Step("a at 7", "", Map.of("a.txt", "7\n")),
                new RepeatingModel.Step("b at 4", "", Map.of("b.txt", "4\n")));
        InProcessRunner runner = new InProcessRunner(request -> InProcessRunner.Outcome.ok(
                "score: " + UserIdeaKillMain.score(request.workingDirectory()) + "\n"));
        ResearchLoop.builder().repository(repo.root()).tag("t").program(UserIdeaKillMain.spec(repo.root(), 3))
                .strategy(model).runner(runner).metrics(SimpleMetrics.summaryLines()).build().run();

        // Experiment 1 was given "halve b" before the kill: the resumed session offers it to no new proposal...
        assertThat(model.asked()).isNotEmpty();
        assertThat(model.asked()).extracting(c -> c.ideas().offered()).doesNotContain(Optional.of("halve b"));
        // ...and marks it tried when experiment 1, run again under its number, is recorded.
        assertThat(IdeasLedger.of(repo.root()).read()).filteredOn(i -> i.experiment() == 1).singleElement()
                .satisfies(i -> assertThat(i.userIdea()).contains("halve b"));
    }
}
