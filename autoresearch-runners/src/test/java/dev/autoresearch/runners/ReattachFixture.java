package dev.autoresearch.runners;

import dev.autoresearch.core.Command;
import dev.autoresearch.core.RunRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Properties;

/**
 * A host JVM for {@link ReattachTest}, killed by the test while its run goes on: runs {@code sh
 * tree.sh} in the given directory and writes the run's ticket to {@code ticket.properties} each
 * time one is given, the way a loop journals it.
 */
public final class ReattachFixture {
    private ReattachFixture() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        ProcessRunner.Builder runner = ProcessRunner.builder().environment("TEST_TREE", args[1]);
        if (args.length > 2 && args[2].equals("sandbox")) {
            runner.sandbox(Sandbox.confined());
        }
        RunRequest request = Processes.requestBuilder(dir, Command.shell("sh tree.sh"), Duration.ofMinutes(5))
                .onStarted(ticket -> {
                    Properties p = new Properties();
                    p.put("runner", ticket.runner());
                    p.putAll(ticket.details());
                    try (var out = Files.newOutputStream(dir.resolve("ticket.tmp"))) {
                        p.store(out, null);
                        // the last ticket given replaces the earlier ones, as in the loop's journal
                        Files.move(dir.resolve("ticket.tmp"), dir.resolve("ticket.properties"),
                                StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).build();
        runner.build().run(request);
    }
}
