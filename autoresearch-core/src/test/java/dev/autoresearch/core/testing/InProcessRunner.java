package dev.autoresearch.core.testing;

import dev.autoresearch.core.ExperimentRunner;
import dev.autoresearch.core.RunRequest;
import dev.autoresearch.core.RunResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An experiment runner that runs a Java function instead of a process: the function sees the
 * request (working directory, environment, experiment number) and returns what the "process"
 * printed and how it ended. It writes the log like a real runner and records every request.
 */
public final class InProcessRunner implements ExperimentRunner {

    /** What a scripted run did. */
    public record Outcome(int exitCode, String output, boolean timedOut) {
        public static Outcome ok(String output) {
            return new Outcome(0, output, false);
        }

        public static Outcome fail(int exitCode, String output) {
            return new Outcome(exitCode, output, false);
        }

        public static Outcome timeout(String output) {
            return new Outcome(137, output, true);
        }
    }

    /** The behaviour of a run. */
    @FunctionalInterface
    public interface Script {
        Outcome run(RunRequest request) throws Exception;
    }

    private final Script script;
    private final List<RunRequest> requests = new CopyOnWriteArrayList<>();

    public InProcessRunner(Script script) {
        this.script = script;
    }

    /** Every request received, in order. */
    public List<RunRequest> requests() {
        return requests;
    }

    @Override
    public RunResult run(RunRequest request) {
        requests.add(request);
        long start = System.nanoTime();
        Instant started = Instant.now();
        Outcome outcome;
        boolean interrupted = false;
        try {
            outcome = script.run(request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            interrupted = true;
            outcome = new Outcome(143, "interrupted\n", false);
        } catch (Exception e) {
            outcome = new Outcome(1, e + "\n", false);
        }
        try {
            Files.createDirectories(request.log().getParent());
            Files.writeString(request.log(), outcome.output(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> lines = new ArrayList<>(outcome.output().lines().toList());
        String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        return new RunResult(outcome.exitCode(), started, Duration.ofNanos(System.nanoTime() - start), outcome.timedOut(),
                outcome.timedOut() || interrupted, interrupted, request.workingDirectory(), request.log(), tail);
    }
}
