package dev.autoresearch.core;

/**
 * Receives the events of a session, on the loop's thread, one at a time. A listener that throws is
 * logged and otherwise ignored: it cannot break a session. Every session that opened ends with one
 * final event: {@link ResearchEvent.SessionFinished} or {@link ResearchEvent.SessionFailed}.
 */
@FunctionalInterface
public interface ResearchListener {
    void onEvent(ResearchEvent event);
}
