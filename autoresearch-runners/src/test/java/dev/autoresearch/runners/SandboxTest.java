package dev.autoresearch.runners;

import dev.autoresearch.core.testing.OutsideTmp;
import dev.autoresearch.core.testing.SystemComponent;
import dev.autoresearch.core.RunResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static dev.autoresearch.runners.Processes.pids;
import static dev.autoresearch.runners.Processes.request;
import static dev.autoresearch.runners.Processes.runningWith;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run in the sandbox writes its worktree, a private /tmp and the writable paths, and nothing else;
 * its tree is still stopped whole at the timeout. Real bubblewrap, in a directory outside /tmp (the
 * sandbox's /tmp is its own, so a worktree there would hide what a write outside it does).
 */
class SandboxTest {
    private Path root;
    private Path worktree;
    private final String treeId = UUID.randomUUID().toString();

    @BeforeEach
    void setUp() throws IOException {
        SystemComponent.require("bwrap", "install-bubblewrap.sh");
        root = OutsideTmp.create();
        worktree = Files.createDirectories(root.resolve("checkout").resolve("worktree"));
    }

    @AfterEach
    void tearDown() throws IOException {
        if (root != null) {
            OutsideTmp.delete(root);
        }
    }

    private ProcessRunner runner(Sandbox sandbox) {
        return ProcessRunner.builder().gracePeriod(Duration.ofSeconds(1)).environment("TEST_TREE", treeId)
                .sandbox(sandbox).build();
    }

    @Test
    void aRunWritesItsWorktreeTmpAndTheWritablePathsButNothingElse() throws Exception {
        Path cache = root.resolve("home").resolve(".cache");
        String tmpName = "autoresearch-sandbox-" + UUID.randomUUID();
        String command = String.join("; ",
                "echo in > inside && echo wrote-worktree",
                "echo t > /tmp/" + tmpName + " && cat /tmp/" + tmpName + " >/dev/null && echo wrote-tmp",
                "echo c > '" + cache + "/f' && echo wrote-cache",
                "echo out > ../outside || echo refused-checkout",
                "echo out > '" + root + "/beside' || echo refused-beside");

        RunResult result = runner(new Sandbox(List.of(cache))).run(request(worktree, command, Duration.ofSeconds(30)));

        String log = Files.readString(result.log());
        assertThat(log).contains("wrote-worktree", "wrote-tmp", "wrote-cache", "refused-checkout", "refused-beside")
                .contains("Read-only file system");
        assertThat(worktree.resolve("inside")).hasContent("in");
        assertThat(cache.resolve("f")).as("the writable path, created for the run").hasContent("c");
        assertThat(worktree.resolveSibling("outside")).doesNotExist();
        assertThat(root.resolve("beside")).doesNotExist();
        assertThat(Path.of("/tmp", tmpName)).as("the run's /tmp is its own").doesNotExist();
    }

    @Test
    void aTimeoutStillStopsTheWholeTreeInsideTheSandbox() throws Exception {
        Processes.script(worktree, "tree.sh", ProcessTreeTest.TREE + "sleep 30\n");

        RunResult result = runner(Sandbox.confined()).run(request(worktree, "sh tree.sh", Duration.ofMillis(1500)));

        assertThat(result.timedOut()).isTrue();
        // the pids the run wrote are those of its own process namespace: it is checked by its variable
        assertThat(pids(worktree.resolve("pids"))).hasSize(4);
        assertThat(runningWith("TEST_TREE", treeId)).isEmpty();
    }

    @Test
    void aCommandThatTrapsTermGetsTheGracePeriodInsideTheSandboxToo() throws Exception {
        // bubblewrap itself must not die of the SIGTERM and take the sandbox down with SIGKILL
        Processes.script(worktree, "trap.sh", "trap 'echo saving; sleep 0.2; echo got TERM; exit 3' TERM\n"
                + "echo ready\nsleep 30 &\nwait\n");

        RunResult result = ProcessRunner.builder().gracePeriod(Duration.ofSeconds(5)).sandbox(Sandbox.confined())
                .build().run(request(worktree, "exec sh trap.sh", Duration.ofSeconds(1)));

        assertThat(Files.readString(result.log())).contains("ready\n", "saving\n", "got TERM\n");
        assertThat(result.timedOut()).isTrue();
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.logTail()).doesNotContain("SIGKILL");
    }

    @Test
    void aCommandEndedBySigtermInsideTheSandboxReadsAsKilled() throws Exception {
        RunResult result = runner(Sandbox.confined()).run(request(worktree, "echo ready; sleep 30",
                Duration.ofSeconds(1)));

        assertThat(result.timedOut()).isTrue();
        assertThat(result.exitCode()).isEqualTo(128 + 15);
        assertThat(result.killed()).isTrue();
    }

    @Test
    void theRunnerKeepsItsSandboxThroughToBuilder() {
        Sandbox sandbox = new Sandbox(List.of(root.resolve("cache")));

        ProcessRunner copy = runner(sandbox).toBuilder().tailLines(3).build();

        assertThat(copy.sandbox()).contains(sandbox);
        assertThat(copy.toString()).contains("sandbox=[" + root.resolve("cache") + "]");
    }

    @Test
    void aSandboxedRunKeepsTheExitCodeAndTheRunsEnvironment() throws Exception {
        RunResult result = runner(Sandbox.confined()).run(request(worktree,
                "echo \"tree=$TEST_TREE\"; exit 3", Duration.ofSeconds(30)));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(Files.readString(result.log())).contains("tree=" + treeId);
    }
}
