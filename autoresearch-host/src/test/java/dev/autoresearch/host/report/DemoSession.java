package dev.autoresearch.host.report;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.StopCriteria;
import dev.autoresearch.core.journal.SessionFiles;
import dev.autoresearch.core.testing.InProcessRunner;
import dev.autoresearch.core.testing.InProcessRunner.Outcome;
import dev.autoresearch.core.testing.ScriptedStrategy;
import dev.autoresearch.core.testing.SimpleMetrics;
import dev.autoresearch.core.testing.TestRepo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real session made through the loop (real git, real journal, patches and logs) with an
 * in-process runner that prints the number in {@code score.txt} as {@code score} (or crashes when
 * it says {@code crash}), and {@link SessionReports} listening as the command's run does.
 */
final class DemoSession {
    private DemoSession() {
    }

    /** Scores for experiments 1.. after a baseline of 10: keeps, discards and a crash. */
    static final List<String> SCORES = List.of("8.4", "9.1", "7.9", "crash", "8.8", "6.95", "7.2", "6.4");

    /** Runs a session tagged {@code demo} in {@code dir} with {@link #SCORES}. */
    static SessionFiles run(Path dir) {
        return run(dir, SCORES);
    }

    /** Runs a session tagged {@code demo} in {@code dir}: a baseline of 10, then one experiment per score. */
    static SessionFiles run(Path dir, List<String> scores) {
        return run(dir, scores, 1);
    }

    /** As {@link #run(Path, List)}, on {@code workers} lanes side by side; each run takes a little while so they overlap. */
    static SessionFiles run(Path dir, List<String> scores, int workers) {
        return run(dir, scores, workers, new SessionReports());
    }

    /** As {@link #run(Path, List, int)}, with {@code reports} listening. */
    static SessionFiles run(Path dir, List<String> scores, int workers, SessionReports reports) {
        TestRepo repo = TestRepo.init(dir.resolve("project"));
        repo.write("score.txt", "10\n").write("train.py", trainPy(0)).write("program.md", "---\nmetric: score\n---\n");
        repo.commitAll("initial");
        List<ScriptedStrategy.Step> steps = new ArrayList<>();
        String[] ideas = {"raise LEARNING_RATE 0.01 -> 0.02", "widen HIDDEN 256 -> 512", "add a cosine warmup of 200 steps",
                "batch size 64 -> 128", "weight decay 0.1 -> 0.05", "swap GELU for SwiGLU", "dropout 0.1 -> 0", "tie embeddings"};
        for (int i = 0; i < scores.size(); i++) {
            steps.add(ScriptedStrategy.step(ideas[i % ideas.length],
                    Map.of("score.txt", scores.get(i) + "\n", "train.py", trainPy(i + 1))));
        }
        InProcessRunner runner = new InProcessRunner(request -> {
            String score = Files.readString(request.workingDirectory().resolve("score.txt")).strip();
            if (workers > 1) {
                Thread.sleep(300);
            }
            if (score.equals("crash")) {
                return Outcome.fail(1, "step 0 | loss 3.2\nTraceback (most recent call last):\nRuntimeError: CUDA out of memory\n");
            }
            return Outcome.ok("step 100 | loss 2.9\nstep 200 | loss 2.4\nscore: " + score + "\n");
        });
        ProgramSpec spec = ProgramSpec.builder().source(repo.root().resolve("program.md")).metric("score")
                .direction(Direction.MINIMIZE).run("./train").editable("score.txt", "train.py")
                .stop(StopCriteria.DEFAULT.withMaxExperiments(scores.size())).build();
        ResearchLoop.builder().repository(repo.root()).tag("demo").program(spec)
                .strategy(ScriptedStrategy.of(steps.toArray(ScriptedStrategy.Step[]::new)))
                .runner(runner).workers(workers).metrics(SimpleMetrics.summaryLines()).listener(reports)
                .build().run();
        return SessionFiles.of(repo.root(), "demo");
    }

    private static String trainPy(int version) {
        return "import torch\n\n"
                + "LEARNING_RATE = " + (0.01 * (1 + version % 3)) + "\n"
                + "HIDDEN = " + (256 << (version % 2)) + "\n"
                + "WARMUP_STEPS = " + (version * 50) + "\n\n"
                + "def train(model, data):\n"
                + "    for step, batch in enumerate(data):\n"
                + "        loss = model(batch)\n"
                + "        loss.backward()\n";
    }
}
