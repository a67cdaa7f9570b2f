package dev.autoresearch.runners.slurm;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Whole sessions on 2 lanes whose baseline and experiments all run as Slurm jobs. */
@ExtendWith(SlurmCluster.class)
class SlurmSessionTest {
    @TempDir
    Path dir;

    /** A repository whose experiment appends its number to a file outside it, then prints the score. */
    private TestRepo repo(int seconds) {
        TestRepo repo = TestRepo.init(dir.resolve("repo"));
        repo.write("score.txt", "5\n")
                .write("train.sh", "echo \"$AUTORESEARCH_EXPERIMENT\" >> " + dir.resolve("started") + "\n"
                        + "sleep " + seconds + "\necho \"METRIC score=$(cat score.txt)\"\n")
                .write("program.md", SlurmSessionMain.PROGRAM)
                .commitAll("the experiment");
        return repo;
    }

    @Test
    void aSessionOfSeveralExperimentsOnTwoLanesReachesAKeep() throws Exception {
        TestRepo repo = repo(1);

        ResearchReport report = SlurmSessionMain.run(repo.root(), 4);

        List<ExperimentRecord> history = report.state().history();
        // the baseline and 3 experiments at least (the loop numbers proposals as they are made)
        assertThat(history).as("stopped: %s", report.stopReason()).hasSizeGreaterThanOrEqualTo(4)
                .extracting(ExperimentRecord::experiment).contains(0);
        assertThat(history).extracting(ExperimentRecord::status).contains(Status.KEEP, Status.DISCARD);
        assertThat(history).extracting(ExperimentRecord::lane).contains(1, 2);
        assertThat(report.bestMetric().getAsDouble()).isLessThan(5.0);
        try (var logs = Files.list(report.sessionDirectory().resolve("runs"))) {
            // the jobs' own output files are gone: only the logs the loop reads remain
            assertThat(logs.map(p -> p.getFileName().toString())).allMatch(n -> n.endsWith(".log"));
        }
    }

    @Test
    void aLoopKilledWithJobsRunningFindsThemAgainAndRunsNoneTwice() throws Exception {
        TestRepo repo = repo(6);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process loop = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SlurmSessionMain.class.getName(), repo.root().toString(), "4")
                .redirectErrorStream(true).redirectOutput(dir.resolve("loop.log").toFile()).start();
        Map<String, Integer> started;
        try {
            // both lanes hold a job of an experiment (not the baseline) when the loop dies
            for (int i = 0; i < 1200 && startedCounts().keySet().stream().filter(e -> !e.equals("0")).count() < 2; i++) {
                Thread.sleep(100);
            }
            started = startedCounts();
        } finally {
            loop.destroyForcibly(); // SIGKILL: no hook runs, the jobs stay
            loop.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(started).as("loop log: %s", Files.readString(dir.resolve("loop.log"))).hasSizeGreaterThanOrEqualTo(3);
        assertThat(Slurm.jobs()).as("jobs left running by the dead loop").isNotEmpty();

        ResearchReport report = SlurmSessionMain.run(repo.root(), 4);

        // the loop's budget counts what started: the experiments the dead loop had started are all recorded
        assertThat(report.state().history()).as("stopped: %s", report.stopReason())
                .hasSizeGreaterThanOrEqualTo(4).extracting(ExperimentRecord::experiment)
                .containsAll(started.keySet().stream().map(Integer::valueOf).toList());
        // every experiment whose job the dead loop had started ran once: its job was picked up, not run again
        Map<String, Integer> after = startedCounts();
        started.keySet().forEach(e -> assertThat(after.get(e)).as("runs of experiment %s", e).isEqualTo(1));
        assertThat(Slurm.jobs()).isEmpty();
    }

    /** How many times each experiment's job started, by experiment number. */
    private Map<String, Integer> startedCounts() throws Exception {
        Map<String, Integer> counts = new TreeMap<>();
        Path file = dir.resolve("started");
        if (Files.exists(file)) {
            Files.readAllLines(file).forEach(e -> counts.merge(e.strip(), 1, Integer::sum));
        }
        return counts;
    }
}
