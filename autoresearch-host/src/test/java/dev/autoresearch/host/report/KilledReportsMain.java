package dev.autoresearch.host.report;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.StopCriteria;
import dev.autoresearch.core.testing.InProcessRunner;
import dev.autoresearch.core.testing.ScriptedStrategy;
import dev.autoresearch.core.testing.SimpleMetrics;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A session with its reports, in a JVM of its own so that a test can kill it with SIGKILL:
 * experiment 3 writes a marker file and hangs until it is killed.
 */
public final class KilledReportsMain {
    private KilledReportsMain() {
    }

    static ProgramSpec spec(Path repo, int experiments) {
        return ProgramSpec.builder().source(repo.resolve("program.md")).metric("score").direction(Direction.MINIMIZE)
                .run("./train").editable("score.txt").stop(StopCriteria.DEFAULT.withMaxExperiments(experiments)).build();
    }

    static ScriptedStrategy strategy() {
        return ScriptedStrategy.writing("score.txt", "9\n", "12\n", "8\n", "7\n", "6\n");
    }

    static InProcessRunner runner(Path marker) {
        return new InProcessRunner(request -> {
            if (request.experiment() == 3 && !Files.exists(marker)) {
                Files.writeString(marker, "in experiment 3");
                Thread.sleep(600_000);
            }
            return InProcessRunner.Outcome.ok(
                    "score: " + Files.readString(request.workingDirectory().resolve("score.txt")).strip() + "\n");
        });
    }

    public static void main(String[] args) {
        Path repo = Path.of(args[0]);
        ResearchLoop.builder().repository(repo).tag("killed").program(spec(repo, 5)).strategy(strategy())
                .runner(runner(Path.of(args[1]))).metrics(SimpleMetrics.summaryLines()).listener(new SessionReports())
                .build().run();
    }
}
