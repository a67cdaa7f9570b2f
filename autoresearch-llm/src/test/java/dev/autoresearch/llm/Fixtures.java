package dev.autoresearch.llm;

import dev.autoresearch.core.testing.TestRecords;
import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchContext;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.Status;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/** Small builders for specs, records, states and worktrees used across the tests. */
public final class Fixtures {
    static final String TRAIN_PY = String.join("\n",
            "import math",
            "",
            "MATRIX_LR = 0.04",
            "EMBED_LR = 0.6",
            "BATCH = 64",
            "",
            "def schedule(step):",
            "    if step < 100:",
            "        return step / 100",
            "    return 1.0",
            "",
            "def train():",
            "    lr = MATRIX_LR",
            "    for step in range(10):",
            "        lr = lr * schedule(step)",
            "    print(f\"val_bpb={lr}\")",
            "");
    static final String PREPARE_PY = "def evaluate():\n    return 1.0\n";

    private Fixtures() {
    }

    static ProgramSpec spec() {
        return ProgramSpec.builder()
                .prose("Make val_bpb as low as possible. Change only train.py.")
                .metric("val_bpb").direction(Direction.MINIMIZE)
                .run("python train.py")
                .editable("train.py")
                .readonly("prepare.py")
                .build();
    }

    /** A worktree holding train.py, prepare.py and notes.md. */
    static Path worktree(Path dir) {
        write(dir.resolve("train.py"), TRAIN_PY);
        write(dir.resolve("prepare.py"), PREPARE_PY);
        write(dir.resolve("notes.md"), "notes\n");
        return dir;
    }

    static void write(Path file, String content) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ExperimentRecord record(int n, Status status, double metric, String title) {
        return record(n, status, Double.isNaN(metric) ? OptionalDouble.empty() : OptionalDouble.of(metric), title, "");
    }

    /** Experiment {@code n} as the prompt tests show it: the baseline for 0, five minutes on 2025-01-01. */
    public static ExperimentRecord record(int n, Status status, OptionalDouble metric, String title, String reason) {
        return TestRecords.record(n).status(status).metric(metric)
                .hypothesis(n == 0 ? Hypothesis.baseline() : new Hypothesis(title, "because"))
                .startedAt(Instant.parse("2025-01-01T00:00:00Z")).duration(Duration.ofMinutes(5)).reason(reason).build();
    }

    /** A baseline at 1.0. */
    static ResearchState baselineOnly() {
        return ResearchState.empty().with(record(0, Status.KEEP, 1.0, "baseline"));
    }

    /**
     * A state of {@code size} records: the baseline, then experiments whose every
     * {@code keepEvery}-th is kept (improving), the others discarded or crashed.
     */
    static ResearchState synthetic(int size, int keepEvery) {
        List<ExperimentRecord> records = new ArrayList<>();
        records.add(record(0, Status.KEEP, 1.0, "baseline"));
        double best = 1.0;
        for (int i = 1; i < size; i++) {
            String title = String.format("Try variant %04d of the learning rate schedule with warmup", i);
            if (i % keepEvery == 0) {
                best = best - 0.001;
                records.add(record(i, Status.KEEP, best, title));
            } else if (i % 7 == 0) {
                records.add(record(i, Status.CRASH, OptionalDouble.empty(), title, "exit 1"));
            } else {
                records.add(record(i, Status.DISCARD, best + 0.0123, title));
            }
        }
        return ResearchState.of(records);
    }

    static ResearchContext context(ProgramSpec spec, ResearchState state, Path worktree) {
        return new ResearchContext(spec, state, state.nextExperiment(), worktree, worktree.resolve(".autoresearch/t"));
    }

    /** A clean reply in the documented format. */
    static String cleanReply(String title, String from, String to) {
        return "HYPOTHESIS: " + title + "\n"
                + "RATIONALE: The loss is still falling steeply at the end of the budget.\n\n"
                + "train.py\n<<<<<<< SEARCH\n" + from + "\n=======\n" + to + "\n>>>>>>> REPLACE\n";
    }
}
