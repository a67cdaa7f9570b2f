package dev.autoresearch.core.internal.loop;

import dev.autoresearch.core.ResearchEvent;
import dev.autoresearch.core.ResearchListener;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.ResearchSession;
import dev.autoresearch.core.ResearchState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A loop run on a thread of its own, behind the {@link ResearchSession} handle. */
public final class RunningSession implements ResearchSession {
    private final CompletableFuture<ResearchReport> done = new CompletableFuture<>();
    private volatile ResearchState state = ResearchState.empty();
    private final Thread thread;

    private RunningSession(ResearchLoop.Config config) {
        List<ResearchListener> listeners = new ArrayList<>(config.listeners());
        listeners.add(0, this::observe);
        ResearchLoop.Config observed = new ResearchLoop.Config(config.repository(), config.tag(), config.spec(),
                config.generator(), config.mutator(), config.lanes(), config.metrics(), config.stoppingPolicy(),
                List.copyOf(listeners), config.environment(), config.clock(), config.sessionDirectory());
        this.thread = new Thread(() -> {
            try {
                done.complete(new LoopEngine(observed).run());
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "autoresearch-session-" + config.tag());
    }

    /** Starts the loop of {@code config} on a new thread. */
    public static ResearchSession start(ResearchLoop.Config config) {
        RunningSession session = new RunningSession(config);
        session.thread.start();
        return session;
    }

    private void observe(ResearchEvent event) {
        if (event instanceof ResearchEvent.SessionStarted s) {
            state = s.state();
        } else if (event instanceof ResearchEvent.ExperimentFinished f) {
            state = f.state();
        }
    }

    @Override
    public void cancel() {
        thread.interrupt();
    }

    @Override
    public ResearchReport await() throws InterruptedException {
        try {
            return done.get();
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
    }

    @Override
    public Optional<ResearchReport> await(Duration timeout) throws InterruptedException {
        try {
            return Optional.of(done.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException r) {
            return r;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(cause);
    }

    @Override
    public ResearchState state() {
        return state;
    }

    @Override
    public boolean isDone() {
        return done.isDone();
    }
}
