package dev.autoresearch.core.ideas;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.StopCriteria;
import dev.autoresearch.core.testing.InProcessRunner;
import dev.autoresearch.core.testing.SimpleMetrics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs a session in a JVM of its own, so that a test can kill it with SIGKILL while experiment 1, the one offered
 * the user's first idea, runs: it writes a marker file, then hangs until killed.
 */
public final class UserIdeaKillMain {
    private UserIdeaKillMain() {
    }

    static ProgramSpec spec(Path repo, int experiments) {
        return ProgramSpec.builder().source(repo.resolve("program.md")).metric("score").direction(Direction.MINIMIZE)
                .run("./train").editable("a.txt", "b.txt").stop(StopCriteria.DEFAULT.withMaxExperiments(experiments))
                .build();
    }

    /** The score is the sum of the numbers in a.txt and b.txt. */
    static double score(Path worktree) throws Exception {
        return Double.parseDouble(Files.readString(worktree.resolve("a.txt")).strip())
                + Double.parseDouble(Files.readString(worktree.resolve("b.txt")).strip());
    }

    public static void main(String[] args) {
        Path repo = Path.of(args[0]);
        Path marker = Path.of(args[1]);
        InProcessRunner runner = new InProcessRunner(request -> {
            if (request.experiment() == 1) {
                Files.writeString(marker, "in experiment 1");
                Thread.sleep(600_000);
            }
            return InProcessRunner.Outcome.ok("score: " + score(request.workingDirectory()) + "\n");
        });
        RepeatingModel model = RepeatingModel.of(
                new RepeatingModel.Step("halve b", "", Map.of("b.txt", "5\n")),
                new RepeatingModel.Step("a at 9", "", Map.of("a.txt", "9\n")));
        ResearchLoop.builder().repository(repo).tag("t").program(spec(repo, 2)).strategy(model).runner(runner)
                .metrics(SimpleMetrics.summaryLines()).build().run();
    }
}
