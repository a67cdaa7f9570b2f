package dev.autoresearch.core.ideas;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The proposer asks the host's novelty check before a run is spent, and sends a near-duplicate back. */
class NoveltyInTheProposerTest {
    @TempDir
    Path dir;

    TestRepo repo;

    final InProcessRunner runner = new InProcessRunner(request -> InProcessRunner.Outcome.ok(
            "score: " + Files.readString(request.workingDirectory().resolve("lr.txt")).strip() + "\n"));

    /**
     * A fake check that knows two paraphrases ("increase" is "raise", "lr" is "the learning rate") and
     * calls ideas the same when their hypotheses say the same words then; it keeps what it was asked.
     */
    static final class SynonymCheck implements NoveltyCheck {
        final List<List<IdeaText>> measuredSeen = new CopyOnWriteArrayList<>();

        static String canonical(String hypothesis) {
            return hypothesis.toLowerCase(Locale.ROOT).replace("increase", "raise").replace("the learning rate", "lr")
                    .replaceAll("[^a-z ]", "").replaceAll("\\s+", " ").strip();
        }

        @Override
        public Optional<NearDuplicate> nearest(IdeaText candidate, List<IdeaText> measured) {
            measuredSeen.add(measured);
            return measured.stream().filter(m -> canonical(m.hypothesis()).equals(canonical(candidate.hypothesis())))
                    .findFirst().map(m -> new NearDuplicate(m, 0.97, "both raise the learning rate"));
        }
    }

    @BeforeEach
    void setUp() {
        repo = TestRepo.init(dir.resolve("project"));
        repo.write("lr.txt", "10\n").write("program.md", "---\nmetric: score\n---\n").commitAll("initial");
    }

    ResearchLoop.Builder session(RepeatingModel model, double novelty) {
        ProgramSpec spec = ProgramSpec.builder().source(repo.root().resolve("program.md")).metric("score")
                .direction(Direction.MINIMIZE).run("./train").editable("lr.txt").novelty(novelty)
                .stop(StopCriteria.DEFAULT.withMaxExperiments(2)).build();
        return ResearchLoop.builder().repository(repo.root()).tag("t").program(spec).strategy(model)
                .runner(runner).metrics(SimpleMetrics.summaryLines());
    }

    static RepeatingModel model() {
        return RepeatingModel.of(
                new RepeatingModel.Step("Raise the learning rate", "", Map.of("lr.txt", "20\n")),
                new RepeatingModel.Step("Increase lr", "", Map.of("lr.txt", "20.0\n")),
                new RepeatingModel.Step("Lower the learning rate", "", Map.of("lr.txt", "5\n")));
    }

    @Test
    void aNearDuplicateIsSentBackNamingTheEarlierExperimentAndADistinctIdeaOnTheSameNameRuns() {
        SynonymCheck check = new SynonymCheck();
        RepeatingModel model = model();

        ResearchReport report = session(model, 0.9).noveltyCheck(check).build().run();

        assertThat(report.state().history()).extracting(r -> r.hypothesis().title())
                .containsExactly("baseline", "Raise the learning rate", "Lower the learning rate");
        assertThat(runner.requests()).extracting(r -> r.experiment()).filteredOn(n -> n > 0).containsExactly(1, 2);
        assertThat(model.feedback()).singleElement().asString().contains("\"Increase lr\"",
                "repeats in other words experiment 1 of session t", "\"Raise the learning rate\"", "discard",
                "both raise the learning rate");
        // The check compared the proposal with the measured idea: its hypothesis and its change.
        IdeaText earlier = check.measuredSeen.get(0).get(0);
        assertThat(earlier.id()).isEqualTo("t/1");
        assertThat(earlier.change()).contains("-10", "+20");
        assertThat(report.duplicatesSkipped()).isEqualTo(1);
    }

    @Test
    void noveltyZeroTurnsTheCheckOff() {
        SynonymCheck check = new SynonymCheck();

        ResearchReport report = session(model(), 0).noveltyCheck(check).build().run();

        assertThat(report.state().history()).extracting(r -> r.hypothesis().title())
                .containsExactly("baseline", "Raise the learning rate", "Increase lr");
        assertThat(check.measuredSeen).isEmpty();
    }
}
