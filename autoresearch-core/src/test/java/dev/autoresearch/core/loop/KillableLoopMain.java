package dev.autoresearch.core.loop;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.testing.InProcessRunner;
import dev.autoresearch.core.testing.ScriptedStrategy;
import dev.autoresearch.core.testing.SimpleMetrics;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs a session in a separate JVM so a test can kill it with SIGKILL: experiment 3 announces
 * itself by writing a marker file and then hangs until it is killed.
 */
public final class KillableLoopMain {
    private KillableLoopMain() {
    }

    static ProgramSpec spec(Path repo) {
        return ProgramSpec.builder().source(repo.resolve("program.md")).metric("score").direction(Direction.MINIMIZE)
                .run("./train").editable("score.txt").build();
    }

    static ScriptedStrategy strategy() {
        return ScriptedStrategy.writing("score.txt", "9\n", "12\n", "8\n", "7\n", "6\n");
    }

    public static void main(String[] args) {
        Path repo = Path.of(args[0]);
        Path marker = Path.of(args[1]);
        InProcessRunner runner = new InProcessRunner(request -> {
            if (request.experiment() == 3) {
                Files.writeString(marker, "in experiment 3");
                Thread.sleep(600_000);
            }
            return InProcessRunner.Outcome.ok(
                    "score: " + Files.readString(request.workingDirectory().resolve("score.txt")).strip() + "\n");
        });
        ResearchLoop.builder().repository(repo).tag("killed").program(spec(repo)).strategy(strategy())
                .runner(runner).metrics(SimpleMetrics.summaryLines()).build().run();
    }
}
