package dev.autoresearch.llm.internal;

import dev.autoresearch.core.ResearchContext;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.ideas.CodeLineage;
import dev.autoresearch.core.ideas.IdeasView;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class LedgerSectionTest {
    static String prompt(ResearchState state, IdeasView view) {
        ResearchContext context = new ResearchContext(PromptBuilderTest.SPEC, state, state.nextExperiment(),
                Path.of("wt"), Path.of("s")).withIdeas(view);
        return PromptBuilderTest.PROMPTS.user(context, PromptBuilderTest.FILES);
    }

    static String section(IdeasView view) {
        StringBuilder sb = new StringBuilder();
        LedgerSection.write(sb, view);
        return sb.toString();
    }

    @Test
    void showsTriedIdeasGroupedByWhatTheyChangedWithOutcomesAndTheUsersIdeaToTry() {
        String p = prompt(PromptBuilderTest.synthetic(5, 2), LedgerIdeas.view(30));

        assertThat(p).contains("# Ideas tried (this session and earlier ones)")
                .contains("## train.py: MATRIX_LR\n")
                .contains("- earlier/24 \"Set MATRIX_LR to 0.07, variant 0024 of a longer title here\": discard, 0.98976"
                        + " (+0.002 against its parent); tried\n")
                .contains("# An idea from the user\n\nThe user asks you to try this idea in this experiment: try a"
                        + " cosine schedule\n(1 more of the user's ideas come after it.)")
                .contains("Propose experiment 5: the user's idea above, as one hypothesis");
        assertThat(p.indexOf("# Ideas tried")).isGreaterThan(p.indexOf("# History"));
    }

    @Test
    void anIdeaWorthRetryingSaysSo() {
        IdeasView view = IdeasView.of(LedgerIdeas.of(3), new CodeLineage("elsewhere", java.util.Set.of("elsewhere"),
                java.util.Map.of()), 0, Optional.empty());

        assertThat(section(view)).contains("; worth retrying: the code moved since\n").doesNotContain("from the user");
    }

    @Test
    void thePromptAtExperiment1000IsNoLongerThanAt20WithALedgerOf1000Ideas() {
        IdeasView ledger = LedgerIdeas.view(1000);
        String at20 = prompt(PromptBuilderTest.synthetic(21, 5), ledger);
        String at1000 = prompt(PromptBuilderTest.synthetic(1001, 5), ledger);

        String at20Without = prompt(PromptBuilderTest.synthetic(21, 5), IdeasView.EMPTY);
        String at1000Without = prompt(PromptBuilderTest.synthetic(1001, 5), IdeasView.EMPTY);

        // The ledger adds the same text at experiment 20 and at 1,000: what grows is the history's one line of
        // folded counts and its numbers' digits, as without a ledger.
        assertThat(at1000.length() - at1000Without.length()).isEqualTo(at20.length() - at20Without.length());
        assertThat(at1000.length() - at20.length()).isEqualTo(at1000Without.length() - at20Without.length())
                .isLessThanOrEqualTo(150);
        assertThat(section(ledger).length()).isLessThanOrEqualTo(section(LedgerIdeas.view(100)).length() + 100);
        // 100,000 ideas: two more digits in each of the 24 ids shown and in the counts, nothing more.
        assertThat(section(LedgerIdeas.view(100000)).length()).isLessThanOrEqualTo(section(ledger).length() + 200);
        assertThat(section(IdeasView.EMPTY)).isEmpty();
    }
}
