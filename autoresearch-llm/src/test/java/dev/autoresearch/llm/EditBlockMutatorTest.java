package dev.autoresearch.llm;

import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.MutationResult;
import dev.autoresearch.core.TokenUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EditBlockMutatorTest {
    @TempDir
    Path worktree;

    @Test
    void appliesThePlanWithoutAModel() {
        Fixtures.worktree(worktree);
        String plan = Fixtures.cleanReply("Raise LR", "MATRIX_LR = 0.04", "MATRIX_LR = 0.05");
        MutationResult r = new EditBlockMutator().mutate(new Hypothesis("Raise LR", "", plan, TokenUsage.ZERO),
                Fixtures.context(Fixtures.spec(), Fixtures.baselineOnly(), worktree));
        assertThat(r).isInstanceOf(MutationResult.Applied.class);
        assertThat(((MutationResult.Applied) r).change().files())
                .containsExactly(Map.entry("train.py", Fixtures.TRAIN_PY.replace("0.04", "0.05")));
    }

    @Test
    void aPlanThatDoesNotApplyFailsWithTheAccount() {
        Fixtures.worktree(worktree);
        String plan = "prepare.py\n<<<<<<< SEARCH\n    return 1.0\n=======\n    return 0.0\n>>>>>>> REPLACE\n";
        MutationResult r = new EditBlockMutator().mutate(new Hypothesis("Cheat", "", plan, TokenUsage.ZERO),
                Fixtures.context(Fixtures.spec(), Fixtures.baselineOnly(), worktree));
        assertThat(r).isInstanceOf(MutationResult.Failed.class);
        assertThat(((MutationResult.Failed) r).reason()).isEqualTo("the plan's edits do not apply:\n"
                + "- block 1 (prepare.py): prepare.py is readonly and must not be changed; edit only train.py");
    }

    @Test
    void aPlanThatGrowsAFilePastTheBudgetFailsWithTheReason() {
        Fixtures.worktree(worktree);
        String plan = Fixtures.cleanReply("Pad", "BATCH = 64", "BATCH = 64\n# " + "x".repeat(100));
        long budget = Fixtures.TRAIN_PY.length() + 10;
        MutationResult r = new EditBlockMutator(budget, 10 * budget).mutate(new Hypothesis("Pad", "", plan,
                TokenUsage.ZERO), Fixtures.context(Fixtures.spec(), Fixtures.baselineOnly(), worktree));
        assertThat(r).isInstanceOf(MutationResult.Failed.class);
        assertThat(((MutationResult.Failed) r).reason()).startsWith("the edits make train.py ")
                .endsWith("keep it smaller, or raise the file budget (EditBlockMutator fileBudgetBytes)");
    }
}
