package com.example.queue;

import dev.autoresearch.core.ExperimentRunner;
import dev.autoresearch.core.RunRequest;
import dev.autoresearch.core.RunResult;
import dev.autoresearch.host.RunnerContext;
import dev.autoresearch.host.RunnerProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A runner of a team's own, as a jar beside the library provides it: runs each command as a local
 * process, and says in the log which queue it was sent to (program.md's runner-options: queue).
 */
public final class QueueRunnerProvider implements RunnerProvider {
    @Override
    public String name() {
        return "queue";
    }

    @Override
    public ExperimentRunner create(RunnerContext context) {
        String queue = context.option("queue")
                .orElseThrow(() -> context.invalidOption("queue", "expected the queue's name, such as nightly"));
        return request -> run(request, queue);
    }

    private static RunResult run(RunRequest request, String queue) {
        Instant started = Instant.now();
        try {
            Files.createDirectories(request.log().getParent());
            Files.writeString(request.log(), "queued on " + queue + ": " + request.command().display() + "\n",
                    StandardCharsets.UTF_8);
            ProcessBuilder pb = new ProcessBuilder(request.command().arguments()).directory(request.workingDirectory().toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(request.log().toFile()));
            pb.environment().putAll(request.environment());
            Process p = pb.start();
            boolean ended = p.waitFor(request.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                p.destroyForcibly().waitFor();
            }
            String out = Files.readString(request.log(), StandardCharsets.UTF_8);
            return new RunResult(ended ? p.exitValue() : 137, started, Duration.between(started, Instant.now()), !ended,
                    !ended, false, request.workingDirectory(), request.log(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new RunResult(143, started, Duration.between(started, Instant.now()), false, true, true,
                    request.workingDirectory(), request.log(), "interrupted");
        }
    }
}
