package dev.autoresearch.runners;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.StopCriteria;
import dev.autoresearch.core.testing.ScriptedStrategy;
import dev.autoresearch.core.testing.SimpleMetrics;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A session for {@link KilledSessionTest}: a loop in a repository whose run sleeps for the runner's
 * {@code SLEEP} seconds. The test runs it in a JVM that it kills mid-run, then again in its own JVM
 * to resume.
 */
public final class KilledSessionFixture {
    private KilledSessionFixture() {
    }

    static ResearchLoop loop(Path repository, String sleepSeconds) {
        ProgramSpec spec = ProgramSpec.builder().metric("score").direction(Direction.MINIMIZE)
                .run("sh run.sh").timeout(Duration.ofMinutes(2)).editable("score.txt")
                .stop(StopCriteria.DEFAULT.withMaxExperiments(1)).build();
        ProcessRunner runner = ProcessRunner.builder().gracePeriod(Duration.ofSeconds(1))
                .environment("SLEEP", sleepSeconds).build();
        return ResearchLoop.builder().repository(repository).tag("killed").program(spec)
                .strategy(ScriptedStrategy.writing("score.txt", "5\n")).runner(runner)
                .metrics(SimpleMetrics.summaryLines()).build();
    }

    public static void main(String[] args) {
        loop(Path.of(args[0]), args[1]).run();
    }
}
