package dev.autoresearch.llm.internal;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;

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
}
