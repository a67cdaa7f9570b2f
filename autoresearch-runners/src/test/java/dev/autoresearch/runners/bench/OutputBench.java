package dev.autoresearch.runners.bench;

import dev.autoresearch.core.Command;
import dev.autoresearch.core.RunResult;
import dev.autoresearch.runners.ProcessRunner;
import dev.autoresearch.runners.Processes;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prints what the process runner costs on large outputs: throughput and the peak heap growth while
 * a child prints N MiB of lines, with the default 256 MiB cap (the middle dropped, the head and the
 * last MiB kept). Medians of five runs per size. A benchmark, not a test: figures only.
 *
 * <pre>
 * mvn -B -q -pl autoresearch-runners -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp autoresearch-runners/target/test-classes:autoresearch-runners/target/classes:$(cat autoresearch-runners/target/cp.txt) \
 *     dev.autoresearch.runners.bench.OutputBench
 * </pre>
 */
public final class OutputBench {
    private static final long MIB = 1024 * 1024;

    private OutputBench() {
    }

    public static void main(String[] args) throws Exception {
        ProcessRunner runner = new ProcessRunner();
        Path dir = Files.createTempDirectory("output-bench");
        System.out.printf(Locale.ROOT, "%-10s %12s %14s %14s %12s%n", "output", "median s", "median MiB/s",
                "peak heap MiB", "log MiB");
        for (long mib : new long[] {16, 256, 1024}) {
            List<Double> seconds = new ArrayList<>();
            List<Double> heaps = new ArrayList<>();
            long logSize = 0;
            for (int i = 0; i < 5; i++) {
                Path log = dir.resolve("run-" + mib + "-" + i + ".log");
                // 64-byte lines, so the runner sees realistic line breaks.
                String script = "yes 'step 000123 | loss 0.123456 | lr 0.000100 | tokens/s 123456.7' | head -c "
                        + (mib * MIB) + "; echo; echo 'val_loss: 0.5'";
                HeapPeak peak = HeapPeak.start();
                RunResult r = runner.run(Processes.requestBuilder(dir, Command.shell(script), Duration.ofMinutes(10))
                        .log(log).build());
                heaps.add(peak.stop() / (double) MIB);
                if (!r.succeeded()) {
                    throw new IllegalStateException("the run failed: " + r.describe() + "\n" + r.logTail());
                }
                seconds.add(r.duration().toNanos() / 1e9);
                logSize = Files.size(log);
                Files.delete(log);
            }
            double s = median(seconds);
            System.out.printf(Locale.ROOT, "%-10s %12.2f %14.0f %14.1f %12.1f%n", mib + " MiB", s, mib / s,
                    median(heaps), logSize / (double) MIB);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** The used heap's peak over its level at the start, sampled every 2 ms. */
    private static final class HeapPeak {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final AtomicLong peak = new AtomicLong();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final long base;
        private final Thread sampler;

        private HeapPeak() {
            System.gc();
            base = memory.getHeapMemoryUsage().getUsed();
            sampler = new Thread(() -> {
                while (!stop.get()) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        static HeapPeak start() {
            HeapPeak p = new HeapPeak();
            p.sampler.start();
            return p;
        }

        long stop() throws InterruptedException {
            stop.set(true);
            sampler.join();
            return Math.max(0, peak.get() - base);
        }
    }
}
