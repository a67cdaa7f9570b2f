package dev.autoresearch.llm.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdeaTermsTest {
    @Test
    void spellsOneThingOneWay() {
        assertThat(IdeaTerms.of("Raise the learning rate")).containsExactly("lr");
        assertThat(IdeaTerms.of("LEARNING_RATE")).containsExactly("lr");
        assertThat(IdeaTerms.of("Bump the LR")).containsExactly("lr");
        assertThat(IdeaTerms.of("Give the garbage collector more threads")).containsExactlyInAnyOrder("gc", "thread");
        assertThat(IdeaTerms.of("PARALLEL_GC_THREADS")).containsExactlyInAnyOrder("parallel", "gc", "thread");
    }

    @Test
    void splitsNamesAndLeavesOutWhatEverySettingHas() {
        assertThat(IdeaTerms.of("maximumPoolSize")).containsExactly("pool");
        assertThat(IdeaTerms.of("NUM_WORKERS")).containsExactly("worker");
        assertThat(IdeaTerms.of("IMAGE_SIZE")).containsExactly("image");
    }

    @Test
    void stemsALittle() {
        assertThat(IdeaTerms.of("Enable pinned memory")).containsExactlyInAnyOrder("pin", "memory");
        assertThat(IdeaTerms.of("Train on smaller images")).containsExactlyInAnyOrder("train", "image");
        assertThat(IdeaTerms.same("converg", "convergence")).isTrue();
        assertThat(IdeaTerms.same("train", "transfer")).isFalse();
    }
}
