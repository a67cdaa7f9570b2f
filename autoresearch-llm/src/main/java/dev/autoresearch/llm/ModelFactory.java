package dev.autoresearch.llm;

import dev.autoresearch.core.AutoresearchException;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Makes a langchain4j {@link ChatModel} from a {@link ModelSpec}, reading API keys from an
 * environment (the process's unless another is given): {@code OPENAI_API_KEY},
 * {@code ANTHROPIC_API_KEY}, {@code GEMINI_API_KEY} or {@code GOOGLE_API_KEY}; Ollama needs
 * none, and neither does an {@code openai:} model with a base URL when no key is set (local servers
 * ignore it). A missing key is an error before anything runs. The models it makes do not retry
 * by themselves: {@link LlmStrategy} retries, once. A reply limit set with
 * {@link Builder#maxOutputTokens} goes to every provider in its own terms; without one, only
 * Anthropic, whose API requires a limit, gets {@value #ANTHROPIC_DEFAULT_MAX_TOKENS}, and the others
 * keep their own default (a fixed limit would cut short the replies of models that think first).
 *
 * <pre>{@code
 * ModelFactory factory = ModelFactory.builder().build();
 * ChatModel model = factory.create(factory.resolve(Optional.of("openai:gpt-4.1"), Optional.empty()));
 * }</pre>
 */
public final class ModelFactory {
    /** The variable naming the model when no {@code --model} is given. */
    public static final String MODEL_VARIABLE = "AUTORESEARCH_MODEL";
    /** The variable giving the base URL when no {@code --base-url} is given. */
    public static final String BASE_URL_VARIABLE = "AUTORESEARCH_BASE_URL";
    /** Where Ollama listens unless {@code OLLAMA_HOST} or a base URL says otherwise. */
    public static final String OLLAMA_DEFAULT_URL = "http://localhost:11434";

    /** The reply limit Anthropic gets unless {@link Builder#maxOutputTokens} says otherwise. */
    public static final int ANTHROPIC_DEFAULT_MAX_TOKENS = 8192;

    private static final String PLACEHOLDER_KEY = "no-key-needed";

    private final Map<String, String> environment;
    private final Duration timeout;
    private final Optional<Integer> maxOutputTokens;

    private ModelFactory(Builder b) {
        this.environment = b.environment;
        this.timeout = b.timeout;
        this.maxOutputTokens = b.maxOutputTokens;
    }

    /** A builder reading the process's environment, with a 5-minute timeout. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this factory's settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.environment = environment;
        b.timeout = timeout;
        b.maxOutputTokens = maxOutputTokens;
        return b;
    }

    /**
     * The model to use: {@code model} if given, else {@value #MODEL_VARIABLE}; with {@code baseUrl}
     * if given, else {@value #BASE_URL_VARIABLE} when set.
     *
     * @throws AutoresearchException when no model is named, or the name or URL is malformed
     */
    public ModelSpec resolve(Optional<String> model, Optional<String> baseUrl) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(baseUrl, "baseUrl");
        String name = model.filter(m -> !m.isBlank()).or(() -> variable(MODEL_VARIABLE))
                .orElseThrow(() -> new AutoresearchException("no model named: pass --model provider:model (such as"
                        + " openai:gpt-4.1) or set " + MODEL_VARIABLE + "; providers: "
                        + ModelSpec.Provider.keywords()));
        ModelSpec spec = ModelSpec.parse(name);
        Optional<String> url = baseUrl.filter(u -> !u.isBlank()).or(() -> variable(BASE_URL_VARIABLE));
        return url.isPresent() ? spec.withBaseUrl(url.get()) : spec;
    }

    /**
     * A model for {@code spec}.
     *
     * @throws AutoresearchException when the provider's API key is not set, naming the variable
     */
    public ChatModel create(ModelSpec spec) {
        Objects.requireNonNull(spec, "spec");
        switch (spec.provider()) {
            case OPENAI:
                return openAi(spec);
            case ANTHROPIC:
                return anthropic(spec);
            case GEMINI:
                return gemini(spec);
            case OLLAMA:
                return ollama(spec);
            default:
                throw new AutoresearchException("unknown model provider " + spec.provider());
        }
    }

    private ChatModel openAi(ModelSpec spec) {
        Optional<String> key = variable("OPENAI_API_KEY");
        if (key.isEmpty() && spec.baseUrl().isEmpty()) {
            throw new AutoresearchException("OPENAI_API_KEY is not set; export it, or pass --base-url (or set "
                    + BASE_URL_VARIABLE + ") for a local OpenAI-compatible server that needs none");
        }
        OpenAiChatModel.OpenAiChatModelBuilder b = OpenAiChatModel.builder()
                .apiKey(key.orElse(PLACEHOLDER_KEY))
                .modelName(spec.model())
                .timeout(timeout)
                .maxRetries(0);
        spec.baseUrl().ifPresent(b::baseUrl);
        if (maxOutputTokens.isPresent()) {
            // OpenAI's reasoning models take only max_completion_tokens; compatible servers (vLLM,
            // llama.cpp, LM Studio, Ollama's /v1) all take max_tokens, and not all the newer name.
            if (isOpenAiItself(spec)) {
                b.maxCompletionTokens(maxOutputTokens.get());
            } else {
                b.maxTokens(maxOutputTokens.get());
            }
        }
        return b.build();
    }

    private ChatModel anthropic(ModelSpec spec) {
        String key = variable("ANTHROPIC_API_KEY").orElseThrow(() -> new AutoresearchException(
                "ANTHROPIC_API_KEY is not set; export it to use " + spec.provider().keyword() + ":" + spec.model()));
        AnthropicChatModel.AnthropicChatModelBuilder b = AnthropicChatModel.builder()
                .apiKey(key)
                .modelName(spec.model())
                .maxTokens(maxOutputTokens.orElse(ANTHROPIC_DEFAULT_MAX_TOKENS))
                .timeout(timeout)
                .maxRetries(0);
        spec.baseUrl().ifPresent(b::baseUrl);
        return b.build();
    }

    private ChatModel gemini(ModelSpec spec) {
        String key = variable("GEMINI_API_KEY").or(() -> variable("GOOGLE_API_KEY"))
                .orElseThrow(() -> new AutoresearchException("GEMINI_API_KEY is not set (nor GOOGLE_API_KEY);"
                        + " export it to use " + spec.provider().keyword() + ":" + spec.model()));
        GoogleAiGeminiChatModel.GoogleAiGeminiChatModelBuilder b = GoogleAiGeminiChatModel.builder()
                .apiKey(key)
                .modelName(spec.model())
                .timeout(timeout)
                .maxRetries(0);
        spec.baseUrl().ifPresent(b::baseUrl);
        maxOutputTokens.ifPresent(b::maxOutputTokens);
        return b.build();
    }

    private ChatModel ollama(ModelSpec spec) {
        String url = spec.baseUrl().or(() -> variable("OLLAMA_HOST").map(ModelFactory::hostUrl))
                .orElse(OLLAMA_DEFAULT_URL);
        if (url.toLowerCase(Locale.ROOT).endsWith("/v1")) {
            String root = url.substring(0, url.length() - 3);
            throw new AutoresearchException("the base URL " + url + " is Ollama's OpenAI-compatible path, but "
                    + spec.provider().keyword() + ":" + spec.model() + " talks to Ollama's own API, which would"
                    + " answer 404 there; pass --base-url " + root + " (or set " + BASE_URL_VARIABLE + " to it), or"
                    + " use the OpenAI-compatible path with --model openai:" + spec.model() + " --base-url " + url);
        }
        OllamaChatModel.OllamaChatModelBuilder b = OllamaChatModel.builder()
                .baseUrl(url)
                .modelName(spec.model())
                .timeout(timeout)
                .maxRetries(0);
        maxOutputTokens.ifPresent(b::numPredict);
        return b.build();
    }

    /** True for OpenAI's own API: no base URL, or one at api.openai.com. */
    static boolean isOpenAiItself(ModelSpec spec) {
        return spec.baseUrl().map(u -> URI.create(u).getHost().equalsIgnoreCase("api.openai.com")).orElse(true);
    }

    /** {@code OLLAMA_HOST} as Ollama reads it: {@code host}, {@code host:port} or a URL. */
    private static String hostUrl(String host) {
        String h = host.strip();
        if (h.startsWith("http://") || h.startsWith("https://")) {
            return h;
        }
        return "http://" + (h.contains(":") ? h : h + ":11434");
    }

    private Optional<String> variable(String name) {
        return Optional.ofNullable(environment.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** Assembles a {@link ModelFactory}; each setter checks its argument. */
    public static final class Builder {
        private Map<String, String> environment = System.getenv();
        private Duration timeout = Duration.ofMinutes(5);
        private Optional<Integer> maxOutputTokens = Optional.empty();

        private Builder() {
        }

        /** Where keys and the {@code AUTORESEARCH_*} variables are read; the process's environment by default. */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
            return this;
        }

        /** How long one request may take; 5 minutes by default (a slow model writing a long reply). */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * The most tokens a reply may have (thinking included where the provider counts it), sent to
         * every provider: OpenAI's {@code max_completion_tokens} ({@code max_tokens} for a compatible
         * server), Anthropic's {@code max_tokens}, Gemini's {@code maxOutputTokens}, Ollama's
         * {@code num_predict}. Unset, only Anthropic gets a limit, {@value #ANTHROPIC_DEFAULT_MAX_TOKENS}.
         */
        public Builder maxOutputTokens(int tokens) {
            if (tokens < 1) {
                throw new IllegalArgumentException("maxOutputTokens must be positive, got " + tokens);
            }
            this.maxOutputTokens = Optional.of(tokens);
            return this;
        }

        /** The factory with these settings. */
        public ModelFactory build() {
            return new ModelFactory(this);
        }
    }
}
