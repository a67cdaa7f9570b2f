package dev.autoresearch.core.ideas;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.StopCriteria;
import dev.autoresearch.core.testing.InProcessRunner;
import dev.autoresearch.core.testing.SimpleMetrics;
import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A second session on the same repository, with a stand-in model that repeats the first session's
 * proposals: what the first measured from the same code is refused before it runs.
 */
class AcrossSessionsTest {
    @TempDir
    Path dir;

    TestRepo repo;

    final InProcessRunner runner = new InProcessRunner(request -> InProcessRunner.Outcome.ok(
            "score: " + Files.readString(request.workingDirectory().resolve("score.txt")).strip() + "\n"));

    @BeforeEach
    void setUp() {
        repo = TestRepo.init(dir.resolve("project"));
        repo.write("score.txt", "10\n").write("program.md", "---\nmetric: score\n---\n").commitAll("initial");
    }

    ResearchLoop.Builder session(String tag, RepeatingModel model, int experiments) {
        ProgramSpec spec = ProgramSpec.builder().source(repo.root().resolve("program.md")).metric("score")
                .direction(Direction.MINIMIZE).run("./train").editable("score.txt")
                .stop(StopCriteria.DEFAULT.withMaxExperiments(experiments)).build();
        return ResearchLoop.builder().repository(repo.root()).tag(tag).program(spec).strategy(model)
                .runner(runner).metrics(SimpleMetrics.summaryLines());
    }

    @Test
    void aSecondSessionRefusesTheFirstSessionsChangesFromTheSameCode() {
        // The first session's changes all lose, so each was measured from the unchanged code.
        session("first", RepeatingModel.writing("score.txt", "11", "12", "13"), 3).build().run();
        int runsOfTheFirst = runner.requests().size();

        RepeatingModel again = RepeatingModel.writing("score.txt", "11", "12", "13", "9", "14");
        ResearchReport second = session("second", again, 3).build().run();

        // Three repeats in a row end that proposal as a record that never ran (lane 0).
        List<ExperimentRecord> measured = second.state().history().stream().filter(r -> r.lane() > 0)
                .filter(r -> !r.isBaseline()).toList();
        assertThat(measured).extracting(r -> r.hypothesis().title())
                .doesNotContain("set score.txt to 11", "set score.txt to 12", "set score.txt to 13");
        assertThat(measured).extracting(r -> r.hypothesis().title())
                .containsExactly("set score.txt to 9", "set score.txt to 14");
        // The baseline and the two new changes ran; the three repeats did not.
        assertThat(runner.requests().subList(runsOfTheFirst, runner.requests().size()))
                .extracting(r -> r.experiment()).filteredOn(n -> n > 0).containsExactly(2, 3);
        // The model was told which earlier experiment it repeated, and how that went.
        assertThat(again.feedback()).anySatisfy(f -> assertThat(f).contains("experiment 1 of session first",
                "\"set score.txt to 11\"", "discard", "earlier session"));
    }

    @Test
    void freshMemoryMeasuresTheFirstSessionsChangesAgain() {
        session("first", RepeatingModel.writing("score.txt", "11", "12"), 2).build().run();

        ResearchReport second = session("second", RepeatingModel.writing("score.txt", "11", "12"), 2)
                .freshMemory(true).build().run();

        assertThat(second.state().history()).extracting(r -> r.hypothesis().title())
                .containsExactly("baseline", "set score.txt to 11", "set score.txt to 12");
        assertThat(second.state().history()).extracting(ExperimentRecord::status)
                .containsExactly(Status.KEEP, Status.DISCARD, Status.DISCARD);
    }

    @Test
    void theSameChangeFromOtherCodeIsMeasuredAgain() {
        // "8" kept: the first session's second change was made from the code with 8, not from the start.
        session("first", RepeatingModel.writing("score.txt", "8", "9"), 2).build().run();

        ResearchReport second = session("second", RepeatingModel.writing("score.txt", "9", "7"), 2).build().run();

        // 9 from the unchanged code was never measured: it runs (and is kept); 7 from 9 is new too.
        assertThat(second.state().history()).extracting(r -> r.hypothesis().title())
                .containsExactly("baseline", "set score.txt to 9", "set score.txt to 7");
    }
}
