package dev.autoresearch.llm;

import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.MutationResult;
import dev.autoresearch.core.ResearchContext;
import dev.langchain4j.model.chat.ChatModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One experiment's proposal and change from each real provider, on the toy worktree. Each test runs
 * only where its provider's variable is set, and none runs in CI: OPENAI_API_KEY (with
 * AUTORESEARCH_BASE_URL if set), ANTHROPIC_API_KEY, GEMINI_API_KEY or GOOGLE_API_KEY, and
 * OLLAMA_BASE_URL (such as http://localhost:11434). {@code <PROVIDER>_TEST_MODEL} (OPENAI_TEST_MODEL,
 * ...) names another model than the small default.
 */
@DisabledIfEnvironmentVariable(named = "CI", matches = ".+")
class RealProviderTest {
    @TempDir
    Path worktree;

    private final ModelFactory factory = ModelFactory.builder().maxOutputTokens(4096).build();

    @Test
    @EnabledIfEnvironmentVariable(named = "OPENAI_API_KEY", matches = ".+")
    void openAi() {
        // resolve reads AUTORESEARCH_BASE_URL, so this also reaches an OpenAI-compatible server
        proposesAndImplements(factory.create(factory.resolve(
                Optional.of("openai:" + model("OPENAI_TEST_MODEL", "gpt-4.1-mini")), Optional.empty())));
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "ANTHROPIC_API_KEY", matches = ".+")
    void anthropic() {
        proposesAndImplements(factory.create(ModelSpec.parse("anthropic:"
                + model("ANTHROPIC_TEST_MODEL", "claude-haiku-4-5"))));
    }

    @Test
    @EnabledIf("geminiKeySet")
    void gemini() {
        proposesAndImplements(factory.create(ModelSpec.parse("gemini:" + model("GEMINI_TEST_MODEL", "gemini-2.5-flash"))));
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "OLLAMA_BASE_URL", matches = ".+")
    void ollama() {
        proposesAndImplements(factory.create(ModelSpec.parse("ollama:" + model("OLLAMA_TEST_MODEL", "qwen3:8b"))
                .withBaseUrl(System.getenv("OLLAMA_BASE_URL"))));
    }

    static boolean geminiKeySet() {
        return set("GEMINI_API_KEY") || set("GOOGLE_API_KEY");
    }

    private void proposesAndImplements(ChatModel model) {
        Fixtures.worktree(worktree);
        LlmStrategy strategy = LlmStrategy.builder().model(model)
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

    private static String model(String variable, String otherwise) {
        return set(variable) ? System.getenv(variable).strip() : otherwise;
    }

    private static boolean set(String variable) {
        String v = System.getenv(variable);
        return v != null && !v.isBlank();
    }
}
