package dev.autoresearch.llm.bench;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchContext;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.TokenUsage;
import dev.autoresearch.core.ideas.IdeasView;
import dev.autoresearch.llm.LlmStrategy;
import dev.autoresearch.llm.internal.EditableFiles;
import dev.autoresearch.llm.internal.LedgerIdeas;
import dev.autoresearch.llm.internal.PromptBuilder;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Prints the size of the model's prompt at experiment 20 and at 1,000 of a session, with an ideas
 * ledger of 1,000 ideas from earlier sessions and without one: the ledger's view is bounded, so it
 * adds the same text at both. A benchmark, not a test.
 *
 * <pre>
 * mvn -B -q -pl autoresearch-llm test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp autoresearch-llm/target/test-classes:autoresearch-llm/target/classes:$(cat autoresearch-llm/target/cp.txt) \
 *     dev.autoresearch.llm.bench.PromptWithLedgerBench [IDEAS]
 * </pre>
 */
public final class PromptWithLedgerBench {
    private static final ProgramSpec SPEC = ProgramSpec.builder()
            .prose("Lower val_bpb. Keep the training under five minutes.")
            .metric("val_bpb").direction(Direction.MINIMIZE).run("python train.py").editable("train.py").build();
    private static final EditableFiles FILES = new EditableFiles(Map.of("train.py", "MATRIX_LR = 0.04\n"), Set.of());

    private PromptWithLedgerBench() {
    }

    public static void main(String[] args) {
        int ideas = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        PromptBuilder prompts = new PromptBuilder(LlmStrategy.DEFAULT_HISTORY_ROWS, LlmStrategy.DEFAULT_KEPT_ROWS);
        IdeasView ledger = LedgerIdeas.view(ideas);
        System.out.printf("prompt size in characters (history of the session, ledger of %,d ideas)%n", ideas);
        System.out.printf("%-12s %12s %12s %12s%n", "experiment", "no ledger", "with ledger", "ledger adds");
        for (int experiment : new int[] {20, 1000}) {
            ResearchState state = session(experiment);
            int without = prompts.user(context(state, IdeasView.EMPTY), FILES).length();
            int with = prompts.user(context(state, ledger), FILES).length();
            System.out.printf("%-12d %,12d %,12d %,12d%n", experiment, without, with, with - without);
        }
    }

    private static ResearchContext context(ResearchState state, IdeasView view) {
        return new ResearchContext(SPEC, state, state.nextExperiment(), Path.of("wt"), Path.of("s")).withIdeas(view);
    }

    /** A session about to propose experiment {@code next}: every fifth experiment kept, one in seven crashed. */
    private static ResearchState session(int next) {
        List<ExperimentRecord> records = new ArrayList<>();
        double best = 1.0;
        for (int i = 0; i < next; i++) {
            Hypothesis h = i == 0 ? Hypothesis.baseline()
                    : new Hypothesis(String.format("Try variant %04d of the learning rate schedule with warmup", i),
                    "because");
            Status status = i == 0 || i % 5 == 0 ? Status.KEEP : i % 7 == 0 ? Status.CRASH : Status.DISCARD;
            if (status == Status.KEEP && i > 0) {
                best -= 0.0011;
            }
            OptionalDouble metric = status == Status.CRASH ? OptionalDouble.empty()
                    : OptionalDouble.of(status == Status.KEEP ? best : best + 0.0123);
            records.add(ExperimentRecord.builder().experiment(i).commit("c" + i).parent("p" + i).status(status)
                    .metric(metric).hypothesis(h).strategy("bench").startedAt(Instant.parse("2026-12-07T00:00:00Z"))
                    .duration(Duration.ofMinutes(5)).log("runs/" + i + ".log")
                    .reason(status == Status.CRASH ? "exit 1" : "").build());
        }
        return ResearchState.of(records);
    }
}
