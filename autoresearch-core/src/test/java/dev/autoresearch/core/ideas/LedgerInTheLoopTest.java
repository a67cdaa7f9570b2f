package dev.autoresearch.core.ideas;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchContext;
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
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** What the loop writes to the ideas ledger and what a strategy is shown of it. */
class LedgerInTheLoopTest {
    @TempDir
    Path dir;

    TestRepo repo;

    /** The score is the sum of the numbers in a.txt and b.txt. */
    final InProcessRunner runner = new InProcessRunner(request -> {
        double a = Double.parseDouble(Files.readString(request.workingDirectory().resolve("a.txt")).strip());
        double b = Double.parseDouble(Files.readString(request.workingDirectory().resolve("b.txt")).strip());
        return InProcessRunner.Outcome.ok("score: " + (a + b) + "\n");
    });

    @BeforeEach
    void setUp() {
        repo = TestRepo.init(dir.resolve("project"));
        repo.write("a.txt", "10\n").write("b.txt", "10\n").write("program.md", "---\nmetric: score\n---\n")
                .commitAll("initial");
    }

    ResearchLoop.Builder session(RepeatingModel model, int experiments) {
        ProgramSpec spec = ProgramSpec.builder().source(repo.root().resolve("program.md")).metric("score")
                .direction(Direction.MINIMIZE).run("./train").editable("a.txt", "b.txt")
                .stop(StopCriteria.DEFAULT.withMaxExperiments(experiments)).build();
        return ResearchLoop.builder().repository(repo.root()).tag("t").program(spec).strategy(model)
                .runner(runner).metrics(SimpleMetrics.summaryLines());
    }

    static RepeatingModel.Step step(String title, String file, String value) {
        return new RepeatingModel.Step(title, "", Map.of(file, value + "\n"));
    }

    @Test
    void everyExperimentIsALineOfTheLedgerWithWhatItTouchedAndHowItWent() {
        RepeatingModel model = RepeatingModel.of(step("raise a", "a.txt", "12"), step("lower a", "a.txt", "8"));

        ResearchReport report = session(model, 2).build().run();

        List<Idea> ledger = IdeasLedger.of(repo.root()).read();
        assertThat(ledger).extracting(Idea::id).containsExactly("t/0", "t/1", "t/2");
        Idea raised = ledger.get(1);
        assertThat(raised.title()).isEqualTo("raise a");
        assertThat(raised.status()).isEqualTo(Status.DISCARD);
        assertThat(raised.delta().getAsDouble()).isEqualTo(2.0);
        assertThat(raised.change().files()).containsExactly("a.txt");
        assertThat(raised.reason()).contains("worse");
        assertThat(raised.parent()).isEqualTo(report.state().history().get(0).commit());
        assertThat(raised.parentTree()).isEqualTo(repo.git("rev-parse", raised.parent() + "^{tree}"));
        assertThat(raised.tree()).isEqualTo(repo.git("rev-parse", raised.commit() + "^{tree}"));
        assertThat(ledger.get(2).status()).isEqualTo(Status.KEEP);
        assertThat(ledger.get(2).delta().getAsDouble()).isEqualTo(-2.0);
    }

    @Test
    void theUsersIdeasAreOfferedFirstMarkedOnceTriedAndCounted() throws Exception {
        repo.write("ideas.md", "# My ideas\n- halve b\n- try a at 9\n");
        RepeatingModel model = RepeatingModel.of(step("halve b", "b.txt", "5"), step("a at 9", "a.txt", "9"),
                step("b at 4", "b.txt", "4"));

        session(model, 3).build().run();

        assertThat(model.asked()).extracting(c -> c.ideas().offered())
                .containsExactly(Optional.of("halve b"), Optional.of("try a at 9"), Optional.empty());
        assertThat(model.asked()).extracting(c -> c.ideas().userIdeasOpen()).containsExactly(2, 1, 0);
        List<Idea> ledger = IdeasLedger.of(repo.root()).read();
        assertThat(ledger).extracting(Idea::userIdea).containsExactly(Optional.empty(), Optional.of("halve b"),
                Optional.of("try a at 9"), Optional.empty());
        assertThat(UserIdeas.read(repo.root().resolve("ideas.md")).open(ledger)).isEmpty();
    }

    @Test
    void aStrategyThatDoesNotTakeTheUsersIdeasLeavesThemOpen() {
        repo.write("ideas.md", "- halve b\n");

        session(RepeatingModel.of(step("b at 4", "b.txt", "4")).notReadingIdeas(), 1).build().run();

        assertThat(UserIdeas.read(repo.root().resolve("ideas.md")).open(IdeasLedger.of(repo.root()).read()))
                .containsExactly("halve b");
    }

    @Test
    void aDiscardedIdeaIsShownAsWorthRetryingOnceTheCodeItTouchedWasChangedByAKeep() {
        RepeatingModel model = RepeatingModel.of(step("raise a", "a.txt", "12"), step("raise b", "b.txt", "13"),
                step("lower a", "a.txt", "5"), step("lower b", "b.txt", "9"));

        session(model, 4).build().run();

        // Experiment 4 starts from the champion "lower a": "raise a" touched a.txt, changed since.
        ResearchContext fourth = model.asked().get(3);
        assertThat(entries(fourth)).containsEntry("t/1", IdeasView.Mark.WORTH_RETRYING)
                .containsEntry("t/2", IdeasView.Mark.TRIED).containsEntry("t/3", IdeasView.Mark.KEPT);
        // Experiment 3 started from the baseline: nothing had moved yet.
        assertThat(entries(model.asked().get(2))).containsEntry("t/1", IdeasView.Mark.TRIED);
    }

    static Map<String, IdeasView.Mark> entries(ResearchContext context) {
        Map<String, IdeasView.Mark> marks = new java.util.HashMap<>();
        context.ideas().groups().forEach(g -> g.entries().forEach(e -> marks.put(e.id(), e.mark())));
        return marks;
    }
}
