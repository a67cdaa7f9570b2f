package dev.autoresearch.llm;

import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.MutationResult;
import dev.autoresearch.core.ResearchContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One experiment's proposal and change from a real provider. Runs only where OPENAI_API_KEY is set
 * and never in CI; AUTORESEARCH_MODEL (and AUTORESEARCH_BASE_URL) choose the model, openai:gpt-4.1-mini
 * by default.
 */
@EnabledIfEnvironmentVariable(named = "OPENAI_API_KEY", matches = ".+")
@DisabledIfEnvironmentVariable(named = "CI", matches = ".+")
class RealProviderTest {
    @TempDir
    Path worktree;

    @Test
    void aRealModelProposesAndImplementsAHypothesis() {
        Fixtures.worktree(worktree);
        ModelFactory factory = ModelFactory.builder().build();
        String name = Optional.ofNullable(System.getenv(ModelFactory.MODEL_VARIABLE)).orElse("openai:gpt-4.1-mini");
        LlmStrategy strategy = LlmStrategy.builder()
                .model(factory.create(factory.resolve(Optional.of(name), Optional.empty())))
                .retry(RetryPolicy.builder().maxRetries(2).build())
                .build();
        ResearchContext context = Fixtures.context(Fixtures.spec(), Fixtures.baselineOnly(), worktree);

        Hypothesis h = strategy.propose(context);
        assertThat(h.title()).isNotBlank();
        assertThat(h.usage().total()).isPositive();

        MutationResult m = strategy.mutate(h, context);
        if (m instanceof MutationResult.Applied) {
            assertThat(((MutationResult.Applied) m).change().files()).containsOnlyKeys("train.py");
        } else {
            assertThat(((MutationResult.Failed) m).reason()).isNotBlank();
        }
    }
}
