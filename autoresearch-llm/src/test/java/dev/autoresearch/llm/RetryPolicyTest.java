package dev.autoresearch.llm;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {

    @Test
    void delaysGrowExponentiallyUpToTheMaximum() {
        RetryPolicy p = RetryPolicy.builder().initialDelay(Duration.ofSeconds(1)).maxDelay(Duration.ofSeconds(5))
                .jitter(0).build();
        assertThat(p.delayBefore(1, 0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.delayBefore(2, 0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.delayBefore(3, 0)).isEqualTo(Duration.ofSeconds(4));
        assertThat(p.delayBefore(4, 0)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void theSpreadIsDrawnFromTheSeedAndStaysInRange() {
        RetryPolicy p = RetryPolicy.builder().initialDelay(Duration.ofSeconds(10)).jitter(0.2).seed(42).build();
        for (long salt = 0; salt < 50; salt++) {
            assertThat(p.delayBefore(1, salt)).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(12));
            assertThat(p.delayBefore(1, salt)).isEqualTo(p.delayBefore(1, salt));
        }
        assertThat(p.delayBefore(1, 1)).isNotEqualTo(p.delayBefore(1, 2));
        assertThat(p.toBuilder().seed(43).build().delayBefore(1, 1)).isNotEqualTo(p.delayBefore(1, 1));
    }

    @Test
    void checksItsSettings() {
        assertThatThrownBy(() -> RetryPolicy.builder().maxRetries(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.builder().jitter(1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.builder().multiplier(0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.builder().initialDelay(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.builder().initialDelay(Duration.ofMinutes(5)).maxDelay(Duration.ofMinutes(1))
                .build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not exceed maxDelay");
        assertThatThrownBy(() -> RetryPolicy.DEFAULT.delayBefore(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(RetryPolicy.none().maxRetries()).isZero();
    }
}
