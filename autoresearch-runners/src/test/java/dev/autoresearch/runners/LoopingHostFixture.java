package dev.autoresearch.runners;

import dev.autoresearch.core.Command;
import dev.autoresearch.core.RunRequest;
import dev.autoresearch.core.RunTicket;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A host JVM for {@link KilledBeforeReleaseTest}: runs a short command again and again in the given
 * directory, journalling each ticket as a line of {@code journal} the moment it is given, as a loop
 * does. The test kills it at the worst moment it can find.
 */
public final class LoopingHostFixture {
    private LoopingHostFixture() {
    }

    /** A ticket as a journal line: its details, {@code key=value}, separated by tabs. */
    static String line(RunTicket ticket) {
        return ticket.details().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\t"));
    }

    /** A journal line read back. */
    static RunTicket ticket(String line) {
        Map<String, String> details = new java.util.TreeMap<>();
        for (String field : line.split("\t")) {
            int eq = field.indexOf('=');
            details.put(field.substring(0, eq), field.substring(eq + 1));
        }
        return new RunTicket(ProcessRunner.TICKET_KIND, details);
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        ProcessRunner runner = ProcessRunner.builder().environment("TEST_TREE", args[1])
                .gracePeriod(Duration.ofSeconds(1)).build();
        Path journal = dir.resolve("journal");
        while (true) {
            RunRequest request = Processes.requestBuilder(dir,
                    Command.shell("echo \"$AUTORESEARCH_RUN_ID\" >> ran; sleep 0.05"), Duration.ofMinutes(1)).onStarted(ticket -> {
                        try {
                            Files.write(journal, (line(ticket) + "\n").getBytes(StandardCharsets.UTF_8),
                                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }).build();
            runner.run(request);
        }
    }
}
