package dev.autoresearch.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * An OpenAI-compatible chat server on loopback serving scripted answers to
 * {@code POST /v1/chat/completions} (non-streaming), in OpenAI's JSON shape with {@code usage}. It
 * records every request body, so a test can read the prompts and follow-ups a strategy sent. Public
 * for the command line's tests, which drive it through {@code --model openai:... --base-url}.
 */
public final class FakeOpenAiServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One scripted answer. */
    public record Answer(int status, String content, String errorBody, int promptTokens, int completionTokens, Duration delay,
                         boolean html) {
        public static Answer reply(String content, int promptTokens, int completionTokens) {
            return new Answer(200, content, "", promptTokens, completionTokens, Duration.ZERO, false);
        }

        public static Answer reply(String content) {
            return reply(content, 100, 20);
        }

        public static Answer error(int status, String body) {
            return new Answer(status, "", body, 0, 0, Duration.ZERO, false);
        }

        /** A response of {@code status} whose body is {@code page} as it is, such as a proxy's HTML error page. */
        public static Answer page(int status, String page) {
            return new Answer(status, "", page, 0, 0, Duration.ZERO, true);
        }

        public Answer after(Duration delay) {
            return new Answer(status, content, errorBody, promptTokens, completionTokens, delay, html);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<JsonNode> requests = new ArrayList<>();
    private Function<JsonNode, Answer> fallback = request -> null;

    public FakeOpenAiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Adds answers to the end of the script. */
    public synchronized FakeOpenAiServer enqueue(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    /** Adds plain replies with default token counts. */
    public FakeOpenAiServer replies(String... contents) {
        for (String c : contents) {
            enqueue(Answer.reply(c));
        }
        return this;
    }

    /** Answers requests computed from the request body once the script is used up. */
    public synchronized FakeOpenAiServer otherwise(Function<JsonNode, Answer> responder) {
        this.fallback = responder;
        return this;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** The real langchain4j OpenAI client pointed at this server, with its own retries off. */
    public ChatModel model() {
        return model(Duration.ofSeconds(10));
    }

    public ChatModel model(Duration timeout) {
        return OpenAiChatModel.builder().baseUrl(baseUrl()).apiKey("test-key").modelName("test-model")
                .timeout(timeout).maxRetries(0).build();
    }

    public synchronized List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    public synchronized int remaining() {
        return script.size();
    }

    /** The messages of request {@code index} as role and content pairs. */
    public List<Message> messages(int index) {
        return messages(requests().get(index));
    }

    /** The messages of a request body as role and content pairs. */
    public static List<Message> messages(JsonNode request) {
        List<Message> out = new ArrayList<>();
        for (JsonNode m : request.get("messages")) {
            JsonNode content = m.get("content");
            String text;
            if (content.isArray()) {
                StringBuilder sb = new StringBuilder();
                content.forEach(part -> sb.append(part.path("text").asText()));
                text = sb.toString();
            } else {
                text = content.asText();
            }
            out.add(new Message(m.get("role").asText(), text));
        }
        return out;
    }

    public record Message(String role, String content) {
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Answer answer;
            synchronized (this) {
                JsonNode request = JSON.readTree(body);
                requests.add(request);
                answer = script.pollFirst();
                if (answer == null) {
                    answer = fallback.apply(request);
                }
            }
            if (answer == null) {
                answer = Answer.error(500, "{\"error\":{\"message\":\"no scripted answer left\"}}");
            }
            if (!answer.delay().isZero()) {
                try {
                    Thread.sleep(answer.delay().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            byte[] out;
            String type = answer.html() ? "text/html" : "application/json";
            if (answer.html()) {
                out = answer.errorBody().getBytes(StandardCharsets.UTF_8);
            } else if (answer.status() == 200) {
                ObjectNode root = JSON.createObjectNode();
                root.put("id", "chatcmpl-" + requests.size());
                root.put("object", "chat.completion");
                root.put("created", 1_700_000_000L);
                root.put("model", "test-model");
                ArrayNode choices = root.putArray("choices");
                ObjectNode choice = choices.addObject();
                choice.put("index", 0);
                ObjectNode message = choice.putObject("message");
                message.put("role", "assistant");
                message.put("content", answer.content());
                choice.put("finish_reason", "stop");
                ObjectNode usage = root.putObject("usage");
                usage.put("prompt_tokens", answer.promptTokens());
                usage.put("completion_tokens", answer.completionTokens());
                usage.put("total_tokens", answer.promptTokens() + answer.completionTokens());
                out = JSON.writeValueAsBytes(root);
            } else {
                out = answer.errorBody().getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(answer.status(), out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        } catch (IOException e) {
            // the client went away (a timeout test); nothing to answer
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
