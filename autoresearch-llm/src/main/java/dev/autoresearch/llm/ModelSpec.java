package dev.autoresearch.llm;

import dev.autoresearch.core.AutoresearchException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A model named as on the command line, {@code provider:model} ({@code openai:gpt-4.1},
 * {@code anthropic:claude-sonnet-4-5}, {@code gemini:gemini-2.5-pro}, {@code ollama:qwen3:8b}),
 * with an optional base URL (for {@code openai:}, any OpenAI-compatible server: vLLM, llama.cpp's
 * server, LM Studio, Ollama's {@code /v1}). {@link ModelFactory} turns it into a model.
 *
 * @param provider who serves the model
 * @param model    the provider's name for the model; may itself contain {@code :}
 * @param baseUrl  the server's address up to the API root ({@code http://127.0.0.1:8000/v1}), if not the provider's own
 */
public record ModelSpec(Provider provider, String model, Optional<String> baseUrl) {

    /** The providers a model can be named with. */
    public enum Provider {
        /** OpenAI, or any server with an OpenAI-compatible API at the base URL. */
        OPENAI,
        /** Anthropic's Claude models. */
        ANTHROPIC,
        /** Google's Gemini models through the Gemini API. */
        GEMINI,
        /** A local or remote Ollama server, through its native API. */
        OLLAMA;

        /** The name used before the colon: {@code openai}, {@code anthropic}, ... */
        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Every keyword, comma-separated, for messages. */
        public static String keywords() {
            return Arrays.stream(values()).map(Provider::keyword).collect(Collectors.joining(", "));
        }
    }

    public ModelSpec {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (model.isBlank()) {
            throw new AutoresearchException("the model name after '" + provider.keyword() + ":' is empty;"
                    + " name a model, such as " + example(provider));
        }
        model = model.strip();
        baseUrl = baseUrl.map(ModelSpec::checkUrl);
    }

    /**
     * Parses {@code provider:model}; the provider is case-insensitive, the model name is everything
     * after the first colon.
     *
     * @throws AutoresearchException for text without a provider, an unknown provider or no model name,
     *                               listing the known providers
     */
    public static ModelSpec parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.strip();
        int colon = t.indexOf(':');
        if (colon <= 0) {
            throw new AutoresearchException("a model is named provider:model, such as openai:gpt-4.1 or"
                    + " ollama:qwen3:8b; got '" + text + "' (providers: " + Provider.keywords() + ")");
        }
        String name = t.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        Provider provider = Arrays.stream(Provider.values()).filter(p -> p.keyword().equals(name)).findFirst()
                .orElseThrow(() -> new AutoresearchException("unknown model provider '" + name + "' in '" + text
                        + "'; known providers: " + Provider.keywords()
                        + " (for another OpenAI-compatible server, use openai: with --base-url)"));
        return new ModelSpec(provider, t.substring(colon + 1), Optional.empty());
    }

    /** This spec with the server at {@code url}. */
    public ModelSpec withBaseUrl(String url) {
        return new ModelSpec(provider, model, Optional.of(Objects.requireNonNull(url, "url")));
    }

    @Override
    public String toString() {
        return provider.keyword() + ":" + model + baseUrl.map(u -> " at " + u).orElse("");
    }

    private static String checkUrl(String url) {
        String u = url.strip();
        try {
            URI uri = new URI(u);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || uri.getHost() == null) {
                throw new AutoresearchException("the base URL must be an http:// or https:// address such as"
                        + " http://127.0.0.1:8000/v1; got '" + url + "'");
            }
        } catch (URISyntaxException e) {
            throw new AutoresearchException("the base URL is not a valid address: '" + url + "' (" + e.getReason() + ")", e);
        }
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }

    private static String example(Provider p) {
        switch (p) {
            case ANTHROPIC:
                return "anthropic:claude-sonnet-4-5";
            case GEMINI:
                return "gemini:gemini-2.5-pro";
            case OLLAMA:
                return "ollama:qwen3:8b";
            default:
                return "openai:gpt-4.1";
        }
    }
}
