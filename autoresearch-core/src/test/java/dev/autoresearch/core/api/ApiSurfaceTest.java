package dev.autoresearch.core.api;

import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** What is not API cannot be reached: a loop's configuration comes only from the validating builder. */
class ApiSurfaceTest {
    @Test
    void aLoopConfigurationCanOnlyBeMadeByTheBuilder() {
        assertThat(ResearchLoop.Config.class.getConstructors()).as("public constructors of ResearchLoop.Config").isEmpty();
        assertThat(ResearchLoop.Config.class.isRecord()).isFalse();
    }

    @Test
    void theParsersSeamIsNotOnTheProgramBuilder() {
        assertThat(Arrays.stream(ProgramSpec.Builder.class.getMethods()).map(Method::getName))
                .doesNotContain("frontMatterEnd");
        assertThat(Arrays.stream(ProgramSpec.Builder.class.getDeclaredMethods())
                .filter(m -> m.getName().equals("frontMatterEnd")).filter(m -> Modifier.isPublic(m.getModifiers())))
                .isEmpty();
    }
}
