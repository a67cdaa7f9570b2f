package dev.autoresearch.core.bench;

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
 * The session the loop benchmarks time: a run that takes no time (an in-process runner printing
 * the number in {@code score.txt}), a scripted strategy that keeps every third experiment and
 * discards those between, one lane, tag {@code bench}. What it costs is the loop's own.
 */
public final class NoTimeSession {
    private NoTimeSession() {
    }

    /**
     * A session of {@code experiments} in all in {@code repository}, whose {@code score.txt} holds
     * 1000; {@code readonly} are the program's readonly patterns (each is checked after every run).
     */
    public static ResearchLoop.Builder builder(Path repository, int experiments, String... readonly) {
        String[] values = new String[experiments];
        for (int i = 0; i < experiments; i++) {
            values[i] = (i % 3 == 0 ? 999 - i : 2000 + i) + "\n";
        }
        InProcessRunner runner = new InProcessRunner(request -> InProcessRunner.Outcome.ok(
                "score: " + Files.readString(request.workingDirectory().resolve("score.txt")).strip() + "\n"));
        ProgramSpec spec = ProgramSpec.builder().metric("score").direction(Direction.MINIMIZE).run("train")
                .editable("score.txt").readonly(readonly).stop(StopCriteria.DEFAULT.withMaxExperiments(experiments))
                .build();
        return ResearchLoop.builder().repository(repository).tag("bench").program(spec)
                .strategy(ScriptedStrategy.writing("score.txt", values)).runner(runner)
                .metrics(SimpleMetrics.summaryLines());
    }
}
