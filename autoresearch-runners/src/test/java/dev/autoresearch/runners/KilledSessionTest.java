package dev.autoresearch.runners;

import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.autoresearch.runners.Processes.awaitPids;
import static dev.autoresearch.runners.Processes.pids;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session killed outright (SIGKILL) in the middle of a run leaves the run going; the resumed
 * session stops it, from the ticket the loop journalled, before it runs the experiment again, so
 * two runs never share the worktree.
 */
class KilledSessionTest {
    @TempDir
    Path dir;

    @Test
    void theResumedSessionStopsTheRunTheKilledOneLeftBeforeRunningItAgain() throws Exception {
        Path pidsFile = dir.resolve("pids");
        Path overlap = dir.resolve("overlap");
        TestRepo repo = TestRepo.init(dir.resolve("repo"));
        // each run records its shell and its sleep, and notes any earlier run still going when it starts
        repo.write("run.sh", String.join("\n",
                "for p in $(cat '" + pidsFile + "' 2>/dev/null); do",
                "  s=$(cut -d' ' -f3 /proc/$p/stat 2>/dev/null)",
                "  if [ -n \"$s\" ] && [ \"$s\" != Z ]; then echo \"$p\" >> '" + overlap + "'; fi",
                "done",
                "echo $$ >> '" + pidsFile + "'",
                "sleep \"$SLEEP\" & echo $! >> '" + pidsFile + "'; wait",
                "echo \"score: $(cat score.txt)\"", ""));
        repo.write("score.txt", "10\n");
        repo.commitAll("a run of SLEEP seconds");

        String javaProgram = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(javaProgram, "-cp", System.getProperty("java.class.path"),
                KilledSessionFixture.class.getName(), repo.root().toString(), "25")
                .redirectErrorStream(true).redirectOutput(dir.resolve("jvm.log").toFile()).start();
        List<Long> leftBehind;
        try {
            leftBehind = awaitPids(pidsFile, 2);
            jvm.destroyForcibly();
            assertThat(jvm.waitFor(15, TimeUnit.SECONDS)).isTrue();
            assertThat(leftBehind).as("the run outlives its session").allMatch(Processes::running);

            ResearchReport report = KilledSessionFixture.loop(repo.root(), "0").run();

            assertThat(leftBehind).as("the killed session's run").noneMatch(Processes::running);
            assertThat(overlap).as("a run that started beside the earlier one").doesNotExist();
            assertThat(pids(pidsFile)).as("the baseline again, then experiment 1").hasSize(6);
            assertThat(report.toString()).isNotEmpty();
        } finally {
            jvm.destroyForcibly();
            pids(pidsFile).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }
}
