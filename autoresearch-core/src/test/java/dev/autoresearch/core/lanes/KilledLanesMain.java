package dev.autoresearch.core.lanes;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.StopCriteria;
import dev.autoresearch.core.testing.InProcessRunner;
import dev.autoresearch.core.testing.ScriptedStrategy;
import dev.autoresearch.core.testing.SimpleMetrics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A session with three lanes in a JVM of its own, for a test to kill with SIGKILL: experiments 2, 3
 * and 4 each append their number to a marker file and hang.
 */
public final class KilledLanesMain {
    private KilledLanesMain() {
    }

    static ProgramSpec spec(Path repo, int max) {
        return ProgramSpec.builder().source(repo.resolve("program.md")).metric("score").direction(Direction.MINIMIZE)
                .run("./train").editable("a.txt", "b.txt", "c.txt").stop(StopCriteria.DEFAULT.withMaxExperiments(max))
                .build();
    }

    static ScriptedStrategy strategy() {
        return ScriptedStrategy.of(ScriptedStrategy.step("a 4", java.util.Map.of("a.txt", "4\n")),
                ScriptedStrategy.step("b 4", java.util.Map.of("b.txt", "4\n")),
                ScriptedStrategy.step("c 4", java.util.Map.of("c.txt", "4\n")),
                ScriptedStrategy.step("a 3", java.util.Map.of("a.txt", "3\n")),
                ScriptedStrategy.step("b 3", java.util.Map.of("b.txt", "3\n")),
                ScriptedStrategy.step("c 3", java.util.Map.of("c.txt", "3\n"))).ahead();
    }

    static String score(Path worktree) throws Exception {
        int sum = 0;
        for (String f : new String[] {"a.txt", "b.txt", "c.txt"}) {
            sum += Integer.parseInt(Files.readString(worktree.resolve(f)).strip());
        }
        return "score: " + sum + "\n";
    }

    public static void main(String[] args) {
        Path repo = Path.of(args[0]);
        Path marker = Path.of(args[1]);
        InProcessRunner runner = new InProcessRunner(request -> {
            if (request.experiment() >= 2) {
                Files.writeString(marker, request.experiment() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                Thread.sleep(600_000);
            }
            return InProcessRunner.Outcome.ok(score(request.workingDirectory()));
        });
        ResearchLoop.builder().repository(repo).tag("killed").program(spec(repo, 6)).strategy(strategy())
                .runner(runner).metrics(SimpleMetrics.summaryLines()).workers(3).build().run();
    }
}
