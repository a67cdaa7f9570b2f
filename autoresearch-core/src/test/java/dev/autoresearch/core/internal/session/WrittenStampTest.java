package dev.autoresearch.core.internal.session;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;

import static org.assertj.core.api.Assertions.assertThat;

/** A file the loop wrote is known unchanged from its stamp, and any write since shows, wherever in the file. */
class WrittenStampTest {
    @TempDir
    Path dir;

    private Path written(String text) throws Exception {
        Path file = dir.resolve("journal.jsonl");
        Files.writeString(file, text);
        return file;
    }

    private static WrittenStamp stamp(Path file) throws Exception {
        byte[] all = Files.readAllBytes(file);
        return WrittenStamp.of(file, java.util.Arrays.copyOfRange(all, Math.max(0, all.length - WrittenStamp.TAIL),
                all.length)).orElseThrow();
    }

    @Test
    void aFileNotWrittenSinceMatches() throws Exception {
        Path file = written("x".repeat(10_000) + "\n");
        assertThat(stamp(file).matches(file)).isTrue();
    }

    @Test
    void anEditFarFromTheEndOfTheSameSizeWithItsTimeSetBackDoesNotMatch() throws Exception {
        Path file = written("a".repeat(10_000) + "\n");
        WrittenStamp stamp = stamp(file);
        FileTime modified = Files.getLastModifiedTime(file);
        Thread.sleep(5);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(10);
            f.write('b');
        }
        Files.setLastModifiedTime(file, modified);
        assertThat(stamp.matches(file)).isFalse();
    }

    @Test
    void anAppendACutAndTheSameTextInAnotherFileDoNotMatch() throws Exception {
        Path file = written("line 1\nline 2\n");
        WrittenStamp stamp = stamp(file);
        Files.writeString(file, "line 3\n", java.nio.file.StandardOpenOption.APPEND);
        assertThat(stamp.matches(file)).isFalse();

        stamp = stamp(file);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(7);
        }
        assertThat(stamp.matches(file)).isFalse();

        stamp = stamp(file);
        Path copy = dir.resolve("copy");
        Files.write(copy, Files.readAllBytes(file));
        Files.move(copy, file, StandardCopyOption.REPLACE_EXISTING);
        assertThat(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)).isEqualTo("line 1\n");
        assertThat(stamp.matches(file)).isFalse();
    }
}
