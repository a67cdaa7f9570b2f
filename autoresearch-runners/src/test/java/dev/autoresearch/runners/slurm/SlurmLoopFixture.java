package dev.autoresearch.runners.slurm;

import dev.autoresearch.core.Command;
import dev.autoresearch.runners.Processes;
import dev.autoresearch.runners.SlurmRunner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;

/**
 * A loop's JVM for {@link SlurmRunnerTest}: runs one command as a job in the given directory and
 * writes the job's ticket to {@code ticket}, until the test kills the JVM (a dead loop) or asks it
 * to exit (Ctrl-C).
 */
public final class SlurmLoopFixture {
    private SlurmLoopFixture() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        SlurmRunner runner = SlurmRunner.builder().gracePeriod(Duration.ofSeconds(2))
                .pollInterval(Duration.ofMillis(200)).build();
        runner.run(Processes.requestBuilder(dir, Command.shell(args[1]), Duration.ofMinutes(5))
                .log(dir.resolve("runs/1.log")).onStarted(ticket -> {
                    try {
                        Path temp = dir.resolve("ticket.tmp");
                        Files.writeString(temp, ticket.details().entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n")));
                        Files.move(temp, dir.resolve("ticket"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).build());
    }
}
