package dev.autoresearch.runners.slurm;

import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.StoppingPolicies;
import dev.autoresearch.core.testing.ScriptedStrategy;
import dev.autoresearch.runners.MetricExtractors;
import dev.autoresearch.runners.SlurmRunner;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A session of 2 lanes whose runs are Slurm jobs, for {@link SlurmSessionTest}; {@link #main} runs it
 * in a JVM of its own, which the test kills with SIGKILL while jobs run.
 */
public final class SlurmSessionMain {
    static final String PROGRAM = """
            ---
            metric: score
            direction: minimize
            run: sh train.sh
            timeout: 1m
            editable: [score.txt]
            slurm:
              cpus: 1
            ---
            """;

    private SlurmSessionMain() {
    }

    /** The session on {@code repo}, stopping after {@code experiments} experiments. */
    static ResearchReport run(Path repo, int experiments) {
        ProgramSpec spec = ProgramSpec.parse(PROGRAM, repo.resolve("program.md")).build();
        SlurmRunner runner = SlurmRunner.builder().options(spec.slurm()).gracePeriod(Duration.ofSeconds(2))
                .pollInterval(Duration.ofMillis(200)).build();
        return ResearchLoop.builder().repository(repo).tag("slurm").program(spec).workers(2)
                .strategy(ScriptedStrategy.writing("score.txt", "7\n", "3\n", "4\n", "2\n", "6\n", "1\n"))
                .runner(runner).metrics(MetricExtractors.defaults())
                .stopWhen(StoppingPolicies.maxExperiments(experiments)).build().run();
    }

    public static void main(String[] args) {
        run(Path.of(args[0]), Integer.parseInt(args[1]));
    }
}
