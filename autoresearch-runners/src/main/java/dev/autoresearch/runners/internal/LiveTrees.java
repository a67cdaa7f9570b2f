package dev.autoresearch.runners.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process trees of the runs in progress in this JVM, and the shutdown hook that stops them when
 * the JVM exits (normal exit, Ctrl-C, SIGTERM), so that no experiment outlives its host.
 *
 * <p>The hook is installed with the first run. It cancels every tree in parallel, each with its
 * runner's grace period, and waits for them for at most the longest grace plus a few seconds.
 */
public final class LiveTrees {
    private static final Logger LOG = LoggerFactory.getLogger(LiveTrees.class);
    private static final Duration SLACK = Duration.ofSeconds(6);
    private static final Map<ProcessTree, Duration> LIVE = new ConcurrentHashMap<>();
    private static boolean hookInstalled;

    private LiveTrees() {
    }

    /**
     * Adds a tree to stop at JVM exit.
     *
     * @return false when the JVM is already shutting down (the caller stops the tree itself)
     */
    public static boolean register(ProcessTree tree, Duration grace) {
        synchronized (LiveTrees.class) {
            if (!hookInstalled) {
                try {
                    Runtime.getRuntime().addShutdownHook(new Thread(LiveTrees::stopAll, "autoresearch-stop-runs"));
                } catch (IllegalStateException shuttingDown) {
                    return false;
                }
                hookInstalled = true;
            }
        }
        LIVE.put(tree, grace);
        return true;
    }

    /** Forgets a tree whose run has ended. */
    public static void unregister(ProcessTree tree) {
        LIVE.remove(tree);
    }

    /** How many runs are in progress in this JVM. */
    public static int size() {
        return LIVE.size();
    }

    private static void stopAll() {
        List<Thread> stoppers = new ArrayList<>();
        Duration longest = Duration.ZERO;
        for (Map.Entry<ProcessTree, Duration> entry : LIVE.entrySet()) {
            ProcessTree tree = entry.getKey();
            Duration grace = entry.getValue();
            longest = grace.compareTo(longest) > 0 ? grace : longest;
            LOG.info("the JVM is exiting: stopping the run with pid {}", tree.pid());
            Thread t = new Thread(() -> tree.cancel(grace), "autoresearch-stop-" + tree.pid());
            t.setDaemon(true);
            t.start();
            stoppers.add(t);
        }
        long deadline = System.nanoTime() + longest.plus(SLACK).toNanos();
        for (Thread t : stoppers) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
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
