package dev.autoresearch.core.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchChoiceTest {

    @Test
    void aPolicyWithSettingsIsWrittenAsProgramLines() {
        SearchChoice islands = SearchChoice.parse("islands,islands=3, migrate-every=5");

        assertThat(islands.label()).isEqualTo("islands,islands=3, migrate-every=5");
        assertThat(islands.program()).isEqualTo("search: islands\nislands: 3\nmigrate-every: 5\n");
    }

    @Test
    void greedyAloneWritesNothingSoTheSessionRunsAtTheDefaults() {
        assertThat(SearchChoice.parse("greedy").program()).isEmpty();
        assertThat(SearchChoice.parse("greedy,plateau=10").program()).isEqualTo("search: greedy\nplateau: 10\n");
    }

    @Test
    void greedyComesFirstOnceAsTheOthersAreMeasuredAgainstIt() {
        assertThat(SearchChoice.withGreedyFirst(List.of("tree", "greedy")))
                .extracting(SearchChoice::label).containsExactly("greedy", "tree");
    }

    @Test
    void aSettingThatIsNotKeyEqualsValueIsRefusedNamingIt() {
        assertThatThrownBy(() -> SearchChoice.parse("tree,exploration"))
                .hasMessageContaining("'tree,exploration': 'exploration' is not key=value");
    }
}
