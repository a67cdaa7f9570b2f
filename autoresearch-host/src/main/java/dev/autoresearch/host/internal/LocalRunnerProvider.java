package dev.autoresearch.host.internal;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.ExperimentRunner;
import dev.autoresearch.host.RunnerContext;
import dev.autoresearch.host.RunnerProvider;
import dev.autoresearch.host.UsageException;
import dev.autoresearch.runners.ProcessRunner;

/** The built-in {@code local} runner: each run a subprocess tree on this machine, confined when asked. */
public final class LocalRunnerProvider implements RunnerProvider {
    /** The runner hosts use when none is named. */
    public static final String NAME = "local";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ExperimentRunner create(RunnerContext context) {
        ProcessRunner.Builder runner;
        try {
            runner = ProcessRunner.builder().devices(context.devices());
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid value for option '" + context.style().name("devices") + "': "
                    + e.getMessage());
        }
        try {
            return runner.sandbox(context.sandbox()).build();
        } catch (AutoresearchException e) {
            // bwrap is missing: one line, before the session opens
            throw new UsageException(e.getMessage());
        }
    }
}
