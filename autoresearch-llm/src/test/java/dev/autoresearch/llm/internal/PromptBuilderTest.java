package dev.autoresearch.llm.internal;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.PendingExperiment;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchContext;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.Status;
import dev.autoresearch.llm.LlmStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

import static dev.autoresearch.llm.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

class PromptBuilderTest {
    static final ProgramSpec SPEC = ProgramSpec.builder()
            .prose("Lower val_bpb. Keep the training under five minutes.")
            .metric("val_bpb").direction(Direction.MINIMIZE).run("python train.py")
            .editable("train.py").readonly("prepare.py")
            .build();
    static final EditableFiles FILES = new EditableFiles(Map.of("train.py", "MATRIX_LR = 0.04\n"), Set.of());
    static final PromptBuilder PROMPTS =
            new PromptBuilder(LlmStrategy.DEFAULT_HISTORY_ROWS, LlmStrategy.DEFAULT_KEPT_ROWS);

    /** The baseline and {@code size - 1} experiments; every {@code keepEvery}-th improves and is kept. */
    static ResearchState synthetic(int size, int keepEvery) {
        List<ExperimentRecord> records = new ArrayList<>();
        records.add(record(0, Status.KEEP, OptionalDouble.of(1.0), "baseline", ""));
        double best = 1.0;
        for (int i = 1; i < size; i++) {
            String title = String.format("Try variant %04d of the learning rate schedule with warmup", i);
            if (i % keepEvery == 0) {
                best -= 0.0011;
                records.add(record(i, Status.KEEP, OptionalDouble.of(best), title, ""));
            } else if (i % 7 == 0) {
                records.add(record(i, Status.CRASH, OptionalDouble.empty(), title, "exit 1"));
            } else {
                records.add(record(i, Status.DISCARD, OptionalDouble.of(best + 0.0123), title, ""));
            }
        }
        return ResearchState.of(records);
    }

    static String prompt(ResearchState state) {
        return prompt(PROMPTS, state);
    }

    static String prompt(PromptBuilder prompts, ResearchState state) {
        return prompts.user(new ResearchContext(SPEC, state, state.nextExperiment(), Path.of("wt"), Path.of("s")), FILES);
    }

    static List<String> tableRows(String prompt) {
        return prompt.lines().filter(l -> l.matches("\\| \\d+ \\|.*")).toList();
    }

    @Test
    void showsTheContractTheMetricTheFilesAndTheTask() {
        ResearchState state = synthetic(4, 2);
        String p = prompt(state);
        assertThat(p).contains("Lower val_bpb. Keep the training under five minutes.")
                .contains("Metric: val_bpb, lower is better (minimize).")
                .contains("Baseline (experiment 0): 1\n")
                .contains("Current best: 0.9989 (experiment 2, \"Try variant 0002 of the learning rate schedule"
                        + " with warmup\", -0.0011 (-0.11%) from the baseline)")
                .contains("Experiments so far: 3 after the baseline, 1 kept.")
                .contains("Editable: files matching train.py. Readonly, never to be changed: prepare.py.")
                .contains("## train.py\n\n```\nMATRIX_LR = 0.04\n```\n")
                .contains("Propose experiment 4:");
        assertThat(p).contains("| # | hypothesis | val_bpb | change | status |")
                .contains("| 0 | baseline | 1 |  | keep |")
                .contains("| 1 | Try variant 0001 of the learning rate schedule with warmup | 1.0123 | +0.0123 (+1.23%) | discard |")
                .contains("| 3 | Try variant 0003 of the learning rate schedule with warmup | 1.0112 | +0.0123 (+1.23%) | discard |");
        assertThat(p).doesNotContain("Not shown");
    }

    @Test
    void listsEveryKeptExperimentAndTheMostRecentOthersInTheRowsLeft() {
        // 299 experiments: 14 kept (every 20th), 285 others
        String p = prompt(synthetic(300, 20));
        List<String> rows = tableRows(p);
        assertThat(rows).hasSize(1 + LlmStrategy.DEFAULT_HISTORY_ROWS);
        for (int kept = 20; kept < 300; kept += 20) {
            assertThat(p).contains(String.format("| %d | Try variant %04d of the learning rate schedule with warmup |",
                    kept, kept));
        }
        // the 6 rows left go to the most recent others: 299 back to 294
        assertThat(p).contains("| 299 |").contains("| 294 |").doesNotContain("| 293 |").doesNotContain("| 101 |");
        assertThat(p).contains("Not shown: 279 earlier other experiments (").doesNotContain("earlier kept");
    }

