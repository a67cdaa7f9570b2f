package dev.autoresearch.core.internal.loop;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.ResearchEvent;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.ResearchSession;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.StopReason;
import dev.autoresearch.core.journal.SessionFiles;

import java.time.Duration;
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
    private volatile boolean cancelled;

    private RunningSession(ResearchLoop.Config config) {
        ResearchLoop.Config observed = config.withFirstListener(this::observe);
        this.thread = new Thread(() -> {
            try {
                done.complete(new LoopEngine(observed).run());
            } catch (AutoresearchException e) {
                if (cancelled) {
                    // Cancelled before the session could record anything (opening it, its baseline): a
                    // report all the same, as cancel() promises; the next run starts where this one was.
                    done.complete(cancelledEarly(config, e));
                } else {
                    done.completeExceptionally(e);
                }
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

    private ResearchReport cancelledEarly(ResearchLoop.Config config, AutoresearchException e) {
        SessionFiles files = config.sessionDirectory().map(SessionFiles::new)
                .orElseGet(() -> SessionFiles.of(config.repository(), config.tag()));
        String said = e.getMessage() == null ? e.toString() : e.getMessage();
        return new ResearchReport(config.tag(), "autoresearch/" + config.tag(), state,
                new StopReason(StopReason.Kind.INTERRUPTED, "cancelled before the session had recorded "
                        + (state.history().isEmpty() ? "its baseline" : "anything more") + " (" + said + ")"),
                true, files.directory(), files.worktree(), 0);
    }

    @Override
    public void cancel() {
        cancelled = true;
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
