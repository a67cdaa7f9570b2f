package dev.autoresearch.llm;

import dev.autoresearch.core.Change;
import dev.autoresearch.core.CodeMutator;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.MutationResult;
import dev.autoresearch.core.ResearchContext;
import dev.autoresearch.llm.internal.EditApplier;
import dev.autoresearch.llm.internal.EditableFiles;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A mutator that applies the SEARCH/REPLACE blocks written in a hypothesis's {@code plan}, with no
 * model: for hosts whose generator writes edit blocks itself, or to replay a recorded reply. The
 * blocks follow the rules of {@link LlmStrategy}: exact match first, then a unique match ignoring
 * whitespace; all blocks or none; only editable, non-readonly files. A plan that does not apply
 * gives {@link MutationResult.Failed} with the account of what did not match, and so does one that
 * would make a file larger than the file budget.
 */
public final class EditBlockMutator implements CodeMutator {
    private final long fileBudgetBytes;
    private final long totalBudgetBytes;

    /** A mutator with the default file budgets of {@link LlmStrategy}. */
    public EditBlockMutator() {
        this(LlmStrategy.DEFAULT_FILE_BUDGET_BYTES, LlmStrategy.DEFAULT_TOTAL_BUDGET_BYTES);
    }

    /** A mutator reading editable files of at most {@code fileBudgetBytes} each, {@code totalBudgetBytes} together. */
    public EditBlockMutator(long fileBudgetBytes, long totalBudgetBytes) {
        if (fileBudgetBytes < 1 || totalBudgetBytes < fileBudgetBytes) {
            throw new IllegalArgumentException("need 1 <= fileBudgetBytes <= totalBudgetBytes, got "
                    + fileBudgetBytes + " and " + totalBudgetBytes);
        }
        this.fileBudgetBytes = fileBudgetBytes;
        this.totalBudgetBytes = totalBudgetBytes;
    }

    @Override
    public MutationResult mutate(Hypothesis hypothesis, ResearchContext context) {
        Objects.requireNonNull(hypothesis, "hypothesis");
        Objects.requireNonNull(context, "context");
        EditableFiles.Budget budget = new EditableFiles.Budget(
                fileBudgetBytes, "the file budget (EditBlockMutator fileBudgetBytes)",
                totalBudgetBytes, "the total budget (EditBlockMutator totalBudgetBytes)", Integer.MAX_VALUE);
        EditableFiles files = EditableFiles.read(context.worktree(), context.spec(), budget);
        EditApplier.Result result = EditApplier.applyReply(hypothesis.plan(), files, context.spec());
        if (result instanceof EditApplier.Applied) {
            Map<String, String> changed = ((EditApplier.Applied) result).files();
            Optional<String> over = files.overBudget(changed, budget);
            return over.isPresent() ? new MutationResult.Failed(over.get())
                    : new MutationResult.Applied(new Change(changed));
        }
        return new MutationResult.Failed("the plan's edits do not apply:\n" + ((EditApplier.Failed) result).account());
    }
}
