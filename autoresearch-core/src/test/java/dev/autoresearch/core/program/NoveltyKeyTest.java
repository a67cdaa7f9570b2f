package dev.autoresearch.core.program;

import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ProgramSpecException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NoveltyKeyTest {
    static final String HEAD = "---\nmetric: score\ndirection: minimize\nrun: ./train\neditable: [a.txt]\n";

    @Test
    void noveltyIsAThresholdWithADefaultAndZeroTurnsTheCheckOff() {
        assertThat(ProgramSpec.parse(HEAD + "---\n", Path.of("program.md")).build().novelty())
                .isEqualTo(ProgramSpec.DEFAULT_NOVELTY);
        assertThat(ProgramSpec.parse(HEAD + "novelty: 0.8\n---\n", Path.of("program.md")).build().novelty())
                .isEqualTo(0.8);
        assertThat(ProgramSpec.parse(HEAD + "novelty: 0\n---\n", Path.of("program.md")).build().novelty()).isZero();
        assertThat(ProgramSpec.parse(HEAD + "novelty: 0.7\n---\n", Path.of("program.md")).build().toBuilder().build()
                .novelty()).isEqualTo(0.7);
    }

    @Test
    void aNoveltyOutsideZeroToOneNamesTheFileTheLineAndTheRange() {
        assertThatThrownBy(() -> ProgramSpec.parse(HEAD + "novelty: 1.5\n---\n", Path.of("program.md")).build())
                .isInstanceOf(ProgramSpecException.class)
                .hasMessageContaining("program.md:6").hasMessageContaining("novelty")
                .hasMessageContaining("from 0 (no check) to 1");
    }
}
