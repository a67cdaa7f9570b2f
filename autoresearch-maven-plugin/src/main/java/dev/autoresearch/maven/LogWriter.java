package dev.autoresearch.maven;

import org.apache.maven.plugin.logging.Log;

import java.io.Writer;
import java.util.Objects;

/**
 * A writer that hands each complete line to Maven's log at info level, so that text the library
 * writes for a terminal (the summary, the status) reads as ordinary build output.
 */
final class LogWriter extends Writer {
    private final Log log;
    private final StringBuilder line = new StringBuilder();

    LogWriter(Log log) {
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public synchronized void write(char[] chars, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            char c = chars[i];
            if (c == '\n') {
                emit();
            } else if (c != '\r') {
                line.append(c);
            }
        }
    }

    @Override
    public synchronized void flush() {
        // A partial line waits for its end: Maven's log is line by line.
    }

    @Override
    public synchronized void close() {
        if (line.length() > 0) {
            emit();
        }
    }

    private void emit() {
        log.info(line.toString());
        line.setLength(0);
    }
}
