package dev.autoresearch.runners.internal;

import dev.autoresearch.runners.Processes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Each way of reaching a run's processes, alone: a tree limited to one net shows that it finds what
 * the others would miss, and a tree with none shows the same process surviving.
 */
class ProcessTreeNetsTest {
    private static final String MARKER_NAME = "AUTORESEARCH_TEST_TREE";

    @TempDir
    Path dir;

    private final List<Long> started = new ArrayList<>();

    @BeforeEach
    void needsSetsidAndProc() {
        assumeTrue(!Procs.groupLauncher().isEmpty() && Procs.HAS_PROC, "needs setsid and /proc");
    }

    @AfterEach
    void killLeftovers() {
        started.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    /** Starts {@code sh -c script} as the leader of its own group, and waits for the pids it writes. */
    private Process startInOwnGroup(String script, int pids) throws Exception {
        List<String> arguments = new ArrayList<>(Procs.groupLauncher());
        arguments.addAll(List.of("sh", "-c", script));
        ProcessBuilder builder = new ProcessBuilder(arguments).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put(MARKER_NAME, dir.toString());
        Process process = builder.start();
        started.add(process.pid());
        started.addAll(Processes.awaitPids(dir.resolve("pids"), pids));
        return process;
    }

    private ProcessTree tree(Process process, Set<ProcessTree.Net> nets) {
        return new ProcessTree(process, true, MARKER_NAME + "=" + dir, nets);
    }

    /** Starts a shell that waits for a background {@code sleep}, stops it with {@code nets}, and returns the sleep's pid. */
    private long backgroundChildAfterStopWith(Set<ProcessTree.Net> nets) throws Exception {
        Process process = startInOwnGroup("sleep 300 & echo $! > pids; wait", 1);
        tree(process, nets).stop(Duration.ofSeconds(2));
        assertThat(process.waitFor(5, TimeUnit.SECONDS)).isTrue();
        return Processes.pids(dir.resolve("pids")).get(0);
    }

    @Test
    void signallingTheGroupAloneStopsABackgroundChild() throws Exception {
        assertThat(Processes.running(backgroundChildAfterStopWith(EnumSet.of(ProcessTree.Net.GROUP_SIGNAL)))).isFalse();
    }

    @Test
    void withNoNetTheSameBackgroundChildSurvives() throws Exception {
        assertThat(Processes.running(backgroundChildAfterStopWith(EnumSet.noneOf(ProcessTree.Net.class)))).isTrue();
    }

    /**
     * Starts a subshell that exits at once, leaving its background {@code sleep} orphaned and with an
     * empty environment, and waits for the shell around it to exit.
     */
    private Process orphanWithoutEnvironment() throws Exception {
        Process process = startInOwnGroup("( exec env -i \"$(command -v sleep)\" 300 & echo $! > pids ); "
                + Processes.AWAIT_SLEEP_EXEC + "; exit 0", 1);
        assertThat(process.waitFor(5, TimeUnit.SECONDS)).isTrue();
        return process;
    }

    @Test
    void theGroupsMembersAreFoundAfterTheChildExitedAndThoughTheyClearedTheirEnvironment() throws Exception {
        Process process = orphanWithoutEnvironment();
        long orphan = Processes.pids(dir.resolve("pids")).get(0);
        assertThat(ProcessHandle.of(orphan).flatMap(ProcessHandle::parent).map(ProcessHandle::pid))
                .as("reparented").isNotEqualTo(java.util.Optional.of(process.pid()));

        ProcessTree.Stop stop = tree(process, EnumSet.of(ProcessTree.Net.GROUP_MEMBERS)).stop(Duration.ofSeconds(2));

        assertThat(stop.signalled()).isEqualTo(1);
        assertThat(Processes.running(orphan)).isFalse();
    }

    @Test
    void theSameOrphanIsMissedByTheDescendantsAndTheMarker() throws Exception {
        Process process = orphanWithoutEnvironment();

        ProcessTree.Stop stop = tree(process, EnumSet.of(ProcessTree.Net.DESCENDANTS, ProcessTree.Net.MARKER))
                .stop(Duration.ofSeconds(2));

        assertThat(stop).isEqualTo(ProcessTree.Stop.NOTHING);
        assertThat(Processes.pids(dir.resolve("pids"))).allMatch(Processes::running);
    }

    /**
     * Starts, in its own group and moved into {@code cgroup} before it can run anything, a shell that
     * starts a daemon the way an attack does (its own session, without the marker, orphaned at once,
     * its output let go) and exits; returns the daemon's pid once it runs {@code sleep}.
     */
    private long daemonThatDroppedTheMarker(Optional<RunCgroup> cgroup, Set<ProcessTree.Net> nets,
                                            List<ProcessTree> trees) throws Exception {
        List<String> arguments = new ArrayList<>(Procs.groupLauncher());
        arguments.addAll(StartGate.prefix());
        arguments.addAll(List.of("sh", "-c", "( setsid env -u " + MARKER_NAME + " sh -c 'echo $$ > pids; exec sleep 300'"
                + " </dev/null >/dev/null 2>&1 & ); while [ ! -s pids ]; do sleep 0.01; done; "
                + Processes.AWAIT_SLEEP_EXEC));
        ProcessBuilder builder = new ProcessBuilder(arguments).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put(MARKER_NAME, dir.toString());
        Process process = builder.start();
        started.add(process.pid());
        cgroup.ifPresent(c -> assertThat(c.enter(process.pid())).isTrue());
        trees.add(new ProcessTree(process, true, MARKER_NAME + "=" + dir, cgroup, nets));
        StartGate.release(process);
        long daemon = Processes.awaitPids(dir.resolve("pids"), 1).get(0);
        started.add(daemon);
        assertThat(process.waitFor(5, TimeUnit.SECONDS)).isTrue();
        return daemon;
    }

    @Test
    void theCgroupAloneStopsADaemonThatLeftTheGroupAndDroppedTheMarkerAndNamesIt() throws Exception {
        Optional<RunCgroup> cgroup = RunCgroup.create("test-" + java.util.UUID.randomUUID());
        assumeTrue(cgroup.isPresent(), "needs a cgroup v2 this user may write, with cgroup.kill");
        List<ProcessTree> trees = new ArrayList<>();
        long daemon = daemonThatDroppedTheMarker(cgroup, EnumSet.of(ProcessTree.Net.CGROUP), trees);

        ProcessTree.Stop stop = trees.get(0).stop(Duration.ofSeconds(2));

        assertThat(stop.signalled()).isEqualTo(1);
        assertThat(Processes.running(daemon)).isFalse();
        assertThat(trees.get(0).caughtByCgroup()).containsExactly(new EscapedProcess(daemon, "sleep 300"));
        assertThat(cgroup.get().path()).as("the run's cgroup, once empty").doesNotExist();
    }

    @Test
    void withEveryOtherNetTheSameDaemonSurvivesAndIsFoundAsAStrayInTheRunsDirectory() throws Exception {
        List<ProcessTree> trees = new ArrayList<>();
        long daemon = daemonThatDroppedTheMarker(Optional.empty(),
                EnumSet.complementOf(EnumSet.of(ProcessTree.Net.CGROUP)), trees);

        ProcessTree.Stop stop = trees.get(0).stop(Duration.ofSeconds(2));

        assertThat(stop).isEqualTo(ProcessTree.Stop.NOTHING);
        assertThat(Processes.running(daemon)).isTrue();
        assertThat(trees.get(0).strays(dir)).containsExactly(new EscapedProcess(daemon, "sleep 300"));
        assertThat(trees.get(0).strays(dir.resolveSibling(dir.getFileName() + "-elsewhere"))).isEmpty();
    }

    @Test
    void aProcessThisJvmStartedInTheRunsDirectoryIsNoStray() throws Exception {
        List<ProcessTree> trees = new ArrayList<>();
        long daemon = daemonThatDroppedTheMarker(Optional.empty(),
                EnumSet.complementOf(EnumSet.of(ProcessTree.Net.CGROUP)), trees);
        // as git started for another lane would be: the host's own, not a run's
        Process own = new ProcessBuilder("sleep", "300").directory(dir.toFile()).start();
        started.add(own.pid());

        assertThat(trees.get(0).strays(dir)).extracting(EscapedProcess::pid).containsExactly(daemon);
    }

    @Test
    void theGroupIsSignalledThroughTheShellsOwnKillWithTheValuesAsArguments() {
        assertThat(ProcessTree.groupSignalCommand(Path.of("/bin/sh"), "TERM", 4242))
                .containsExactly("/bin/sh", "-c", "kill -s \"$1\" -- \"-$2\"", "sh", "TERM", "4242");
    }

    /** Runs {@link GroupFixture} in a JVM whose PATH holds only copies of {@code programs}. */
    private String fixture(String mode, String... programs) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String program : programs) {
            Path copy = Files.copy(Procs.onPath(program).orElseThrow(), bin.resolve(program));
            assertThat(copy.toFile().setExecutable(true)).isTrue();
        }
        String sleep = Procs.onPath("sleep").orElseThrow().toString();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                GroupFixture.class.getName(), mode, dir.toString(), sleep)
                .redirectErrorStream(true).redirectOutput(dir.resolve("jvm.log").toFile());
        builder.environment().put("PATH", bin.toString());
        Process jvm = builder.start();
        try {
            assertThat(jvm.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String output = Files.readString(dir.resolve("jvm.log"));
            assertThat(jvm.exitValue()).as(output).isZero();
            return output;
        } finally {
            jvm.destroyForcibly();
            started.addAll(Processes.pids(dir.resolve("pids")));
        }
    }

    @Test
    void theGroupIsSignalledWhereNoKillProgramIsInstalled() throws Exception {
        String output = fixture("group", "sh", "setsid");

        List<Long> pids = Processes.pids(dir.resolve("pids"));
        assertThat(pids).as(output).hasSize(1).noneMatch(Processes::running);
        assertThat(output).doesNotContain("cannot signal");
    }

    @Test
    void withoutAShellAWarningSaysOnceThatGroupsCannotBeSignalled() throws Exception {
        String output = fixture("trees", "setsid");

        assertThat(output).containsOnlyOnce("cannot signal the process groups of experiments: "
                + "there is no sh on the PATH to signal process groups with");
    }
}
