package dev.autoresearch.core;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a runner needs to find one of its runs again after the loop that started it died: a
 * process group and its leader's start time, a Slurm job id. The loop journals it while the run is
 * in flight and hands it back to {@link ExperimentRunner#reattach} when the session resumes, so a
 * run is never left behind (or run twice beside itself) by a killed loop.
 *
 * @param runner  which kind of runner issued it ({@code process}, {@code slurm}); a runner ignores tickets of other kinds
 * @param details the runner's own fields, as strings, so the journal can hold them
 */
public record RunTicket(String runner, Map<String, String> details) {
    public RunTicket {
        Objects.requireNonNull(runner, "runner");
        Objects.requireNonNull(details, "details");
        details = java.util.Collections.unmodifiableMap(new TreeMap<>(details));
    }

    /** A detail, or empty when the ticket does not have it. */
    public java.util.Optional<String> get(String key) {
        return java.util.Optional.ofNullable(details.get(key));
    }
}
