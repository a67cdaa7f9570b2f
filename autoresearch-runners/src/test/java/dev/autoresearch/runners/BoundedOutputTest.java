package dev.autoresearch.runners;

import dev.autoresearch.core.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static dev.autoresearch.runners.Processes.request;
import static org.assertj.core.api.Assertions.assertThat;

/** Output of any size: the log stays bounded, keeps its head and its last lines, and memory stays flat. */
class BoundedOutputTest {
    private static final long MiB = 1024 * 1024;
    /** A gigabyte of 64-byte lines, framed by a first line and the summary and METRIC lines printed last. */
    private static final String GIGABYTE = "echo 'first line of the run'; "
            + "yes 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'"
            + " | head -c 1073741824; echo 'val_bpb: 0.9979'; echo 'METRIC score=42'";

    @TempDir
    Path dir;

    @Test
    void aGigabyteOfOutputKeepsTheHeadAMarkerAndTheTailInBoundedMemory() throws Exception {
        ProcessRunner runner = ProcessRunner.builder().outputCap(4 * MiB).keepTail(256 * 1024).build();

        HeapWatch heap = HeapWatch.start();
        RunResult result = runner.run(request(dir, GIGABYTE, Duration.ofSeconds(60)));
        long growth = heap.stop();

        assertThat(result.succeeded()).isTrue();
        long size = Files.size(result.log());
        assertThat(size).isBetween(4 * MiB - 200, 4 * MiB + 200);
        String head = read(result.log(), 0, 64);
        assertThat(head).startsWith("first line of the run\nxxxx");
        String log = read(result.log(), size - 300 * 1024, (int) (300 * 1024));
        assertThat(log).containsPattern(
                "\n\\[autoresearch: 1\\.0 GiB of output dropped here; the first 3\\.[78] MiB and the last 25\\d\\.\\d KiB are kept]\nx{63}\n");
        assertThat(log).endsWith("x".repeat(63) + "\nval_bpb: 0.9979\nMETRIC score=42\n");
        assertThat(result.logTail()).endsWith("val_bpb: 0.9979\nMETRIC score=42");
        assertThat(MetricExtractors.defaults().extract(result).asMap())
                .containsEntry("score", 42.0).containsEntry("val_bpb", 0.9979);
        assertThat(growth).as("heap growth in bytes").isLessThan(64 * MiB);
    }

    @Test
    void theDefaultCapKeeps256MiB() throws Exception {
        String command = "yes 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy'"
                + " | head -c 314572800; echo 'METRIC score=7'";

        RunResult result = new ProcessRunner().run(request(dir, command, Duration.ofSeconds(60)));

        long size = Files.size(result.log());
        assertThat(size).isBetween(256 * MiB, 256 * MiB + 200);
        String tail = read(result.log(), size - MiB - 200, (int) MiB + 200);
        assertThat(tail).containsPattern("\\[autoresearch: 44\\.\\d MiB of output dropped here; "
                + "the first 255\\.0 MiB and the last 1\\.0 MiB are kept]\ny{63}\n");
        assertThat(tail).endsWith("\nMETRIC score=7\n");
        assertThat(MetricExtractors.metricLines().extract(result).get("score")).hasValue(7.0);
        Files.delete(result.log());
    }

    @Test
    void outputUnderTheCapIsKeptWhole() throws Exception {
        ProcessRunner runner = ProcessRunner.builder().outputCap(MiB).keepTail(64 * 1024).build();

        RunResult result = runner.run(request(dir, "yes abc | head -c 1048576", Duration.ofSeconds(20)));

        assertThat(Files.size(result.log())).isEqualTo(MiB);
        assertThat(Files.readString(result.log())).doesNotContain("[autoresearch:");
    }

    @Test
    void aLeftoverThatFloodsTheOutputAfterTheCommandExitsDoesNotGrowMemory() throws Exception {
        ProcessRunner runner = ProcessRunner.builder().outputCap(2 * MiB).keepTail(64 * 1024)
                .gracePeriod(Duration.ofSeconds(2)).build();

        HeapWatch heap = HeapWatch.start();
        RunResult result = runner.run(request(dir,
                "(trap '' TERM; exec yes 'flooding after the command exited') & sleep 0.2; echo 'METRIC score=5'; exit 0",
                Duration.ofSeconds(30)));
        long growth = heap.stop();

        assertThat(result.exitCode()).isZero();
        assertThat(result.duration()).isLessThan(Duration.ofSeconds(10));
        assertThat(Files.size(result.log())).isLessThan(3 * MiB);
        assertThat(result.logTail()).contains("left processes running");
        assertThat(growth).as("heap growth in bytes").isLessThan(64 * MiB);
    }

    private static String read(Path file, long offset, int length) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            byte[] bytes = new byte[length];
            f.seek(offset);
            f.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** Samples the used heap every few milliseconds; reports the peak over the starting level. */
    private static final class HeapWatch {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final AtomicLong peak = new AtomicLong();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final long base;
        private final Thread sampler;

        private HeapWatch() {
            System.gc();
            base = used().get();
            sampler = new Thread(() -> {
                while (!stop.get()) {
                    peak.accumulateAndGet(used().get(), Math::max);
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        static HeapWatch start() {
            HeapWatch watch = new HeapWatch();
            watch.sampler.start();
            return watch;
        }

        long stop() throws InterruptedException {
            stop.set(true);
            sampler.join();
            return Math.max(0, peak.get() - base);
        }

        private Supplier<Long> used() {
            return () -> memory.getHeapMemoryUsage().getUsed();
        }
    }
}
