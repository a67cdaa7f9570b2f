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
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
}
