package dev.autoresearch.runners.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The process trees of the runs in progress in this JVM, and the shutdown hook that stops them when
 * the JVM exits (normal exit, Ctrl-C, SIGTERM), so that no experiment outlives its host.
 *
 * <p>The hook is installed when this class is first used. Starting a process and registering its
 * tree happen under a shared lock that the hook takes exclusively, so a JVM exit during a start
 * still finds the new tree, and no process starts once the hook has run. The hook cancels every
 * tree in parallel, each with its runner's grace period, and waits for them for at most the
 * longest grace plus a few seconds.
 */
public final class LiveTrees {
    private static final Logger LOG = LoggerFactory.getLogger(LiveTrees.class);
    private static final Duration SLACK = Duration.ofSeconds(6);
    private static final Map<ProcessTree, Duration> LIVE = new ConcurrentHashMap<>();
    private static final ReadWriteLock LOCK = new ReentrantReadWriteLock();
    /** Guarded by {@link #LOCK}. */
    private static boolean shuttingDown;

    static {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(LiveTrees::stopAll, "autoresearch-stop-runs"));
        } catch (IllegalStateException alreadyShuttingDown) {
            shuttingDown = true;
        }
    }

    private LiveTrees() {
    }

    /** Starts a process and returns its tree. */
    @FunctionalInterface
    public interface Starter {
        ProcessTree start() throws IOException;
    }

    /**
     * Starts a process and registers its tree to be stopped at JVM exit.
     *
     * @return empty, having started nothing, when the JVM is shutting down
     */
    public static Optional<ProcessTree> start(Starter starter, Duration grace) throws IOException {
        LOCK.readLock().lock();
        try {
            if (shuttingDown) {
                return Optional.empty();
            }
            ProcessTree tree = starter.start();
            LIVE.put(tree, grace);
            return Optional.of(tree);
        } finally {
            LOCK.readLock().unlock();
        }
    }

    /** Forgets a tree whose run has ended. */
    public static void unregister(ProcessTree tree) {
        LIVE.remove(tree);
    }

    private static void stopAll() {
        Map<ProcessTree, Duration> live;
        LOCK.writeLock().lock();
        try {
            shuttingDown = true;
            live = Map.copyOf(LIVE);
        } finally {
            LOCK.writeLock().unlock();
        }
        List<Thread> stoppers = new ArrayList<>();
        Duration longest = Duration.ZERO;
        for (Map.Entry<ProcessTree, Duration> entry : live.entrySet()) {
            ProcessTree tree = entry.getKey();
            Duration grace = entry.getValue();
            longest = grace.compareTo(longest) > 0 ? grace : longest;
            LOG.info("the JVM is exiting: stopping the run with pid {}", tree.pid());
            Thread t = new Thread(() -> tree.cancel(grace), "autoresearch-stop-" + tree.pid());
            t.setDaemon(true);
            t.start();
            stoppers.add(t);
        }
        Deadline deadline = Deadline.after(longest.plus(SLACK));
        for (Thread t : stoppers) {
            long left = deadline.remainingNanos();
            if (left == 0) {
                break;
            }
            try {
                t.join(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
