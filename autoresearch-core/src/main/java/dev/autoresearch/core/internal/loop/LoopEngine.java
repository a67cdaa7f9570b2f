package dev.autoresearch.core.internal.loop;

import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;

/** Runs one session of the loop. */
public final class LoopEngine {
    private final ResearchLoop.Config config;

    public LoopEngine(ResearchLoop.Config config) {
        this.config = config;
    }

    public ResearchReport run() {
        throw new IllegalStateException("the loop engine is being written");
    }
}
