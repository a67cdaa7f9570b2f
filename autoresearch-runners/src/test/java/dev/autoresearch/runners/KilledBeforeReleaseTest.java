package dev.autoresearch.runners;

import dev.autoresearch.core.RunTicket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static dev.autoresearch.runners.Processes.request;
import static dev.autoresearch.runners.Processes.runningWith;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attack on the moment between starting a run and journalling it: a host that runs one short
 * run after another is killed (SIGKILL) as soon as a process of a run whose id is not in its
 * journal appears, or, when none ever does, as soon as the next run appears. Whatever the moment,
 * the run's id is in the journal, and what the journal names is all a resume has to stop: nothing
 * of the killed host's runs goes on after it, so no run can share the worktree with the next.
 */
class KilledBeforeReleaseTest {
    private static final Duration HUNT = Duration.ofSeconds(6);

    @TempDir
    Path dir;

    private final String treeId = UUID.randomUUID().toString();

    @Test
    void aHostKilledAsARunAppearsLeavesNothingThatItsJournalCannotFind() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LoopingHostFixture.class.getName(), dir.toString(), treeId)
                .redirectErrorStream(true).redirectOutput(dir.resolve("jvm.log").toFile()).start();
        Optional<String> caught;
        try {
            caught = killAtTheWorstMoment(jvm);
            assertThat(jvm.waitFor(15, TimeUnit.SECONDS)).isTrue();
        } finally {
            jvm.destroyForcibly();
        }
        List<String> journal = Files.exists(dir.resolve("journal")) ? Files.readAllLines(dir.resolve("journal")) : List.of();
        try {
            assertThat(caught).as("a run seen before the host was killed").isPresent();
            assertThat(journal).as("the journal holds the id of the run the host was killed under")
                    .anyMatch(line -> line.contains("run-id=" + caught.get()));

            // the resume: the last ticket journalled is the one it stops
            RunTicket last = LoopingHostFixture.ticket(journal.get(journal.size() - 1));
            ProcessRunner.builder().gracePeriod(Duration.ofSeconds(1)).build()
                    .reattach(request(dir, "true", Duration.ofSeconds(5)), last);
            List<String> ranBefore = ran();
            Thread.sleep(500);

            assertThat(runningWith("TEST_TREE", treeId)).as("processes of the killed host's runs after the resume")
                    .isEmpty();
            assertThat(ran()).as("runs that started after the resume stopped what the journal named")
                    .isEqualTo(ranBefore);
        } finally {
            for (long pid : runningWith("TEST_TREE", treeId)) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    /** Kills the host at the first sight of a run not yet journalled, or at the next run after the hunt; returns its id. */
    private Optional<String> killAtTheWorstMoment(Process jvm) throws Exception {
        Set<String> seen = new LinkedHashSet<>();
        long huntEnds = System.nanoTime() + HUNT.toNanos();
        long giveUp = huntEnds + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < giveUp && jvm.isAlive()) {
            for (String id : runIds()) {
                boolean unjournalled = !journalled(id);
                boolean fresh = seen.add(id);
                if (unjournalled || (fresh && System.nanoTime() > huntEnds)) {
                    jvm.destroyForcibly();
                    return Optional.of(id);
                }
            }
        }
        jvm.destroyForcibly();
        return Optional.empty();
    }

    private boolean journalled(String id) throws IOException {
        Path journal = dir.resolve("journal");
        return Files.exists(journal) && Files.readString(journal).contains("run-id=" + id);
    }

    private List<String> ran() throws IOException {
        return Files.exists(dir.resolve("ran")) ? Files.readAllLines(dir.resolve("ran")) : List.of();
    }

    /** The run ids of the processes of this test's runs, from /proc. */
    private Set<String> runIds() throws IOException {
        Set<String> ids = new LinkedHashSet<>();
        byte[] tree = ("TEST_TREE=" + treeId).getBytes(StandardCharsets.UTF_8);
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : dirs) {
                List<String> entries = new ArrayList<>();
                try {
                    entries.addAll(List.of(new String(Files.readAllBytes(proc.resolve("environ")),
                            StandardCharsets.UTF_8).split("\0")));
                } catch (IOException e) {
                    continue;
                }
                if (entries.contains(new String(tree, StandardCharsets.UTF_8))) {
                    entries.stream().filter(e -> e.startsWith(ProcessRunner.RUN_ID_VARIABLE + "="))
                            .map(e -> e.substring(ProcessRunner.RUN_ID_VARIABLE.length() + 1)).forEach(ids::add);
                }
            }
        }
        return ids;
    }
}
