package dev.autoresearch.core.ideas;

import dev.autoresearch.core.Status;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class IdeasViewTest {
    @Test
    void theViewOfAThousandIdeasIsAsBoundedAsTheViewOfTwenty() {
        List<Idea> ideas = new ArrayList<>();
        for (int i = 1; i <= 1000; i++) {
            ideas.add(Ideas.idea("s", i, "p", "f" + (i % 40) + ".py", "name" + (i % 7), "abcdef1", Status.DISCARD));
        }

        IdeasView small = IdeasView.of(ideas.subList(0, 20), CodeLineage.UNKNOWN, 0, Optional.empty());
        IdeasView large = IdeasView.of(ideas, CodeLineage.UNKNOWN, 0, Optional.empty());

        assertThat(large.groups()).hasSize(IdeasView.MAX_GROUPS);
        assertThat(large.groups()).allSatisfy(g -> assertThat(g.entries()).hasSizeLessThanOrEqualTo(IdeasView.MAX_ENTRIES));
        int shown = large.groups().stream().mapToInt(g -> g.entries().size()).sum();
        assertThat(large.omitted()).isEqualTo(1000 - shown);
        assertThat(large.groups().size()).isEqualTo(small.groups().size());
    }

    @Test
    void ideasTriedOnTheChampionComeFirstThenOnItsAncestorsThenTheMostRecent() {
        List<Idea> ideas = List.of(
                Ideas.idea("s", 1, "elsewhere", "a.py", "a", "1111111", Status.DISCARD),
                Ideas.idea("s", 2, "champion", "b.py", "b", "2222222", Status.DISCARD),
                Ideas.idea("s", 3, "ancestor", "c.py", "c", "3333333", Status.DISCARD),
                Ideas.idea("s", 4, "elsewhere", "d.py", "d", "4444444", Status.DISCARD));
        CodeLineage lineage = Ideas.lineage("champion", Set.of("champion", "ancestor"), Map.of());

        IdeasView view = IdeasView.of(ideas, lineage, 0, Optional.empty());

        assertThat(view.groups()).extracting(IdeasView.Group::changed)
                .containsExactly("b.py: b", "c.py: c", "d.py: d", "a.py: a");
    }

    @Test
    void aDiscardedIdeaIsWorthRetryingWhenTheChampionMovedFarFromWhereItWasTried() {
        CodeLineage lineage = Ideas.lineage("c3", Set.of("c3", "c2", "c1"),
                Map.of("train.py", "abcdef1000000000000000000000000000000000", "data.py", "9999999000"));
        Idea onAnAncestorUnchanged = Ideas.idea("s", 1, "c1", "train.py", "lr", "abcdef1", Status.DISCARD);
        Idea codeChangedSince = Ideas.idea("s", 2, "c1", "data.py", "batch", "1234567", Status.DISCARD);
        Idea parentNotAnAncestor = Ideas.idea("old", 7, "gone", "train.py", "lr", "abcdef1", Status.DISCARD);
        Idea kept = Ideas.idea("s", 3, "c2", "data.py", "batch", "1234567", Status.KEEP);
        Idea onTheChampion = Ideas.idea("s", 4, "c3", "data.py", "batch", "9999999", Status.DISCARD);

        assertThat(IdeasView.mark(onAnAncestorUnchanged, lineage)).isEqualTo(IdeasView.Mark.TRIED);
        assertThat(IdeasView.mark(codeChangedSince, lineage)).isEqualTo(IdeasView.Mark.WORTH_RETRYING);
        assertThat(IdeasView.mark(parentNotAnAncestor, lineage)).isEqualTo(IdeasView.Mark.WORTH_RETRYING);
        assertThat(IdeasView.mark(kept, lineage)).isEqualTo(IdeasView.Mark.KEPT);
        assertThat(IdeasView.mark(onTheChampion, lineage)).isEqualTo(IdeasView.Mark.TRIED);
        assertThat(IdeasView.mark(codeChangedSince, CodeLineage.UNKNOWN)).isEqualTo(IdeasView.Mark.TRIED);
    }
}
