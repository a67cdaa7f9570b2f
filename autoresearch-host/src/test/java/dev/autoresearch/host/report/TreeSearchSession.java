package dev.autoresearch.host.report;

import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.journal.SessionFiles;
import dev.autoresearch.core.testing.InProcessRunner;
import dev.autoresearch.core.testing.SimpleMetrics;
import dev.autoresearch.core.testing.TestRepo;
import dev.autoresearch.core.testing.TwoOptima;
import dev.autoresearch.core.tune.ParameterTuner;

import java.nio.file.Path;

/**
 * A real search made through the loop as program.md asks for it ({@code search: tree}, say): the
 * tuner on {@link TwoOptima}'s landscape, an in-process runner, and {@link SessionReports} listening
 * as the command's run does.
 */
final class TreeSearchSession {
    private TreeSearchSession() {
    }

    /** Runs {@code experiments} experiments after the baseline, searching as {@code search} says, in a session tagged {@code s}. */
    static SessionFiles run(Path dir, String search, int experiments) {
        TestRepo repo = TestRepo.init(dir.resolve("project"));
        repo.write("params.py", TwoOptima.PARAMS).write("program.md", TwoOptima.program(search, experiments));
        repo.commitAll("initial");
        ProgramSpec spec = ProgramSpec.parse(repo.root().resolve("program.md")).build();
        ParameterTuner tuner = ParameterTuner.create(spec.tune(), 7);
        InProcessRunner runner = new InProcessRunner(request -> InProcessRunner.Outcome.ok(
                "score: " + TwoOptima.score(tuner.validate(request.workingDirectory())) + "\n"));
        ResearchLoop.builder().repository(repo.root()).tag("s").program(spec).strategy(tuner).runner(runner)
                .metrics(SimpleMetrics.summaryLines()).listener(new SessionReports()).build().run();
        return SessionFiles.of(repo.root(), "s");
    }
}
