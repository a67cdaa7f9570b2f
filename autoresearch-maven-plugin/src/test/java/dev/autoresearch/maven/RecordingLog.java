package dev.autoresearch.maven;

import org.apache.maven.plugin.logging.Log;

import java.util.ArrayList;
import java.util.List;

/** A goal's log kept by level, with info shown or (as under {@code mvn -q}) not; nothing reaches the console. */
final class RecordingLog implements Log {
    final List<String> info = new ArrayList<>();
    final List<String> other = new ArrayList<>();
    private final boolean infoEnabled;

    RecordingLog(boolean infoEnabled) {
        this.infoEnabled = infoEnabled;
    }

    @Override public boolean isDebugEnabled() { return false; }
    @Override public void debug(CharSequence content) { }
    @Override public void debug(CharSequence content, Throwable error) { }
    @Override public void debug(Throwable error) { }
    @Override public boolean isInfoEnabled() { return infoEnabled; }
    @Override public void info(CharSequence content) { if (infoEnabled) { info.add(content.toString()); } }
    @Override public void info(CharSequence content, Throwable error) { info(content); }
    @Override public void info(Throwable error) { info(error.toString()); }
    @Override public boolean isWarnEnabled() { return true; }
    @Override public void warn(CharSequence content) { other.add(content.toString()); }
    @Override public void warn(CharSequence content, Throwable error) { other.add(content.toString()); }
    @Override public void warn(Throwable error) { other.add(error.toString()); }
    @Override public boolean isErrorEnabled() { return true; }
    @Override public void error(CharSequence content) { other.add(content.toString()); }
    @Override public void error(CharSequence content, Throwable error) { other.add(content.toString()); }
    @Override public void error(Throwable error) { other.add(error.toString()); }
}
