package dev.autoresearch.runners.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The bounded log at small sizes, where every byte can be checked. */
class BoundedLogTest {
    @TempDir
    Path dir;

    private static void write(BoundedLog log, String text, int chunk) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += chunk) {
            log.write(bytes, i, Math.min(chunk, bytes.length - i));
        }
    }

    private static String lines(int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i <= to; i++) {
            sb.append(String.format("line %03d\n", i));
        }
        return sb.toString();
    }

    @Test
    void pastTheCapTheMiddleIsDroppedAtLineBoundariesWithAMarker() throws Exception {
        Path file = dir.resolve("run.log");
        for (int chunk : new int[] {1, 7, 64, 5000}) {
            BoundedLog log = BoundedLog.open(file, 200, 50);
            write(log, lines(1, 100), chunk);
            BoundedLog.Summary summary = log.finish(List.of());

            assertThat(Files.readString(file)).as("written in chunks of %d", chunk).isEqualTo(lines(1, 16)
                    + "[autoresearch: 711 B of output dropped here; the first 144 B and the last 45 B are kept]\n"
                    + lines(96, 100));
            assertThat(summary).isEqualTo(new BoundedLog.Summary(900, 711, 144, 45));
        }
    }

    @Test
    void aLongLineAtTheCutIsKeptUpToTheCut() throws Exception {
        Path file = dir.resolve("run.log");
        BoundedLog log = BoundedLog.open(file, 100, 10);

        write(log, "a".repeat(300) + "\nend\n", 64);
        log.finish(List.of("[autoresearch: a note]"));

        assertThat(Files.readString(file)).isEqualTo("a".repeat(90)
                + "\n[autoresearch: 211 B of output dropped here; the first 90 B and the last 4 B are kept]\nend\n"
                + "[autoresearch: a note]\n");
    }

    @Test
    void outputUpToTheCapIsKeptWholeAndNotesGoOnLinesOfTheirOwn() throws Exception {
        Path file = dir.resolve("run.log");
        BoundedLog log = BoundedLog.open(file, 100, 10);

        write(log, "x".repeat(99) + "y", 3);
        BoundedLog.Summary summary = log.finish(List.of("[autoresearch: one]", "[autoresearch: two]"));
        log.write("late".getBytes(StandardCharsets.UTF_8), 0, 4);

        assertThat(Files.readString(file)).isEqualTo("x".repeat(99) + "y\n[autoresearch: one]\n[autoresearch: two]\n");
        assertThat(summary.dropped()).isZero();
        assertThat(log.failure()).isEmpty();
    }

    @Test
    void sizesReadForPeople() {
        assertThat(BoundedLog.size(999)).isEqualTo("999 B");
        assertThat(BoundedLog.size(1000)).isEqualTo("1.0 KiB");
        assertThat(BoundedLog.size(64 * 1024)).isEqualTo("64.0 KiB");
        assertThat(BoundedLog.size(1024 * 1024 - 100)).isEqualTo("1.0 MiB");
        assertThat(BoundedLog.size(851_756_237L)).isEqualTo("812.3 MiB");
        assertThat(BoundedLog.size(3L << 30)).isEqualTo("3.0 GiB");
    }
}
