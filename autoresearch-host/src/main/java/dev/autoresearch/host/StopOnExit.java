package dev.autoresearch.host;

import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What every host does on Ctrl-C (or SIGTERM) while a loop runs: a shutdown hook that interrupts the
 * loop's thread, so that it records the experiment in hand and stops, and holds the JVM's exit until
 * the loop says it has finished (at most {@value #WAIT_SECONDS} seconds). The host registers
 * {@link #hook()} and calls {@link #finished()} when the loop has returned.
 */
public final class StopOnExit {
    /** How long the hook waits for the experiment in hand to be recorded. */
    public static final long WAIT_SECONDS = 30;
    /** What the host tells the user when the hook starts. */
    public static final String NOTICE = "autoresearch: stopping; recording the experiment in hand first (at most "
            + WAIT_SECONDS + "s)";

    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    /**
     * @param loopThread the thread that runs the loop
     * @param notice     where to say that the run is stopping ({@link #NOTICE})
     */
    public StopOnExit(Thread loopThread, Consumer<String> notice) {
        Objects.requireNonNull(loopThread, "loopThread");
        Objects.requireNonNull(notice, "notice");
        this.hook = new Thread(() -> {
            if (finished.getCount() == 0) {
                return;
            }
            notice.accept(NOTICE);
            loopThread.interrupt();
            try {
                finished.await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "autoresearch-shutdown");
    }

    /** The shutdown hook to register. */
    public Thread hook() {
        return hook;
    }

    /** The loop has returned (or failed): the hook, if running, lets the JVM exit. */
    public void finished() {
        finished.countDown();
    }
}
