package dev.autoresearch.llm.internal;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.TokenUsage;
import dev.autoresearch.llm.RetryPolicy;
import dev.autoresearch.llm.Sleeper;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * Sends a conversation to a {@link ChatModel} and retries the failures that pass (rate limits,
 * server errors, timeouts, broken connections) with the backoff of a {@link RetryPolicy}. When
 * the retries run out, or a failure cannot pass (a rejected key, an unknown model), it throws an
 * {@link AutoresearchException} that says what happened and what to do; an interrupt ends it with a
 * {@link CancellationException} instead. A {@code Retry-After} header is not honoured: langchain4j's
 * {@link HttpException} carries the status and body of a failed response, not its headers (still so
 * in langchain4j 1.23).
 *
 * <p>One client serves every request of a strategy, several at once when proposals are made ahead:
 * when they fail together, each retry is warned of once, not once per request.
 */
public final class ModelClient {
    private static final Logger LOG = LoggerFactory.getLogger(ModelClient.class);
    private static final int MESSAGE_CHARS = 300;
    private static final java.util.regex.Pattern THINKING =
            java.util.regex.Pattern.compile("(?s)<think>.*?</think>");

    private final ChatModel model;
    private final RetryPolicy retry;
    private final Sleeper sleeper;
    private final Consumer<String> warnings;
    /** The retry warnings given since a request last succeeded, so that requests failing together warn once. */
    private final Set<String> warned = new HashSet<>();

    public ModelClient(ChatModel model, RetryPolicy retry, Sleeper sleeper) {
        this(model, retry, sleeper, message -> LOG.warn("{}", message));
    }

    /** @param warnings told of each retry (the log by default) */
    public ModelClient(ChatModel model, RetryPolicy retry, Sleeper sleeper, Consumer<String> warnings) {
        this.model = Objects.requireNonNull(model, "model");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.warnings = Objects.requireNonNull(warnings, "warnings");
    }

    /** A model's answer: its text (empty when it sent none) and the tokens the request cost. */
    public record Reply(String text, TokenUsage usage) {
    }

