package dev.autoresearch.runners;

import dev.autoresearch.core.testing.SystemComponent;
import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.Command;
import dev.autoresearch.core.RunRequest;
import dev.autoresearch.core.RunResult;
import dev.autoresearch.core.RunTicket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static dev.autoresearch.runners.Processes.awaitPids;
import static dev.autoresearch.runners.Processes.pids;
import static dev.autoresearch.runners.Processes.request;
import static dev.autoresearch.runners.Processes.running;
import static dev.autoresearch.runners.Processes.runningWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A run outlives the JVM that started it when that JVM is killed; its ticket finds it again, and
 * {@link ProcessRunner#reattach} stops all of it, and nothing else, before the loop runs it again.
 */
class ReattachTest {
    @TempDir
    Path dir;

    private final String treeId = UUID.randomUUID().toString();

    private ProcessRunner runner() {
        return ProcessRunner.builder().gracePeriod(Duration.ofSeconds(1)).build();
    }

    @Test
    void theTicketNamesTheRunsProcessItsStartTimeAndItsRunId() throws Exception {
        AtomicReference<RunTicket> ticket = new AtomicReference<>();
        RunRequest request = Processes.requestBuilder(dir, Command.shell("echo \"$$ $AUTORESEARCH_RUN_ID\""),
                Duration.ofSeconds(10)).onStarted(ticket::set).build();

        RunResult result = runner().run(request);

        assertThat(result.succeeded()).isTrue();
        String[] printed = Files.readString(result.log()).strip().split(" ");
        assertThat(ticket.get().runner()).isEqualTo("process");
        assertThat(ticket.get().get("pid")).contains(printed[0]);
        assertThat(ticket.get().get("run-id")).contains(printed[1]);
        assertThat(ticket.get().get("own-group")).contains("true");
        assertThat(Instant.parse(ticket.get().get("start").orElseThrow()))
                .isBetween(Instant.now().minusSeconds(60), Instant.now());
    }

    @Test
    void theRunIdIsGivenBeforeAnyProcessOfTheRunExistsAndThePidBeforeTheCommandRuns() throws Exception {
        List<RunTicket> tickets = new java.util.ArrayList<>();
        List<List<Long>> markedAtEachTicket = new java.util.ArrayList<>();
        List<Boolean> ranAtEachTicket = new java.util.ArrayList<>();
        RunRequest request = Processes.requestBuilder(dir, Command.shell("echo ran > ran"), Duration.ofSeconds(10))
                .onStarted(ticket -> {
                    tickets.add(ticket);
                    try {
                        markedAtEachTicket.add(runningWith("AUTORESEARCH_RUN_ID", ticket.get("run-id").orElseThrow()));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    ranAtEachTicket.add(Files.exists(dir.resolve("ran")));
                }).build();

        RunResult result = runner().run(request);

        assertThat(result.succeeded()).isTrue();
        assertThat(dir.resolve("ran")).exists();
        assertThat(tickets).as("the tickets given, the last one replacing the others").isNotEmpty();
        assertThat(markedAtEachTicket.get(0)).as("processes carrying the run id when it was first given: "
                + "a loop that dies now must not leave a run it cannot find").isEmpty();
        assertThat(tickets.stream().map(t -> t.get("run-id"))).as("one run id").allMatch(tickets.get(0).get("run-id")::equals);
        assertThat(tickets.get(tickets.size() - 1).get("pid")).as("the last ticket names the run's process").isPresent();
        assertThat(ranAtEachTicket).as("the command ran before a ticket was given").containsOnly(false);
    }

    @Test
    void aRunWhoseTicketCannotBeRecordedNeverRunsItsCommand() throws Exception {
        for (int failing = 1; failing <= 2; failing++) {
            int failAt = failing;
            int[] calls = {0};
            Path log = dir.resolve("run-" + failAt + ".log");
            RunRequest request = Processes.requestBuilder(dir, Command.shell("echo ran > ran"), Duration.ofSeconds(10))
                    .log(log).onStarted(ticket -> {
                        if (++calls[0] == failAt) {
                            throw new IllegalStateException("the journal's disk is full");
                        }
                    }).build();

            assertThatThrownBy(() -> runner().run(request)).as("failing at ticket " + failAt)
                    .hasMessage("the journal's disk is full");

            assertThat(dir.resolve("ran")).as("the command, failing at ticket " + failAt).doesNotExist();
            assertThat(Files.readString(log)).contains("the run could not be recorded: the journal's disk is full");
        }
    }

    @Test
    void aRunLeftBehindByAKilledJvmIsFoundFromItsTicketAndStoppedWholly() throws Exception {
        Processes.script(dir, "tree.sh", ProcessTreeTest.TREE + "sleep 300\n");
        Process jvm = hostJvm();
        try {
            List<Long> pids = awaitPids(dir.resolve("pids"), 4);
            RunTicket ticket = awaitTicket();

            jvm.destroyForcibly();
            assertThat(jvm.waitFor(15, TimeUnit.SECONDS)).isTrue();
            assertThat(pids).as("the run outlives its JVM").allMatch(Processes::running);

            assertThat(runner().reattach(request(dir, "sh tree.sh", Duration.ofSeconds(5)), ticket)).isEmpty();

            assertThat(pids).noneMatch(Processes::running);
            assertThat(runningWith("TEST_TREE", treeId)).isEmpty();
        } finally {
            jvm.destroyForcibly();
            pids(dir.resolve("pids")).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    @Test
    void aSandboxedRunLeftBehindByAKilledJvmIsStoppedToo() throws Exception {
        SystemComponent.require("bwrap", "install-bubblewrap.sh");
        Processes.script(dir, "tree.sh", ProcessTreeTest.TREE + "sleep 300\n");
        Process jvm = hostJvm("sandbox");
        try {
            awaitPids(dir.resolve("pids"), 4);
            RunTicket ticket = awaitTicket();

            jvm.destroyForcibly();
            assertThat(jvm.waitFor(15, TimeUnit.SECONDS)).isTrue();

            assertThat(runner().reattach(request(dir, "sh tree.sh", Duration.ofSeconds(5)), ticket)).isEmpty();

            // the pids the run wrote are those of its own process namespace: it is checked by its variable
            assertThat(runningWith("TEST_TREE", treeId)).isEmpty();
        } finally {
            jvm.destroyForcibly();
            runningWith("TEST_TREE", treeId).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    @Test
    void aTicketWhosePidNowBelongsToAnotherProcessLeavesThatProcessAlone() throws Exception {
        // a process leading its own group, as a run's root would, but started after the ticket's run
        Process stranger = new ProcessBuilder("setsid", "sleep", "300").start();
        try {
            Instant earlier = stranger.info().startInstant().orElseThrow().minusSeconds(3600);
            RunTicket ticket = new RunTicket("process", Map.of("pid", Long.toString(stranger.pid()),
                    "start", earlier.toString(), "own-group", "true", "run-id", UUID.randomUUID().toString()));

            assertThat(runner().reattach(request(dir, "true", Duration.ofSeconds(5)), ticket)).isEmpty();

            assertThat(running(stranger.pid())).isTrue();
        } finally {
            stranger.destroyForcibly();
        }
    }

    @Test
    void aTicketOfAnotherKindOfRunnerIsIgnored() throws Exception {
        Process process = new ProcessBuilder("setsid", "sleep", "300").start();
        try {
            RunTicket ticket = new RunTicket("slurm", Map.of("pid", Long.toString(process.pid()),
                    "start", process.info().startInstant().orElseThrow().toString(), "own-group", "true",
                    "run-id", UUID.randomUUID().toString()));

            assertThat(runner().reattach(request(dir, "true", Duration.ofSeconds(5)), ticket)).isEmpty();

            assertThat(running(process.pid())).isTrue();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void aProcessTicketWithoutARunIdIsAnErrorRatherThanAGuess() {
        RunTicket ticket = new RunTicket("process", Map.of("pid", "12345", "own-group", "true"));

        assertThatThrownBy(() -> runner().reattach(request(dir, "true", Duration.ofSeconds(5)), ticket))
                .isInstanceOf(AutoresearchException.class)
                .hasMessage("the journal's run ticket {own-group=true, pid=12345} has no valid 'run-id': the run it "
                        + "names cannot be found; make sure none of its processes still run, then remove the ticket "
                        + "from the session journal");
    }

    private Process hostJvm(String... extra) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                ReattachFixture.class.getName(), dir.toString(), treeId));
        command.addAll(List.of(extra));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("jvm.log").toFile()).start();
    }

    private RunTicket awaitTicket() throws Exception {
        Path file = dir.resolve("ticket.properties");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        Map<String, String> details = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> details.put(k, p.getProperty(k)));
        return new RunTicket(details.remove("runner"), details);
    }
}
