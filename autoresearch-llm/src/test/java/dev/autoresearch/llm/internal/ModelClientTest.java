package dev.autoresearch.llm.internal;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import dev.autoresearch.llm.RetryPolicy;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.llm.FakeOpenAiServer;
import dev.autoresearch.llm.FakeOpenAiServer.Answer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelClientTest {

    @Test
    void passingFaultsAreRateLimitsServerErrorsTimeoutsAndBrokenConnections() {
        assertThat(ModelClient.passingFault(new RateLimitException(new HttpException(429, "slow down"))))
                .contains("a rate limit (HTTP 429: slow down)");
        assertThat(ModelClient.passingFault(new InternalServerException(new HttpException(502, "bad gateway"))))
                .contains("HTTP 502 (bad gateway)");
        assertThat(ModelClient.passingFault(new TimeoutException("read timed out"))).contains("a timeout (read timed out)");
        assertThat(ModelClient.passingFault(new RuntimeException(new ConnectException("refused"))))
                .contains("a connection failure (ConnectException: refused)");
        assertThat(ModelClient.passingFault(new RuntimeException(new IOException("reset")))).isPresent();
    }

    @Test
    void otherFaultsDoNotPass() {
        assertThat(ModelClient.passingFault(new AuthenticationException(new HttpException(401, "bad key")))).isEmpty();
        assertThat(ModelClient.passingFault(new InvalidRequestException(new HttpException(400, "too long")))).isEmpty();
        assertThat(ModelClient.passingFault(new IllegalStateException("bug"))).isEmpty();
    }

    @Test
    void reasoningBetweenThinkTagsIsDropped() {
        assertThat(ModelClient.withoutThinking("<think>\nHYPOTHESIS: draft\n</think>\n\nHYPOTHESIS: final\n"))
                .isEqualTo("HYPOTHESIS: final\n");
        assertThat(ModelClient.withoutThinking("<think>still thinking when cut off")).isEmpty();
        assertThat(ModelClient.withoutThinking("HYPOTHESIS: plain")).isEqualTo("HYPOTHESIS: plain");
        assertThat(ModelClient.withoutThinking("  \n")).isEmpty();
    }

    @Test
    void aRequestEndedByAnInterruptIsNotRetriedAndLeavesTheThreadInterrupted() {
        List<Duration> slept = new ArrayList<>();
        ChatModel model = new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                throw new RuntimeException(new InterruptedException()); // an HTTP client that drops the flag
            }
        };
        ModelClient client = new ModelClient(model, RetryPolicy.DEFAULT, slept::add);
        try {
            assertThatThrownBy(() -> client.chat(List.of(UserMessage.from("hi")), 1))
                    .isInstanceOf(java.util.concurrent.CancellationException.class)
                    .hasMessage("interrupted while waiting for the model's reply");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(slept).isEmpty();
    }

    private static final String PROXY_PAGE = "<html><body><h1>502 Bad Gateway</h1>nginx</body></html>";

    @Test
    void aReplyThatIsNotJsonIsAProviderErrorRetriedAsThePolicySaysForServerErrors() throws IOException {
        List<Duration> slept = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        try (FakeOpenAiServer server = new FakeOpenAiServer()) {
            server.enqueue(Answer.page(200, PROXY_PAGE), Answer.page(200, PROXY_PAGE), Answer.reply("HYPOTHESIS: x"));
            ModelClient client = new ModelClient(server.model(), RetryPolicy.builder().maxRetries(2).build(),
                    slept::add, warnings::add);

            assertThat(client.chat(List.of(UserMessage.from("hi")), 1).text()).isEqualTo("HYPOTHESIS: x");
            assertThat(slept).hasSize(2);
            assertThat(warnings).hasSize(2).allSatisfy(w -> assertThat(w)
                    .startsWith("model request failed with a provider error (HTTP 200, but the reply is not JSON: "
                            + "Unexpected character ('<' (code 60)); an error page of a proxy or of the wrong server? "
                            + "check the base URL); retry ")
                    .doesNotContain("connection"));
        }
    }

    @Test
    void aProviderThatKeepsSendingPagesFailsOnceTheRetriesRunOut() throws IOException {
        try (FakeOpenAiServer server = new FakeOpenAiServer()) {
            server.otherwise(request -> Answer.page(200, PROXY_PAGE));
            ModelClient client = new ModelClient(server.model(), RetryPolicy.builder().maxRetries(1).build(),
                    d -> { }, w -> { });

            assertThatThrownBy(() -> client.chat(List.of(UserMessage.from("hi")), 1))
                    .isInstanceOf(AutoresearchException.class)
                    .hasMessageStartingWith("the model request failed 2 times")
                    .hasMessageContaining("last with a provider error (HTTP 200, but the reply is not JSON: ")
                    .hasMessageNotContaining("connection");
            assertThat(server.requests()).hasSize(2);
        }
    }

    @Test
    void requestsFailingTogetherWarnOfEachRetryOnce() throws Exception {
        List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        CyclicBarrier bothFailed = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (FakeOpenAiServer server = new FakeOpenAiServer()) {
            server.enqueue(Answer.error(503, "{\"error\":{\"message\":\"overloaded\"}}"),
                    Answer.error(503, "{\"error\":{\"message\":\"overloaded\"}}"));
            server.otherwise(request -> Answer.reply("HYPOTHESIS: y"));
            ModelClient client = new ModelClient(server.model(), RetryPolicy.builder().maxRetries(3).build(),
                    d -> awaitQuietly(bothFailed), warnings::add);

            Future<ModelClient.Reply> first = pool.submit(() -> client.chat(List.of(UserMessage.from("a")), 1));
            Future<ModelClient.Reply> second = pool.submit(() -> client.chat(List.of(UserMessage.from("b")), 2));

            assertThat(first.get(20, TimeUnit.SECONDS).text()).isEqualTo("HYPOTHESIS: y");
            assertThat(second.get(20, TimeUnit.SECONDS).text()).isEqualTo("HYPOTHESIS: y");
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0)).startsWith("model request failed with HTTP 503 (").contains("retry 1 of 3");
        } finally {
            pool.shutdownNow();
        }
    }

    /** Both requests have failed and warned (or not) before either retries. */
    private static void awaitQuietly(CyclicBarrier barrier) throws InterruptedException {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.BrokenBarrierException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the two requests did not fail together", e);
        }
    }

    @Test
    void aFailureAfterTheProviderRecoveredIsWarnedOfAgain() throws IOException {
        List<String> warnings = new ArrayList<>();
        try (FakeOpenAiServer server = new FakeOpenAiServer()) {
            server.enqueue(Answer.error(503, "{}"), Answer.reply("one"), Answer.error(503, "{}"), Answer.reply("two"));
            ModelClient client = new ModelClient(server.model(), RetryPolicy.builder().maxRetries(3).build(),
                    d -> { }, warnings::add);

            client.chat(List.of(UserMessage.from("a")), 1);
            client.chat(List.of(UserMessage.from("b")), 2);

            assertThat(warnings).hasSize(2);
        }
    }
}
