package dev.autoresearch.cli;

import dev.autoresearch.core.RunRequest;
import dev.autoresearch.core.internal.session.SessionLock;
import dev.autoresearch.core.testing.ScriptedStrategy;
import dev.autoresearch.core.testing.TestRepo;
import dev.autoresearch.host.LoopComponents;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class RunCommandTest {
    static final String PROGRAM = """
            ---
            metric: score
            direction: minimize
            run: ./train
            timeout: 5m
            editable: [score.txt]
            tune:
              - file: score.txt
                name: SCORE
                range: [1, 10]
            stop:
              max-experiments: 3
            ---
            Make the score small.
            """;

    @TempDir
    Path dir;

    TestRepo repo;
    Cli cli;

    @BeforeEach
    void setUp() {
        repo = TestRepo.init(dir.resolve("project"));
        repo.write("score.txt", "10\n").write("program.md", PROGRAM);
        repo.commitAll("initial");
        cli = new Cli(repo.root());
    }

    Path session(String tag) {
        return repo.root().resolve(".autoresearch").resolve(tag);
    }

    @Test
    void printsALinePerExperimentAndASummary_andLeavesTheSessionFiles() throws Exception {
        Cli.Result r = cli.run("run", "--tag", "t1");

        assertThat(r.code()).as(r.err()).isEqualTo(0);
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("autoresearch: session t1 on branch autoresearch/t1 (program.md: score, minimize)");
        assertThat(lines.get(1)).matches("  #0   baseline +score 10\\.000000 +keep +\\S+");
        // The change is against the best before the experiment: 8 vs 10, 9 vs 8, 5 vs 8.
        assertThat(lines.get(2)).matches("  #1   set score\\.txt to 8 +score 8\\.000000 +-20\\.0% +keep +\\S+");
        assertThat(lines.get(3)).matches("  #2   set score\\.txt to 9 +score 9\\.000000 +\\+12\\.5% +discard +\\S+");
        assertThat(lines.get(4)).matches("  #3   set score\\.txt to 5 +score 5\\.000000 +-37\\.5% +keep +\\S+");
        assertThat(r.out()).contains(
                "autoresearch: stopped: reached max-experiments (3)",
                "  score: baseline 10.000000 -> best 5.000000 (-50.0%)",
                "  3 experiments after the baseline, ",
                ": 2 keep, 1 discard",
                "  kept changes:",
                "  branch   autoresearch/t1 (worktree .autoresearch/t1/worktree)",
                "  journal  .autoresearch/t1/journal.jsonl",
                "  results  .autoresearch/t1/results.tsv",
                "  patches  .autoresearch/t1/patches/",
                "  chart    .autoresearch/t1/progress.png",
                "git merge autoresearch/t1",
                "git diff HEAD autoresearch/t1");
        assertThat(lines).filteredOn(l -> l.startsWith("    #")).hasSize(2).satisfiesExactly(
                l -> assertThat(l).matches("    #1   set score\\.txt to 8 +8\\.000000 -20\\.0%"),
                l -> assertThat(l).matches("    #3   set score\\.txt to 5 +5\\.000000 -37\\.5%"));
        assertThat(r.out()).doesNotContain("\r", "\u001b");
        assertThat(r.err()).isEmpty();
        assertThat(session("t1").resolve("results.tsv")).exists();
        assertThat(session("t1").resolve("journal.jsonl")).exists();
        assertThat(session("t1").resolve("patches/2.diff")).exists();
        assertThat(session("t1").resolve("progress.png")).exists();
        assertThat(repo.git("show", "autoresearch/t1:score.txt")).isEqualTo("5");
    }

    /** What a noisy score adds to score.txt's number, run after run: a spread of about 0.02. */
    static final List<Double> NOISE = List.of(0.02, -0.03, 0.01, -0.01, 0.03, -0.02, 0.0);

    /** The summary's line on a noisy metric: the final gain of the means, with its interval at {@code confidence}. */
    static String noisyGain(String confidence) {
        return "  score: baseline \\d+\\.\\d{6} -> best \\d+\\.\\d{6} \\(-\\d+\\.\\d% \\+/- \\d+(\\.\\d+)?% at "
                + confidence + "\\)";
    }

    @Test
    void onANoisyMetricTheSummaryShowsTheFinalGainWithItsInterval() {
        cli.noise = NOISE;

        Cli.Result r = cli.run("run", "--tag", "t1");

        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).as("8 and 5 kept on a test, 9 discarded").contains(": 2 keep, 1 discard");
        assertThat(r.out().lines()).as(r.out()).anyMatch(l -> l.matches(noisyGain("95%")));
    }

    @Test
    void theFinalIntervalIsAtTheSessionsConfidence() {
        cli.noise = NOISE;

        Cli.Result r = cli.run("run", "--tag", "t1", "--confidence", "0.99");

        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out().lines()).as(r.out()).anyMatch(l -> l.matches(noisyGain("99%")));
    }

    @Test
    void onADeterministicMetricTheSummaryShowsThePlainChange() {
        Cli.Result r = cli.run("run", "--tag", "t1");

        assertThat(r.out()).contains("  score: baseline 10.000000 -> best 5.000000 (-50.0%)" + System.lineSeparator())
                .doesNotContain("+/-");
    }

    @Test
    void fromASubdirectoryTheRepositoryRootsProgramIsUsedAndNamed() throws Exception {
        repo.write("src/deep/Main.java", "class Main {}\n");
        repo.commitAll("sources");
        Cli fromSubdirectory = new Cli(repo.root().resolve("src/deep"));

        Cli.Result r = fromSubdirectory.run("run", "--tag", "t1", "--max-experiments", "1");

        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).startsWith("autoresearch: session t1 on branch autoresearch/t1 "
                + "(../../program.md: score, minimize)");
        assertThat(r.out()).contains("reached max-experiments (1)");
        assertThat(session("t1").resolve("journal.jsonl")).exists();
    }

    @Test
    void aProgramMdInTheWorkingDirectoryComesBeforeTheRoots() throws Exception {
        repo.write("sub/program.md", PROGRAM.replace("max-experiments: 3", "max-experiments: 2"));
        repo.commitAll("another program");

        Cli.Result r = new Cli(repo.root().resolve("sub")).run("run", "--tag", "t1");

        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).startsWith("autoresearch: session t1 on branch autoresearch/t1 (program.md: score, minimize)")
                .contains("reached max-experiments (2)");
    }

    @Test
    void flagsOverrideTheProgramFile() {
        Cli.Result r = cli.run("run", "--tag", "t1", "--max-experiments", "1", "--timeout", "90s",
                "--env", "FOO=bar", "--seed", "42", "--devices", "0,1", "--repeats", "2");

        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("reached max-experiments (1)");
        RunRequest first = cli.runner.requests().get(0);
        assertThat(first.timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(first.environment()).containsEntry("FOO", "bar");
        // Three runs of the baseline (they measure the noise), two repeats of experiment 1.
        assertThat(cli.runner.requests()).hasSize(5);
        assertThat(cli.strategiesAsked).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("tune");
            assertThat(s.seed()).isEqualTo(42);
            assertThat(s.model()).isEmpty();
        });
        // One lane per device: each run sees only its lane's device, whatever runner the lanes share.
        assertThat(cli.runner.requests()).extracting(RunRequest::devices).allSatisfy(d -> assertThat(d).hasSize(1))
                .extracting(d -> d.get(0)).isSubsetOf("0", "1");
        assertThat(cli.runner.requests()).extracting(RunRequest::lane).isSubsetOf(1, 2);
    }

    @Test
    void aListFlagReplacesTheFilesList() throws Exception {
        Cli.Result r = cli.run("run", "--tag", "t1", "--max-experiments", "1", "--editable", "other.txt,more.txt",
                "--tune", "other.txt:X=1..2");

        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).containsPattern("#1   set score\\.txt to 8 .* invalid .*the change touches files it may not");
    }

    @Test
    void aProgramWithoutFrontMatterRunsOnFlags() {
        repo.write("program.md", "Make the score small. No front matter here.\n");
        repo.commitAll("prose only");

        Cli.Result r = cli.run("run", "--tag", "t1", "--metric", "score", "--direction", "min", "--run", "./train",
                "--editable", "score.txt", "--tune", "score.txt:SCORE=1..10:int", "--max-experiments", "1");

        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("(program.md: score, minimize)", "score: baseline 10.000000 -> best 8.000000 (-20.0%)");
    }

    @Test
    void withoutAProgramFileTheFlagsAreTheWholeContract() throws Exception {
        Files.delete(repo.root().resolve("program.md"));
        repo.commitAll("no program");

        Cli.Result r = cli.run("run", "--tag", "t1", "--metric", "score", "--direction", "minimize", "--run", "./train",
                "--editable", "score.txt", "--model", "openai:gpt-test", "--max-experiments", "1");

        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).startsWith("autoresearch: session t1 on branch autoresearch/t1 (flags: score, minimize)");
        assertThat(cli.strategiesAsked.get(0).name()).isEqualTo("llm");
        assertThat(cli.strategiesAsked.get(0).model()).contains("openai:gpt-test");
    }

    @Test
    void theModelFromTheEnvironmentChoosesTheLlmStrategy() {
        cli.env.put("AUTORESEARCH_MODEL", "ollama:qwen");
        cli.env.put("AUTORESEARCH_BASE_URL", "http://localhost:11434/v1");

        Cli.Result r = cli.run("run", "--tag", "t1", "--max-experiments", "1");

        assertThat(r.code()).as(r.err()).isEqualTo(0);
        LoopComponents.StrategySettings s = cli.strategiesAsked.get(0);
        assertThat(s.name()).isEqualTo("llm");
        assertThat(s.model()).contains("ollama:qwen");
        assertThat(s.baseUrl()).contains("http://localhost:11434/v1");
    }

    @Test
    void aMissingRequiredKeyIsOneLineAndExitCode2() {
        repo.write("program.md", "Just prose.\n");

        Cli.Result r = cli.run("run", "--tag", "t1");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines().toList()).singleElement().asString()
                .startsWith("autoresearch: ")
                .contains("program.md", "missing required key 'metric'", "--metric");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aProgramFileErrorNamesTheLine() {
        repo.write("program.md", "---\nmetric: score\ndirection: minimize\nrun: ./train\ntimeout: soon\n---\n");

        Cli.Result r = cli.run("run", "--tag", "t1");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("autoresearch: ").contains("program.md:5", "timeout").doesNotContain("\tat ");
    }

    @Test
    void badFlagValuesAreUsageErrors() {
        assertUsage(cli.run("run", "--timeout", "soon"), "Invalid value for option '--timeout': expected a duration");
        assertUsage(cli.run("run", "--direction", "up"), "Invalid value for option '--direction': expected 'minimize' or 'maximize'");
        assertUsage(cli.run("run", "--constraint", "memory"), "Invalid value for option '--constraint'");
        assertUsage(cli.run("run", "--tune", "train.py:LR"), "Invalid value for option '--tune' (FILE:NAME=LOW..HIGH[:SCALE]): expected FILE:NAME=LOW..HIGH");
        assertUsage(cli.run("run", "--strategy", "magic"), "Invalid value for option '--strategy': expected 'tune' or 'llm'");
        assertUsage(cli.run("run", "--repeats", "0"), "invalid value for option '--repeats': repeats must be between 1 and 1000");
        assertUsage(cli.run("run", "--patience", "0"), "invalid value for option '--patience'");
        assertUsage(cli.run("run", "--tag", "no/slash"), "invalid value for option '--tag'");
        assertUsage(cli.run("run", "--metric", "two words"), "invalid value for option '--metric'");
        assertUsage(cli.run("run", "--frobnicate"), "Unknown option: '--frobnicate'");
        assertUsage(cli.run("run", "--max-cost", "20"), "--max-cost needs --prices IN,OUT");
        assertUsage(cli.run("run", "--max-cost", "-1", "--prices", "3,15"), "invalid value for option '--max-cost' or '--prices'");
        assertUsage(cli.run("run", "--runner", "cloud"), "Invalid value for option '--runner': expected 'local' or 'slurm'");
        assertUsage(cli.run("run", "--slurm-cpus", "0"), "invalid value for option '--slurm-cpus': slurm cpus must be at least 1");
        assertUsage(cli.run("run", "--slurm-gres", "gpu 1"), "invalid value for option '--slurm-gres'");
        assertUsage(cli.run("run", "--runner", "slurm", "--devices", "0"),
                "--devices does not apply to --runner slurm: Slurm places the GPUs");
        assertUsage(cli.run("run", "--runner", "slurm", "--sandbox"),
                "the sandbox does not apply to --runner slurm");
        assertThat(cli.runner.requests()).isEmpty();
    }

    static void assertUsage(Cli.Result r, String message) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("autoresearch: ").contains(message).doesNotContain("\tat ");
        assertThat(r.err().lines().count()).isLessThanOrEqualTo(2);
    }

    @Test
    void aMissingProgramFileSaysWhatToDo() throws Exception {
        Cli.Result r = cli.run("run", "other.md");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no program file", "other.md", "autoresearch init");
    }

    @Test
    void theStrategyMustBeUsable() {
        Cli.Result llm = cli.run("run", "--strategy", "llm");
        assertThat(llm.code()).isEqualTo(2);
        assertThat(llm.err()).contains("the llm strategy needs a model", "AUTORESEARCH_MODEL");

        repo.write("program.md", PROGRAM.replaceAll("(?s)tune:.*?stop:", "stop:"));
        Cli.Result tune = cli.run("run", "--strategy", "tune");
        assertThat(tune.code()).isEqualTo(2);
        assertThat(tune.err()).contains("no parameters for the tune strategy", "--tune");
    }

    @Test
    void aFailedBaselineExitsWith1AndShowsTheLogTail() {
        repo.write("score.txt", "crash\n");
        repo.commitAll("broken");

        Cli.Result r = cli.run("run", "--tag", "t1");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("autoresearch: the baseline").contains("ValueError: crash").doesNotContain("\tat ");
    }

    @Test
    void aCrashStreakExitsWith1AfterTheSummary() {
        cli.strategy = ScriptedStrategy.writing("score.txt", "crash\n", "crash again\n");

        Cli.Result r = cli.run("run", "--tag", "t1", "--crash-streak", "2");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("2 experiments in a row crashed", "no change beat the baseline")
                .containsPattern("#1   set score\\.txt to crash +score - +crash .*exit");
        assertThat(r.out()).doesNotContain("git merge");
    }

    @Test
    void aRepositoryWithoutACommitIsAUsageError() {
        TestRepo empty = TestRepo.init(dir.resolve("empty"));
        empty.write("score.txt", "10\n").write("program.md", PROGRAM);

        Cli.Result r = new Cli(empty.root()).run("run", "--tag", "t1");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("has no commit yet; commit your code first");
        // The host's setup mistakes are usage errors, whichever part of the core finds them.
        assertThat(ExitCodes.of(new dev.autoresearch.core.SessionSetupException("session 't1' measures a"))).isEqualTo(2);
    }

    @Test
    void aSessionInUseExitsWith3() throws Exception {
        ProcessHandle self = ProcessHandle.current();
        Cli.Result r;
        try (SessionLock held = SessionLock.acquire(session("t1").resolve("lock"), "t1")) {
            r = cli.run("run", "--tag", "t1");
        }

        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).startsWith("autoresearch: session 't1' is in use by process " + self.pid());
    }

    @Test
    void aStrategyThatCannotProposeExitsWith4AndSaysHowToResume() {
        // The script has three steps; the fourth experiment has no proposal.
        Cli.Result r = cli.run("run", "--tag", "t1", "--max-experiments", "5");

        assertThat(r.code()).isEqualTo(4);
        assertThat(r.err()).startsWith("autoresearch: the script has no step 4")
                .contains("the finished experiments are in .autoresearch/t1/journal.jsonl; the same command resumes the session");
        assertThat(r.out()).contains("#3   set score.txt to 5");
    }

    @Test
    void notInARepositoryIsAUsageError() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));

        Cli.Result r = new Cli(elsewhere).run("run", "--metric", "x", "--direction", "min", "--run", "true");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("is not inside a git repository");
    }

    @Test
    void interruptingTheRunRecordsTheExperimentInHandAndExitsWith130() throws Exception {
        cli.strategy = ScriptedStrategy.writing("score.txt", "8\n", "sleep 30000\n", "5\n");
        Cli.Result[] result = new Cli.Result[1];
        Thread t = new Thread(() -> result[0] = cli.run("run", "--tag", "t1"));
        t.start();
        awaitInFlight(2);
        t.interrupt();
        t.join(20_000);

        assertThat(t.isAlive()).isFalse();
        assertThat(result[0].code()).isEqualTo(130);
        assertThat(result[0].out()).contains("run the same command to resume");
        // Experiment 2 was stopped, not failed: it is not recorded, it stays proposed and runs again on resume.
        dev.autoresearch.core.journal.JournalContents journal =
                dev.autoresearch.core.journal.Journal.read(session("t1").resolve("journal.jsonl"));
        assertThat(journal.records()).extracting(r -> r.experiment()).containsExactly(0, 1);
        assertThat(journal.pending()).extracting(p -> p.experiment()).contains(2);
        assertThat(SessionLock.livePid(session("t1").resolve("lock"))).isEmpty();
    }

    @Test
    void theShutdownHookInterruptsTheLoopAndWaitsForItsRecord() throws Exception {
        cli.strategy = ScriptedStrategy.writing("score.txt", "8\n", "sleep 30000\n", "5\n");
        AtomicReference<Thread> hook = new AtomicReference<>();
        cli.hooks = h -> {
            hook.set(h);
            return () -> hook.set(null);
        };
        Cli.Result[] result = new Cli.Result[1];
        Thread t = new Thread(() -> result[0] = cli.run("run", "--tag", "t1"));
        t.start();
        awaitInFlight(2);

        // What the JVM does on Ctrl-C: run the hook; it returns once the record is written.
        Thread h = hook.get();
        h.start();
        h.join(20_000);

        assertThat(h.isAlive()).isFalse();
        assertThat(dev.autoresearch.core.journal.Journal.read(session("t1").resolve("journal.jsonl")).pending())
                .extracting(p -> p.experiment()).contains(2);
        t.join(20_000);
        assertThat(result[0].code()).isEqualTo(130);
        assertThat(result[0].err()).contains("autoresearch: stopping; recording the experiment in hand first");
        assertThat(hook.get()).as("the hook is removed after the run").isNull();
    }

    /** The reports are written every few seconds while a session runs; SessionReportsTest has them drawn again. */
    @Test
    void aChartThatCannotBeWrittenIsWarnedOfOnceAndTheSessionGoesOn() throws Exception {
        Path chart = session("t1").resolve("progress.png");
        cli.beforeRun = request -> {
            if (request.experiment() == 1) {
                // Something in the chart's place from #1 on: every later write of it fails.
                Files.deleteIfExists(chart);
                Files.createDirectories(chart);
                Files.writeString(chart.resolve("in-the-way"), "x");
            }
        };

        Cli.Result r = cli.run("run", "--tag", "t1");

        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.err().lines()).singleElement().asString()
                .startsWith("autoresearch: warning: cannot write the chart ")
                .endsWith("; tried again at the next write, the session goes on");
        assertThat(r.out()).doesNotContain("  chart    ").contains("  page     .autoresearch/t1/report.html");
    }

    @Test
    void onATerminalTheExperimentInHandHasALiveLine() {
        cli.terminal = true;

        Cli.Result r = cli.run("run", "--tag", "t1", "--max-experiments", "1");

        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("\r  #1   set score.txt to 8 ... 0s");
        // The live line is wiped before the experiment's own line is printed.
        assertThat(r.out()).containsPattern("\r +\r  #1   set score\\.txt to 8 +score 8\\.000000");
    }

    private void awaitInFlight(int experiment) throws Exception {
        Path journal = session("t1").resolve("journal.jsonl");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(journal)
                    && dev.autoresearch.core.journal.Journal.read(journal).runs().containsKey(experiment)) {
                Thread.sleep(200); // let the run start
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("experiment " + experiment + " never started");
    }

    @Test
    void aFinishedSessionRunAgainWithoutItsFlagsSaysItIsFinishedWithItsOwnCount() {
        cli.strategy = dev.autoresearch.core.testing.ScriptedStrategy.writing("score.txt", "crash\n", "crash\n", "crash\n",
                "crash\n", "crash\n");
        Cli.Result first = cli.run("run", "--tag", "t1", "--max-experiments", "5", "--crash-streak", "100");
        assertThat(first.code()).as(first.err()).isEqualTo(0);

        // program.md says max-experiments 3 and the crash streak is 10 by default: the budget was met first.
        Cli.Result again = cli.run("run", "--tag", "t1", "--crash-streak", "2");

        assertThat(again.code()).as(again.err()).isEqualTo(0);
        assertThat(again.out()).contains("autoresearch: session t1 is finished, nothing was run: reached max-experiments"
                + " (3): 5 experiments after the baseline; to go on, raise that limit");
    }

    @Test
    void rebaseBringsTheUsersNewCommitsIntoTheSessionAndNumberingGoesOn() {
        assertThat(cli.run("run", "--tag", "t1").code()).isEqualTo(0);
        repo.write("notes.txt", "a fix\n").commitAll("a fix on the user's branch");
        String fix = repo.git("rev-parse", "HEAD");

        Cli.Result r = cli.run("run", "--tag", "t1", "--rebase", "--max-experiments", "5");

        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).containsPattern("  #4   rebase onto " + fix.substring(0, 7) + ", 1 new commit .* keep ")
                .containsPattern("  #5   kept changes \\(#1, #3\\) on " + fix.substring(0, 7) + " .* keep ");
        assertThat(repo.git("show", "autoresearch/t1:notes.txt")).isEqualTo("a fix");
    }
}