    /**
     * Sends {@code messages}.
     *
     * @param salt identifies the request among a session's requests, for the retry delays' spread
     * @throws AutoresearchException when no answer could be had
     * @throws CancellationException   when the thread was interrupted meanwhile; it stays interrupted
     */
    public Reply chat(List<ChatMessage> messages, long salt) {
        ChatRequest request = ChatRequest.builder().messages(messages).build();
        Duration waited = Duration.ZERO;
        for (int attempt = 0; ; attempt++) {
            try {
                ChatResponse response = model.chat(request);
                TokenUsage usage = usage(response);
                AiMessage ai = response.aiMessage();
                String text = withoutThinking(ai == null || ai.text() == null ? "" : ai.text());
                synchronized (warned) {
                    warned.clear();
                }
                LOG.debug("model replied with {} characters ({} input, {} output tokens)",
                        text.length(), usage.inputTokens(), usage.outputTokens());
                return new Reply(text, usage);
            } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted() || has(e, InterruptedException.class)) {
                    // some HTTP clients drop the flag; the loop reads it to stop
                    Thread.currentThread().interrupt();
                    throw interrupted("interrupted while waiting for the model's reply", e);
                }
                Optional<String> passing = passingFault(e);
                if (passing.isEmpty()) {
                    throw new AutoresearchException(permanentMessage(e) + "; the session stops here with its journal"
                        + " intact and, once that is fixed, continues from this point when started again", e);
                }
                if (attempt >= retry.maxRetries()) {
                    throw new AutoresearchException("the model request failed " + (attempt + 1)
                            + (attempt == 0 ? " time" : " times") + (waited.isZero() ? "" : " over " + seconds(waited))
                            + ", last with " + passing.get() + "; the session stops here with its journal"
                            + " intact and continues from this point when started again (raise the retries"
                            + " or wait for the provider)", e);
                }
                Duration delay = retry.delayBefore(attempt + 1, salt);
                warnOnce("model request failed with " + passing.get() + "; retry " + (attempt + 1) + " of "
                        + retry.maxRetries(), " in " + seconds(delay));
                try {
                    sleeper.sleep(delay);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw interrupted("interrupted while waiting to retry the model request", interrupted);
                }
                waited = waited.plus(delay);
            }
        }
    }

    /** Warns of {@code message} unless a request failing at the same time already did. */
    private void warnOnce(String message, String detail) {
        boolean first;
        synchronized (warned) {
            first = warned.add(message);
        }
        if (first) {
            warnings.accept(message + detail);
        } else {
            LOG.debug("{}{} (another request)", message, detail);
        }
    }

    /**
     * An interrupt is the host stopping, not a model failure: a {@link CancellationException} is not
     * an {@link AutoresearchException}, so no caller reports it as one, and the loop, seeing the
     * interrupted thread, stops as interrupted with nothing recorded.
     */
    private static CancellationException interrupted(String message, Throwable cause) {
        CancellationException e = new CancellationException(message);
        e.initCause(cause);
        return e;
    }

    /**
     * The reply without the reasoning some models write into it between {@code <think>} tags
     * (served through OpenAI-compatible servers): drafts there must not be read as the answer.
     */
    static String withoutThinking(String text) {
        String t = THINKING.matcher(text).replaceAll("");
        int open = t.indexOf("<think>");
        if (open >= 0 && t.substring(0, open).isBlank()) {
            t = "";
        }
        return t.strip().isEmpty() ? "" : t.stripLeading();
    }

    /** Why a failure may pass if tried again, or empty when it will not. */
    static Optional<String> passingFault(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpException) {
                int code = ((HttpException) t).statusCode();
                if (code == 429) {
                    return Optional.of("a rate limit (HTTP 429: " + brief(t.getMessage()) + ")");
                }
                if (code == 408 || code >= 500) {
                    return Optional.of("HTTP " + code + " (" + brief(t.getMessage()) + ")");
                }
                return Optional.empty();
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof NonRetriableException) {
                return Optional.empty();
            }
            if (t instanceof RateLimitException) {
                return Optional.of("a rate limit (" + brief(t.getMessage()) + ")");
            }
            if (t instanceof dev.langchain4j.exception.TimeoutException
                    || t instanceof java.util.concurrent.TimeoutException
                    || t instanceof java.net.http.HttpTimeoutException
                    || t instanceof java.net.SocketTimeoutException) {
                return Optional.of("a timeout (" + brief(t.getMessage()) + ")");
            }
            if (t instanceof RetriableException) {
                return Optional.of("a server error (" + brief(t.getMessage()) + ")");
            }
            if (t instanceof JsonProcessingException) {
                // Jackson's parse failures are IOExceptions, but the connection worked: the provider, or a
                // proxy before it, answered with something else than JSON, such as an HTML error page.
                return Optional.of("a provider error (HTTP 200, but the reply is not JSON: " + brief(notJson(failure))
                        + "; an error page of a proxy or of the wrong server? check the base URL)");
            }
            if (t instanceof IOException) {
                return Optional.of("a connection failure (" + t.getClass().getSimpleName() + ": "
                        + brief(t.getMessage()) + ")");
            }
        }
        return Optional.empty();
    }

    /**
     * What the parser found wrong, without its list of what it expected; the client does not keep the
     * reply's body, so this is all there is to show of it.
     */
    private static String notJson(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JsonProcessingException j && j.getOriginalMessage() != null) {
                String m = j.getOriginalMessage();
                int expected = m.indexOf(": expected");
                return expected > 0 ? m.substring(0, expected) : m;
            }
        }
        return "unreadable";
    }

    private static String permanentMessage(RuntimeException e) {
        String detail = brief(e.getMessage());
        Integer status = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpException) {
                status = ((HttpException) t).statusCode();
                detail = brief(t.getMessage());
                break;
            }
        }
        String code = status == null ? "" : "HTTP " + status + ": ";
        if (has(e, AuthenticationException.class) || (status != null && (status == 401 || status == 403))) {
            return "the model provider rejected the credentials (" + code + detail
                    + "); check the API key variable (OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY)";
        }
        if (has(e, ModelNotFoundException.class) || (status != null && status == 404)) {
            return "the model provider does not know the model or the address (" + code + detail
                    + "); check the model name and the base URL";
        }
        if (has(e, UnresolvedModelServerException.class)) {
            return "the model server's host name cannot be resolved (" + detail + "); check the base URL";
        }
        if (has(e, InvalidRequestException.class) || status != null) {
            return "the model provider refused the request (" + code + detail
                    + "); check the model's settings (name, context length, output tokens) and the prompt's size"
                    + " (the editable files)";
        }
        return "the model request failed: " + e.getClass().getSimpleName() + ": " + detail;
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static TokenUsage usage(ChatResponse response) {
        dev.langchain4j.model.output.TokenUsage u = response.tokenUsage();
        if (u == null) {
            return TokenUsage.ZERO;
        }
        long in = u.inputTokenCount() == null ? 0 : Math.max(0, u.inputTokenCount());
        long out = u.outputTokenCount() == null ? 0 : Math.max(0, u.outputTokenCount());
        return new TokenUsage(in, out);
    }

    private static String brief(String message) {
        if (message == null) {
            return "no message";
        }
        String m = message.strip().replaceAll("\\s+", " ");
        return m.length() <= MESSAGE_CHARS ? m : m.substring(0, MESSAGE_CHARS) + "...";
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms < 1000 ? ms + " ms" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
