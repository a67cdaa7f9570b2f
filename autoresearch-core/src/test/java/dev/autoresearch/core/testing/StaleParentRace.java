package dev.autoresearch.core.testing;

import dev.autoresearch.core.ResearchEvent;
import dev.autoresearch.core.ResearchListener;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two lanes timed so that experiment 1 is kept while experiment 2, made on the same champion, still
 * runs: 2 ends with a stale parent. Give the session {@link #runner} and {@link #listener}.
 */
public final class StaleParentRace {
    private final CountDownLatch firstRecorded = new CountDownLatch(1);
    private final CountDownLatch secondStarted = new CountDownLatch(1);

    /** A runner that scores with {@code score}, holding 1 until 2 has started and 2 until 1 is recorded. */
    public InProcessRunner runner(InProcessRunner.Script score) {
        return new InProcessRunner(request -> {
            if (request.experiment() == 1) {
                assertThat(secondStarted.await(30, TimeUnit.SECONDS)).isTrue(); // both start on the same champion
            }
            if (request.experiment() == 2 && secondStarted.getCount() > 0) {
                secondStarted.countDown();
                assertThat(firstRecorded.await(30, TimeUnit.SECONDS)).isTrue();
            }
            return score.run(request);
        });
    }

    /** Lets experiment 2's first run end once experiment 1 is recorded. */
    public ResearchListener listener() {
        return e -> {
            if (e instanceof ResearchEvent.ExperimentFinished f && f.record().experiment() == 1) {
                firstRecorded.countDown();
            }
        };
    }
}
