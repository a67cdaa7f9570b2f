package dev.autoresearch.llm;

import dev.autoresearch.core.AutoresearchException;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelFactoryTest {

    private static ModelFactory factory(Map<String, String> env) {
        return ModelFactory.builder().environment(env).build();
    }

    @Test
    void parsesProviderAndModel() {
        assertThat(ModelSpec.parse("openai:gpt-4.1")).isEqualTo(
                new ModelSpec(ModelSpec.Provider.OPENAI, "gpt-4.1", Optional.empty()));
        assertThat(ModelSpec.parse(" Ollama:qwen3:8b ").model()).isEqualTo("qwen3:8b");
        assertThat(ModelSpec.parse("anthropic:claude-sonnet-4-5").provider()).isEqualTo(ModelSpec.Provider.ANTHROPIC);
        assertThat(ModelSpec.parse("gemini:gemini-2.5-pro").withBaseUrl("http://127.0.0.1:9/").baseUrl())
                .contains("http://127.0.0.1:9");
        assertThat(ModelSpec.parse("openai:m").withBaseUrl("http://h:1/v1")).hasToString("openai:m at http://h:1/v1");
    }

    @Test
    void anUnknownProviderListsTheKnownOnes() {
        assertThatThrownBy(() -> ModelSpec.parse("mistral:large"))
                .isInstanceOf(AutoresearchException.class)
                .hasMessage("unknown model provider 'mistral' in 'mistral:large'; known providers: openai, anthropic,"
                        + " gemini, ollama (for another OpenAI-compatible server, use openai: with --base-url)");
        assertThatThrownBy(() -> ModelSpec.parse("gpt-4.1"))
                .isInstanceOf(AutoresearchException.class)
                .hasMessageStartingWith("a model is named provider:model, such as openai:gpt-4.1");
        assertThatThrownBy(() -> ModelSpec.parse("openai:"))
                .isInstanceOf(AutoresearchException.class)
                .hasMessageStartingWith("the model name after 'openai:' is empty");
        assertThatThrownBy(() -> ModelSpec.parse("openai:m").withBaseUrl("localhost:8000"))
                .isInstanceOf(AutoresearchException.class)
                .hasMessageStartingWith("the base URL must be an http:// or https:// address");
    }

    @Test
    void aMissingKeyIsAClearErrorBeforeAnythingRuns() {
        ModelFactory f = factory(Map.of());
        assertThatThrownBy(() -> f.create(ModelSpec.parse("openai:gpt-4.1")))
                .isInstanceOf(AutoresearchException.class)
                .hasMessage("OPENAI_API_KEY is not set; export it, or pass --base-url (or set AUTORESEARCH_BASE_URL)"
                        + " for a local OpenAI-compatible server that needs none");
        assertThatThrownBy(() -> f.create(ModelSpec.parse("anthropic:claude-sonnet-4-5")))
                .isInstanceOf(AutoresearchException.class)
                .hasMessage("ANTHROPIC_API_KEY is not set; export it to use anthropic:claude-sonnet-4-5");
        assertThatThrownBy(() -> f.create(ModelSpec.parse("gemini:gemini-2.5-pro")))
                .isInstanceOf(AutoresearchException.class)
                .hasMessage("GEMINI_API_KEY is not set (nor GOOGLE_API_KEY); export it to use gemini:gemini-2.5-pro");
    }

    @Test
    void makesEachProvidersModelWhenItsKeyIsSet() {
        ModelFactory f = factory(Map.of("OPENAI_API_KEY", "k1", "ANTHROPIC_API_KEY", "k2", "GOOGLE_API_KEY", "k3"));
        assertThat(f.create(ModelSpec.parse("openai:gpt-4.1"))).isInstanceOf(OpenAiChatModel.class);
        assertThat(f.create(ModelSpec.parse("anthropic:claude-sonnet-4-5"))).isInstanceOf(AnthropicChatModel.class);
        assertThat(f.create(ModelSpec.parse("gemini:gemini-2.5-pro"))).isInstanceOf(GoogleAiGeminiChatModel.class);
        assertThat(f.create(ModelSpec.parse("ollama:qwen3:8b"))).isInstanceOf(OllamaChatModel.class);
    }

    @Test
    void resolvesFlagsBeforeVariables() {
        ModelFactory f = factory(Map.of("AUTORESEARCH_MODEL", "ollama:llama3.1:8b",
                "AUTORESEARCH_BASE_URL", "http://10.0.0.2:11434"));
        assertThat(f.resolve(Optional.empty(), Optional.empty())).isEqualTo(new ModelSpec(ModelSpec.Provider.OLLAMA,
                "llama3.1:8b", Optional.of("http://10.0.0.2:11434")));
        assertThat(f.resolve(Optional.of("openai:local"), Optional.of("http://127.0.0.1:8000/v1"))).isEqualTo(
                new ModelSpec(ModelSpec.Provider.OPENAI, "local", Optional.of("http://127.0.0.1:8000/v1")));
        assertThatThrownBy(() -> factory(Map.of()).resolve(Optional.empty(), Optional.empty()))
                .isInstanceOf(AutoresearchException.class)
                .hasMessage("no model named: pass --model provider:model (such as openai:gpt-4.1) or set"
                        + " AUTORESEARCH_MODEL; providers: openai, anthropic, gemini, ollama");
    }

    @Test
    void anOpenAiCompatibleLocalServerNeedsNoKey() throws Exception {
        try (FakeOpenAiServer server = new FakeOpenAiServer()) {
            server.replies("hello");
            ModelFactory f = factory(Map.of());
            ChatModel model = f.create(f.resolve(Optional.of("openai:qwen-local"), Optional.of(server.baseUrl())));
            assertThat(model.chat("hi")).isEqualTo("hello");
            assertThat(server.requests().get(0).get("model").asText()).isEqualTo("qwen-local");
        }
    }

    @Test
    void theFactorysModelsDoNotRetryThemselves() throws Exception {
        try (FakeOpenAiServer server = new FakeOpenAiServer()) {
            server.enqueue(FakeOpenAiServer.Answer.error(503, "{\"error\":{\"message\":\"down\"}}"),
                    FakeOpenAiServer.Answer.reply("late"));
            ChatModel model = factory(Map.of()).create(ModelSpec.parse("openai:m").withBaseUrl(server.baseUrl()));
            assertThatThrownBy(() -> model.chat("hi")).isInstanceOf(RuntimeException.class);
            assertThat(server.requests()).hasSize(1);
        }
    }

    @Test
    void theReplyLimitReachesAnOpenAiCompatibleServerAsMaxTokens() throws Exception {
        try (FakeOpenAiServer server = new FakeOpenAiServer()) {
            server.replies("limited", "unlimited");
            ModelSpec spec = ModelSpec.parse("openai:m").withBaseUrl(server.baseUrl());
            ModelFactory.builder().environment(Map.of()).maxOutputTokens(321).build().create(spec).chat("hi");
            factory(Map.of()).create(spec).chat("hi");

            assertThat(server.requests().get(0).path("max_tokens").asInt()).isEqualTo(321);
            assertThat(server.requests().get(0).has("max_completion_tokens")).isFalse();
            // without a limit the server's own default holds
            assertThat(server.requests().get(1).has("max_tokens")).isFalse();
            assertThat(server.requests().get(1).has("max_completion_tokens")).isFalse();
        }
    }

    @Test
    void openAiItselfGetsTheLimitAsMaxCompletionTokens() {
        assertThat(ModelFactory.isOpenAiItself(ModelSpec.parse("openai:o3"))).isTrue();
        assertThat(ModelFactory.isOpenAiItself(ModelSpec.parse("openai:o3").withBaseUrl("https://API.openai.com/v1")))
                .isTrue();
        assertThat(ModelFactory.isOpenAiItself(ModelSpec.parse("openai:q").withBaseUrl("http://127.0.0.1:8000/v1")))
                .isFalse();
    }

    @Test
    void theReplyLimitReachesAnthropicGeminiAndOllamaInTheirOwnTerms() throws Exception {
        try (BodyRecorder server = new BodyRecorder()) {
            ModelFactory f = ModelFactory.builder().maxOutputTokens(321).environment(Map.of(
                    "ANTHROPIC_API_KEY", "k", "GEMINI_API_KEY", "k")).build();
            JsonNode anthropic = server.bodyOf(f.create(ModelSpec.parse("anthropic:c").withBaseUrl(server.url("/v1"))));
            JsonNode gemini = server.bodyOf(f.create(ModelSpec.parse("gemini:g").withBaseUrl(server.url("/v1beta"))));
            JsonNode ollama = server.bodyOf(f.create(ModelSpec.parse("ollama:o").withBaseUrl(server.url(""))));

            assertThat(anthropic.path("max_tokens").asInt()).isEqualTo(321);
            assertThat(gemini.path("generationConfig").path("maxOutputTokens").asInt()).isEqualTo(321);
            assertThat(ollama.path("options").path("num_predict").asInt()).isEqualTo(321);

            JsonNode defaults = server.bodyOf(factory(Map.of("ANTHROPIC_API_KEY", "k"))
                    .create(ModelSpec.parse("anthropic:c").withBaseUrl(server.url("/v1"))));
            assertThat(defaults.path("max_tokens").asInt()).isEqualTo(ModelFactory.ANTHROPIC_DEFAULT_MAX_TOKENS);
        }
    }

    @Test
    void ollamaAtTheOpenAiCompatiblePathIsRefusedWithBothWaysOut() {
        ModelFactory f = factory(Map.of());
        assertThatThrownBy(() -> f.create(f.resolve(Optional.of("ollama:qwen3:8b"),
                Optional.of("http://10.0.0.2:11434/v1/"))))
                .isInstanceOf(AutoresearchException.class)
                .hasMessage("the base URL http://10.0.0.2:11434/v1 is Ollama's OpenAI-compatible path, but"
                        + " ollama:qwen3:8b talks to Ollama's own API, which would answer 404 there; pass --base-url"
                        + " http://10.0.0.2:11434 (or set AUTORESEARCH_BASE_URL to it), or use the OpenAI-compatible"
                        + " path with --model openai:qwen3:8b --base-url http://10.0.0.2:11434/v1");
        assertThat(f.create(f.resolve(Optional.of("ollama:qwen3:8b"), Optional.of("http://10.0.0.2:11434"))))
                .isInstanceOf(OllamaChatModel.class);
    }

    /** Answers every request with HTTP 500 and keeps its body: enough to see what a client sends. */
    private static final class BodyRecorder implements AutoCloseable {
        private final HttpServer server;
        private final List<byte[]> bodies = new CopyOnWriteArrayList<>();

        BodyRecorder() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                try (exchange) {
                    bodies.add(exchange.getRequestBody().readAllBytes());
                    exchange.sendResponseHeaders(500, -1);
                }
            });
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        /** The body of the one request {@code model} sends for a chat. */
        JsonNode bodyOf(ChatModel model) throws IOException {
            int before = bodies.size();
            assertThatThrownBy(() -> model.chat("hi")).isInstanceOf(RuntimeException.class);
            assertThat(bodies).hasSize(before + 1);
            return new ObjectMapper().readTree(bodies.get(before));
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
