package dev.autoresearch.core;

/**
 * Receives the events of a session, on the loop's thread. A listener that throws is logged and
 * otherwise ignored: it cannot break a session.
 */
@FunctionalInterface
public interface ResearchListener {
    void onEvent(ResearchEvent event);
}
