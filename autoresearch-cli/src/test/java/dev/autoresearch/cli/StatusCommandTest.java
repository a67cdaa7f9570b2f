package dev.autoresearch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoresearch.core.testing.ScriptedStrategy;
import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

import static org.assertj.core.api.Assertions.assertThat;

class StatusCommandTest {
    @TempDir
    Path dir;

    TestRepo repo;
    Cli cli;

    @BeforeEach
    void setUp() {
        repo = TestRepo.init(dir.resolve("project"));
        repo.write("score.txt", "10\n").write("program.md", RunCommandTest.PROGRAM);
        repo.commitAll("initial");
        cli = new Cli(repo.root());
    }

    Path session(String tag) {
        return repo.root().resolve(".autoresearch").resolve(tag);
    }

    @Test
    void summarisesAFinishedSessionFromItsJournal() {
        assertThat(cli.run("run", "--tag", "t1").code()).isEqualTo(0);

        Cli.Result r = cli.run("status", "--tag", "t1", "--last", "2");

        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).startsWith("session t1: score (minimize) on branch autoresearch/t1, started ")
                .contains("  not running; to resume: autoresearch run --tag t1",
                        "  score: baseline 10.000000 -> best 5.000000 (-50.0%), best at #3",
                        "  3 experiments after the baseline, ",
                        ": 2 keep, 1 discard",
                        "  last 2 experiments:",
                        "  journal  .autoresearch/t1/journal.jsonl")
                .containsPattern("    #2   set score\\.txt to 9 +score 9\\.000000 +\\+12\\.5% +discard")
                .containsPattern("    #3   set score\\.txt to 5 +score 5\\.000000 +-37\\.5% +keep")
                .doesNotContain("#1   set");
    }

    /**
     * A session searching with two islands, as its journal records it: island 1 keeps #1 and #3, island 2
     * keeps #2 (the champion until #3); #4 is tried on island 2 and discarded.
     */
    @Test
    void forASessionWithIslandsItShowsTheChampionsLineageAndEachIslandsBest() {
        Path journal = session("isl").resolve("journal.jsonl");
        try (dev.autoresearch.core.journal.Journal j = dev.autoresearch.core.journal.Journal.open(journal)) {
            j.writeHeader(new dev.autoresearch.core.journal.JournalHeader("isl", "hash", "score",
                    dev.autoresearch.core.Direction.MINIMIZE, java.util.List.of(), "c0", Instant.EPOCH));
            j.append(islandRecord(0, 0, "base", 10.0));
            j.append(islandRecord(1, 1, "c0", 8.0));
            j.append(islandRecord(2, 2, "c0", 7.0));
            j.append(islandRecord(3, 1, "c1", 6.5));
            j.append(islandRecord(4, 2, "c2", 7.5).toBuilder().status(dev.autoresearch.core.Status.DISCARD).build());
        }

        Cli.Result r = cli.run("status", "--tag", "isl");

        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("  search: 4 nodes, the champion's lineage #0 -> #1 -> #3\n"
                + "  island 1: best 6.500000 (#3), 2 experiments\n"
                + "  island 2: best 7.000000 (#2), 2 experiments\n");
    }

    static dev.autoresearch.core.ExperimentRecord islandRecord(int n, int island, String parent, double score) {
        return dev.autoresearch.core.testing.TestRecords.record(n).parent(parent).island(island).metric(score)
                .metrics(java.util.Map.of("score", java.util.List.of(score))).build();
    }

    @Test
    void onANoisyMetricStatusShowsTheFinalGainWithItsIntervalAtTheProgramsConfidence() {
        repo.write("program.md", RunCommandTest.PROGRAM.replace("stop:", "confidence: 0.99\nstop:"));
        repo.commitAll("a confidence of 99%");
        cli.noise = RunCommandTest.NOISE;
        Cli.Result run = cli.run("run", "--tag", "t1");
        assertThat(run.out().lines()).as(run.out()).anyMatch(l -> l.matches(RunCommandTest.noisyGain("99%")));

        Cli.Result r = cli.run("status", "--tag", "t1");

        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out().lines()).as(r.out())
                .anyMatch(l -> l.matches(RunCommandTest.noisyGain("99%") + ", best at #3"));
    }

    @Test
    void whenProgramMdChangedSinceStatusShowsTheIntervalAtTheConfidenceTheSessionRanWith() {
        repo.write("program.md", RunCommandTest.PROGRAM.replace("stop:", "confidence: 0.99\nstop:"));
        repo.commitAll("a confidence of 99%");
        cli.noise = RunCommandTest.NOISE;
        assertThat(cli.run("run", "--tag", "t1").code()).isEqualTo(0);
        repo.write("program.md", RunCommandTest.PROGRAM.replace("max-experiments: 3", "max-experiments: 30"));

        Cli.Result r = cli.run("status", "--tag", "t1");

        // The journal's header recorded the rule and the confidence the session started with.
        assertThat(r.out().lines()).as(r.out())
                .anyMatch(l -> l.matches(RunCommandTest.noisyGain("99%") + ", best at #3"));
    }

    @Test
    void whileALiveProcessHoldsTheLockItShowsTheExperimentInHand() throws Exception {
        assertThat(cli.run("run", "--tag", "t1").code()).isEqualTo(0);
        ProcessHandle self = ProcessHandle.current();
        ObjectMapper json = new ObjectMapper();
        Files.writeString(session("t1").resolve("lock"), json.createObjectNode().put("pid", self.pid())
                .put("processStart", self.info().startInstant().orElseThrow().toString())
                .put("lockedAt", "2026-11-28T10:00:00Z").put("token", "x").toString());
        Instant now = Instant.parse("2026-11-28T10:05:00Z");
        // What a running session journals for an experiment it has on a lane: the proposal, then the run.
        String commit = repo.git("rev-parse", "HEAD");
        Files.writeString(session("t1").resolve("journal.jsonl"), json.createObjectNode().put("type", "proposed")
                .put("experiment", 4).put("parent", commit).put("commit", commit).put("strategy", "tune")
                .put("proposedAt", now.minusSeconds(13).toString())
                .set("hypothesis", json.createObjectNode().put("title", "SCORE 5 -> 4")).toString() + "\n"
                + json.createObjectNode().put("type", "run").put("experiment", 4).put("lane", 1)
                .put("purpose", "experiment").put("commit", commit).put("startedAt", now.minusSeconds(12).toString())
                + "\n", java.nio.file.StandardOpenOption.APPEND);
        cli.clock = InstantSource.fixed(now);

        Cli.Result r = cli.run("status");

        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("  running now (process " + self.pid() + "): experiment #4 for 12.0s: SCORE 5 -> 4")
                .doesNotContain("not running");
    }

    @Test
    void aLockLeftByADeadProcessIsNotARunningSession() throws Exception {
        assertThat(cli.run("run", "--tag", "t1").code()).isEqualTo(0);
        Process done = new ProcessBuilder("true").start();
        done.waitFor();
        Files.writeString(session("t1").resolve("lock"), "{\"pid\":" + done.pid() + ",\"token\":\"x\"}");

        assertThat(cli.run("status").out()).contains("not running");
    }

    @Test
    void worksWhileAnotherThreadRunsTheSession() throws Exception {
        cli.strategy = ScriptedStrategy.writing("score.txt", "sleep 3000\n");
        Cli.Result[] running = new Cli.Result[1];
        Thread t = new Thread(() -> running[0] = cli.run("run", "--tag", "t1", "--max-experiments", "1"));
        t.start();
        Path journal = session("t1").resolve("journal.jsonl");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!(Files.exists(journal) && dev.autoresearch.core.journal.Journal.read(journal).runs().containsKey(1))
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }

        Cli.Result r = new Cli(repo.root()).run("status", "--tag", "t1");

        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("running now (process " + ProcessHandle.current().pid() + "): experiment #1 for ",
                "set score.txt to sleep 3000", "  #0   baseline");
        t.join(30_000);
        assertThat(running[0].code()).isEqualTo(0);
    }

    @Test
    void withoutATagItPicksTheMostRecentlyActiveSession() throws Exception {
        assertThat(cli.run("run", "--tag", "older", "--max-experiments", "1").code()).isEqualTo(0);
        assertThat(cli.run("run", "--tag", "newer", "--max-experiments", "1").code()).isEqualTo(0);
        Files.setLastModifiedTime(session("older").resolve("journal.jsonl"), FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));

        assertThat(cli.run("status").out()).startsWith("session newer:");

        Files.setLastModifiedTime(session("older").resolve("journal.jsonl"), FileTime.from(Instant.now().plusSeconds(60)));
        assertThat(cli.run("status").out()).startsWith("session older:");
    }

    @Test
    void noSessionOrAnUnknownTagIsAClearUsageError() {
        Cli.Result none = cli.run("status");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).isEqualTo("autoresearch: no session in " + repo.root().resolve(".autoresearch")
                + System.lineSeparator() + "  start one with 'autoresearch run'" + System.lineSeparator());

        assertThat(cli.run("run", "--tag", "t1", "--max-experiments", "1").code()).isEqualTo(0);
        Cli.Result unknown = cli.run("status", "--tag", "t2");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("no session 't2'", "sessions here: t1");
    }
}