    @Test
    void keptExperimentsBeyondTheCapAreCountedOldestFirst() {
        // 199 experiments: 39 kept (the last 15 shown: 195 back to 125), 160 others (the last 5 shown)
        String p = prompt(synthetic(200, 5));
        assertThat(p).contains("Not shown: 24 earlier kept experiments; 155 earlier other experiments (");
        assertThat(p).contains("| 125 |").doesNotContain("| 120 |").contains("| 199 |").contains("| 194 |")
                .doesNotContain("| 193 |");
        assertThat(tableRows(p)).hasSize(1 + LlmStrategy.DEFAULT_HISTORY_ROWS);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 20, 50})
    void onceTheTableIsFullThePromptStaysTheSameSize(int keepEvery) {
        // with the defaults the table is full from experiment 21 on
        String at50 = prompt(synthetic(50, keepEvery));
        for (int size : new int[] {200, 1000}) {
            String later = prompt(synthetic(size, keepEvery));
            assertThat(tableRows(later)).hasSameSizeAs(tableRows(at50));
            // the margin: numbers with more digits in the rows and in the line counting folded experiments
            assertThat(later.length()).as("prompt at %d vs at 50 (%d)", size, at50.length())
                    .isLessThanOrEqualTo(at50.length() + 100);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5})
    void thePromptOfExperiment200IsNoLargerThanThatOf20WhenTheTableIsFullBy20(int keepEvery) {
        PromptBuilder sixteen = new PromptBuilder(16, 10);
        String at20 = prompt(sixteen, synthetic(20, keepEvery));
        String at200 = prompt(sixteen, synthetic(200, keepEvery));
        assertThat(tableRows(at200)).hasSameSizeAs(tableRows(at20)).hasSize(17);
        assertThat(at200.length()).as("prompt at 200 vs at 20 (%d)", at20.length()).isLessThanOrEqualTo(at20.length() + 100);
    }

    @Test
    void showsTheLogTailAfterACrash() {
        StringBuilder log = new StringBuilder("exit code 1; the end of runs/5.log:\n");
        for (int i = 0; i < 500; i++) {
            log.append("line ").append(i).append('\n');
        }
        log.append("RuntimeError: CUDA out of memory\n");
        List<ExperimentRecord> records = new ArrayList<>(synthetic(5, 2).history());
        records.add(record(5, Status.CRASH, OptionalDouble.empty(), "Double the batch", log.toString()));
        String p = prompt(ResearchState.of(records));
        assertThat(p).contains("Experiment 5 (\"Double the batch\") ended with status crash.")
                .contains("RuntimeError: CUDA out of memory")
                .contains("line 499")
                .doesNotContain("line 100\n")
                .contains("Repair the idea under a new title");
        assertThat(p.length()).isLessThan(prompt(synthetic(6, 2)).length() + PromptBuilder.TAIL_CHARS + 600);
    }

    @Test
    void showsTheReasonAfterATimeoutButNotAfterADiscard() {
        List<ExperimentRecord> records = new ArrayList<>(synthetic(3, 2).history());
        records.add(record(3, Status.TIMEOUT, OptionalDouble.empty(), "Train longer", "timed out after 10m; tail: step 900"));
        assertThat(prompt(ResearchState.of(records))).contains("ended with status timeout").contains("step 900");
        assertThat(prompt(synthetic(4, 2))).doesNotContain("The last experiment failed");
    }

    static ResearchState withPending(ResearchState state, int count) {
        for (int i = 0; i < count; i++) {
            int n = state.nextExperiment();
            state = state.withPending(PendingExperiment.builder().experiment(n)
                    .hypothesis(new Hypothesis("Pending idea " + n + " " + "y".repeat(80), "because")).strategy("test")
                    .parent("p").commit("c" + n).proposedAt(Instant.parse("2025-01-01T00:00:00Z")).build());
        }
        return state;
    }

    @Test
    void listsTheExperimentsUnderWaySoThatTheModelDoesNotProposeThemAgain() {
        ResearchState state = withPending(synthetic(5, 2), 2);
        String p = prompt(state);
        assertThat(p).contains("# Under way now (do not propose these again)\n\n#5 Pending idea 5 yyy")
                .containsPattern("(?m)^#6 Pending idea 6 y+\\.\\.\\.$")
                .contains("This is experiment 7.");
        assertThat(p.indexOf("# Under way now")).isGreaterThan(p.indexOf("# History")).isLessThan(p.indexOf("# Your task"));
        assertThat(prompt(synthetic(5, 2))).doesNotContain("Under way");
    }

    @Test
    void theExperimentBeingPreparedIsNotListedAsUnderWay() {
        // a proposal made again on a newer champion sees itself pending
        ResearchState state = withPending(synthetic(5, 2), 1);
        String p = PROMPTS.user(new ResearchContext(SPEC, state, 5, Path.of("wt"), Path.of("s")), FILES);
        assertThat(p).doesNotContain("Under way").contains("This is experiment 5.");
    }

    @Test
    void theExperimentsUnderWayAreListedUpToALimitAndTheRestCounted() {
        ResearchState state = withPending(synthetic(5, 2), 40);
        String p = prompt(state);
        List<String> listed = p.lines().filter(l -> l.matches("#\\d+ Pending idea .*")).toList();
        assertThat(listed).hasSize(PromptBuilder.UNDER_WAY_LINES);
        assertThat(listed.get(0)).startsWith("#29 ");
        assertThat(listed.get(listed.size() - 1)).startsWith("#44 ");
        assertThat(p).contains("24 earlier experiments not listed.");
        assertThat(p.length()).isLessThan(prompt(withPending(synthetic(5, 2), PromptBuilder.UNDER_WAY_LINES)).length() + 60);
    }

    @Test
    void showsWhyTheLoopRefusedTheLastProposalNearTheEnd() {
        ResearchState state = synthetic(5, 2);
        ResearchContext context = new ResearchContext(SPEC, state, 5, Path.of("wt"), Path.of("s"))
                .withRefusal(refusal("Your last proposal (\"Raise the LR\") makes exactly the same code as experiment 2."))
                .withRefusal(refusal("Your last proposal (\"Lift the LR\") makes exactly the same code as experiment 2."));
        String p = PROMPTS.user(context, FILES);
        int section = p.indexOf("# Your last proposal for this experiment was refused\n\n"
                + "- Your last proposal (\"Raise the LR\") makes exactly the same code as experiment 2.\n"
                + "- Your last proposal (\"Lift the LR\") makes exactly the same code as experiment 2.\n");
        assertThat(section).isPositive().isGreaterThan(p.indexOf("# History")).isLessThan(p.indexOf("# Your task"));
        assertThat(p.substring(section)).doesNotContain("# History").doesNotContain("# Files");
        assertThat(prompt(state)).doesNotContain("was refused");
    }

    @Test
    void theLoopsFeedbackIsBounded() {
        ResearchContext context = new ResearchContext(SPEC, synthetic(5, 2), 5, Path.of("wt"), Path.of("s"));
        for (int i = 1; i <= 30; i++) {
            context = context.withRefusal(refusal("refusal " + i));
        }
        String p = PROMPTS.user(context, FILES);
        assertThat(p.lines().filter(l -> l.startsWith("- refusal ")).toList())
                .hasSize(PromptBuilder.FEEDBACK_LINES).endsWith("- refusal 30");
    }

    @Test
    void longTitlesAndPipesStayInTheirCell() {
        List<ExperimentRecord> records = new ArrayList<>(synthetic(2, 2).history());
        records.add(record(2, Status.DISCARD, OptionalDouble.of(1.1), "a|b " + "x".repeat(300), ""));
        String p = prompt(ResearchState.of(records));
        assertThat(p).contains("| 2 | a\\|b xxx").contains("x... | 1.1 |");
    }

    @Test
    void numbersKeepSixSignificantDigits() {
        assertThat(PromptBuilder.number(0.99791234)).isEqualTo("0.997912");
        assertThat(PromptBuilder.number(1234.5)).isEqualTo("1234.5");
        assertThat(PromptBuilder.number(0.00001234)).isEqualTo("1.23400e-05");
        assertThat(PromptBuilder.number(0)).isEqualTo("0");
    }

    @Test
    void fencesAreLongerThanAnyInTheFile() {
        assertThat(PromptBuilder.fenceFor("a\n```\nb\n")).isEqualTo("````");
        assertThat(PromptBuilder.fenceFor("plain")).isEqualTo("```");
    }

    @Test
    void rejectsInconsistentRowLimits() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PromptBuilder(4, 5))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static dev.autoresearch.core.Refusal refusal(String reason) {
        return new dev.autoresearch.core.Refusal(new dev.autoresearch.core.Hypothesis("refused", ""),
                java.util.OptionalInt.of(2), reason);
    }
}
