package dev.autoresearch.runners.internal.slurm;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs this JVM's runs are watching, and the shutdown hook that cancels them when the JVM exits
 * (Ctrl-C, SIGTERM), as {@code LiveTrees} stops local runs: a job must not outlive a loop that was
 * told to stop. A loop killed with SIGKILL runs no hook, and its jobs stay for a resume to find.
 */
final class LiveJobs {
    private static final Logger LOG = LoggerFactory.getLogger(LiveJobs.class);
    private static final Duration SLACK = Duration.ofSeconds(10);
    private static final Map<String, Entry> LIVE = new ConcurrentHashMap<>();

    static {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(LiveJobs::cancelAll, "autoresearch-cancel-jobs"));
        } catch (IllegalStateException alreadyShuttingDown) {
            // nothing is registered past this point that a hook could still cancel
        }
    }

    private LiveJobs() {
    }

    static void register(SlurmClient client, String jobId, Duration grace) {
        LIVE.put(jobId, new Entry(client, grace));
    }

    static void unregister(String jobId) {
        LIVE.remove(jobId);
    }

    private static void cancelAll() {
        List<Thread> cancellers = new ArrayList<>();
        Duration longest = Duration.ZERO;
        for (Map.Entry<String, Entry> e : Map.copyOf(LIVE).entrySet()) {
            String job = e.getKey();
            Entry entry = e.getValue();
            longest = entry.grace.compareTo(longest) > 0 ? entry.grace : longest;
            LOG.info("the JVM is exiting: cancelling job {}", job);
            Thread t = new Thread(() -> entry.client.stop(job, entry.grace), "autoresearch-cancel-" + job);
            t.setDaemon(true);
            t.start();
            cancellers.add(t);
        }
        long deadline = System.nanoTime() + longest.plus(SLACK).toNanos();
        for (Thread t : cancellers) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                t.join(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private record Entry(SlurmClient client, Duration grace) {
    }
}
