package dev.autoresearch.llm.internal;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.SearchView;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.testing.TestRecords;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The prompt's view of the search: where a tree's or an island's proposal starts, and the plateau's ask. */
class SearchSectionTest {
    static ExperimentRecord node(int n, String parent, Status status, double metric, boolean champion) {
        return TestRecords.record(n).commit("c" + n).parent(parent).status(status).metric(metric).champion(champion)
                .hypothesis(n == 0 ? Hypothesis.baseline() : new Hypothesis("idea " + n, "")).build();
    }

    /** Minimize: #1 the champion (0.9); #2 discarded (0.95); #3 kept on #2 (0.93); #4 tried on #3. */
    static ResearchState tree() {
        return ResearchState.of(List.of(node(0, "c0", Status.KEEP, 1.0, true), node(1, "c0", Status.KEEP, 0.9, true),
                node(2, "c0", Status.DISCARD, 0.95, false), node(3, "c2", Status.KEEP, 0.93, false),
                node(4, "c3", Status.DISCARD, 0.97, false)));
    }

    static String section(ResearchState state, SearchView view) {
        StringBuilder sb = new StringBuilder();
        SearchSection.write(sb, view, state);
        return sb.toString();
    }

    @Test
    void aTreeProposalIsToldItsNodeHowItWasReachedWhatWasTriedAndWhatOtherBranchesFound() {
        ResearchState s = tree();
        String p = section(s, SearchView.of(s, s.record(3).orElseThrow(), 0, false, Direction.MINIMIZE));

        assertThat(p).contains("The files above are those of experiment 3 (\"idea 3\") at 0.93, not the best so far")
                .contains("How it was reached from the baseline:\n- experiment 2 (\"idea 2\") at 0.95\n"
                        + "- experiment 3 (\"idea 3\") at 0.93\n")
                .contains("Tried from it already (1):\n- experiment 4 (\"idea 4\") at 0.97, discard\n")
                .contains("What other branches found")
                .contains("- experiment 1 (\"idea 1\") at 0.9\n")
                .doesNotContain("# A plateau");
    }

    @Test
    void aGreedyProposalOffAPlateauGetsNoSectionAndOnAPlateauTheAskForADifferentKindOfChange() {
        List<ExperimentRecord> chain = new ArrayList<>(List.of(node(0, "c0", Status.KEEP, 1.0, true),
                node(1, "c0", Status.KEEP, 0.9, true)));
        for (int i = 2; i < 8; i++) {
            chain.add(node(i, "c1", Status.DISCARD, 0.95, false));
        }
        ResearchState s = ResearchState.of(chain);
        ExperimentRecord champion = s.best().orElseThrow();

        assertThat(section(s, SearchView.of(s, champion, 0, false, Direction.MINIMIZE))).isEmpty();
        assertThat(section(s, SearchView.of(s, champion, 0, true, Direction.MINIMIZE)))
                .contains("the best so far")
                .contains("# A plateau\n\nThe last 6 experiments brought no keep")
                .contains("Propose a different kind of change from those tried above");
    }

    @Test
    void theSectionIsBoundedHoweverDeepTheLineageAndHoweverManyTries() {
        List<ExperimentRecord> deep = new ArrayList<>(List.of(node(0, "c0", Status.KEEP, 100, true)));
        for (int i = 1; i <= 300; i++) {
            deep.add(node(i, "c" + (i - 1), Status.KEEP, 100 - i * 0.1, false));
        }
        for (int i = 301; i <= 600; i++) {
            deep.add(node(i, "c300", Status.DISCARD, 90, false));
        }
        ResearchState s = ResearchState.of(deep);
        String p = section(s, SearchView.of(s, s.record(300).orElseThrow(), 2, true, Direction.MINIMIZE));

        assertThat(p).contains("... 292 earlier,").contains("Tried from it already (300):").contains("island 2");
        assertThat(p.lines().count()).isLessThan(SearchSection.LINEAGE + SearchSection.TRIED
                + SearchView.ELSEWHERE + 15);
    }
}
