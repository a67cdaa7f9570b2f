package dev.autoresearch.runners.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Lines of a log: carriage returns, very long lines, the tail. */
class LogLinesTest {
    @TempDir
    Path dir;

    @Test
    void carriageReturnsEndLinesAndOverlongLinesAreSkipped() throws Exception {
        Path file = dir.resolve("log");
        Files.writeString(file, "a\r\nb\rc\n" + "x".repeat(LogLines.MAX_LINE + 1) + "\nd");
        List<String> lines = new ArrayList<>();

        LogLines.forEach(file, lines::add);

        assertThat(lines).containsExactly("a", "", "b", "c", "d");
    }

    @Test
    void theTailSkipsBlankLinesAndALinePartlyOutsideItsWindow() throws Exception {
        Path file = dir.resolve("log");
        Files.writeString(file, "y".repeat(LogLines.TAIL_WINDOW) + "\nlast but one\n\n\nlast\n");

        assertThat(LogLines.tail(file, 5)).isEqualTo("last but one\nlast");
        assertThat(LogLines.tail(dir.resolve("missing"), 5)).isEmpty();
    }

    @Test
    void aLastLineLongerThanTheWindowShowsItsEndRatherThanNothing() throws Exception {
        Path file = dir.resolve("log");
        Files.writeString(file, "start\n" + "z".repeat(LogLines.TAIL_WINDOW * 3) + " RuntimeError: out of memory\n\n");

        String tail = LogLines.tail(file, 5);

        assertThat(tail).startsWith("[...] zzz").endsWith("zzz RuntimeError: out of memory")
                .hasSize("[...] ".length() + LogLines.LONG_LINE_END);
    }
}
