package dev.autoresearch.host.bench;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.ResearchEvent;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.bench.NoTimeSession;
import dev.autoresearch.core.journal.GeneratedJournal;
import dev.autoresearch.core.journal.Journal;
import dev.autoresearch.core.journal.JournalContents;
import dev.autoresearch.core.journal.SessionFiles;
import dev.autoresearch.core.testing.TestRepo;
import dev.autoresearch.host.OptionStyle;
import dev.autoresearch.host.SessionStatus;
import dev.autoresearch.host.report.HtmlReport;
import dev.autoresearch.host.report.SessionReports;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints what the loop costs per experiment as a session grows, around a run that takes no time (an
 * in-process runner), one lane, with the reports ({@code report.html}, {@code progress.png}) written
 * as the command writes them:
 * <ul>
 *   <li>the loop's cost per experiment (median time between two recorded experiments over a
 *       40-experiment session) against git's own floor in the same repository (commit + diff +
 *       reset, median), and the git processes each experiment starts, by command;</li>
 *   <li>at each recorded size (1,000, 10,000 and 100,000 experiments by default; a journal written
 *       in the journal's own encoding): the resume (from the call to the session's start), the bytes
 *       the resuming thread allocated, the loop's cost per experiment over 30 more experiments, the
 *       heap's peak (the collector's choice: it lets the heap grow towards -Xmx) and what is live
 *       midway through those experiments, and {@code status} and the page read from the journal.</li>
 * </ul>
 * Git is counted through a wrapper first on the PATH, in a JVM of its own so that the wrapper's
 * cost is in no timing. A benchmark, not a test: figures only.
 *
 * <pre>
 * mvn -B -q -pl autoresearch-host -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * M=autoresearch; T=target
 * java -Xmx2g -cp $M-host/$T/test-classes:$M-host/$T/classes:$M-core/$T/test-classes:$M-core/$T/classes:$M-runners/$T/classes:$M-llm/$T/classes:$(cat $M-host/$T/cp.txt) \
 *     dev.autoresearch.host.bench.LoopScaleBench [recorded sizes, default 1000 10000 100000]
 * </pre>
 */
public final class LoopScaleBench {
    private static final String COUNT_GIT = "--count-git";
    private static final int EXPERIMENTS = 40;
    private static final int AFTER_RESUME = 30;
    /** {@code -Dreports=false} measures the loop alone, without the page and the chart written beside it. */
    private static final boolean REPORTS = !"false".equals(System.getProperty("reports"));

    private LoopScaleBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals(COUNT_GIT)) {
            countGit(Path.of(args[1]));
            return;
        }
        floor();
        countGitInAnotherJvm();
        int[] sizes = args.length > 0 ? java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray()
                : new int[] {1_000, 10_000, 100_000};
        System.out.printf(Locale.ROOT, "%n%10s %10s %14s %12s %12s %11s %11s %10s %10s %11s%n", "recorded", "resume ms",
                "resume alloc", "loop ms/exp", "peak heap", "live heap", "status ms", "page ms", "page MB",
                "rows shown");
        for (int size : sizes) {
            scale(size);
        }
    }

    /** The loop's cost per experiment against git's commit + diff + reset in the same worktree. */
    private static void floor() throws Exception {
        TestRepo repo = repo("floor");
        List<Long> loop = new ArrayList<>();
        loop(repo, EXPERIMENTS, event -> {
            if (event instanceof ResearchEvent.ExperimentFinished) {
                loop.add(System.nanoTime());
            }
        }).run();
        List<Long> git = new ArrayList<>();
        Path worktree = repo.root().resolve(".autoresearch/bench/worktree");
        for (int i = 0; i < EXPERIMENTS; i++) {
            Files.writeString(worktree.resolve("score.txt"), (3000 + i) + "\n");
            long started = System.nanoTime();
            TestRepo.gitIn(worktree, "-c", "commit.gpgsign=false", "commit", "--quiet", "-am", "floor " + i);
            TestRepo.gitIn(worktree, "diff", "HEAD~1", "HEAD");
            TestRepo.gitIn(worktree, "reset", "--quiet", "--hard", "HEAD~1");
            git.add(System.nanoTime() - started);
        }
        double loopMs = median(intervals(loop)) / 1e6;
        double gitMs = median(git) / 1e6;
        System.out.printf(Locale.ROOT, "loop cost per experiment (%d experiments, one lane, no-time run, reports on): "
                + "%.1f ms median; git's commit + diff + reset: %.1f ms median; ratio %.2fx%n", EXPERIMENTS, loopMs,
                gitMs, loopMs / gitMs);
    }

    /** Runs {@link #countGit} in a JVM whose PATH starts with a git that logs its command first. */
    private static void countGitInAnotherJvm() throws Exception {
        Path bin = Files.createTempDirectory("bench-git");
        Path log = bin.resolve("calls.log");
        String realGit = new ProcessBuilder("sh", "-c", "command -v git").start().inputReader().readLine();
        // The command is the first word that is not an option or an option's value (-c name=value, -C dir).
        Files.writeString(bin.resolve("git"), "#!/bin/sh\nskip=0; cmd=?\nfor w in \"$@\"; do\n"
                + "  if [ $skip = 1 ]; then skip=0; continue; fi\n"
                + "  case \"$w\" in -c|-C) skip=1;; -*) ;; *) cmd=\"$w\"; break;; esac\ndone\n"
                + "echo \"$cmd\" >> '" + log + "'\nexec '" + realGit + "' \"$@\"\n");
        bin.resolve("git").toFile().setExecutable(true);
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LoopScaleBench.class.getName(), COUNT_GIT, log.toString())
                .inheritIO();
        pb.environment().put("PATH", bin + java.io.File.pathSeparator + System.getenv("PATH"));
        pb.start().waitFor();
    }

    /** Prints the git processes per experiment, by command, over the middle of a session. */
    private static void countGit(Path log) throws Exception {
        int[] from = {0};
        List<String> calls = new ArrayList<>();
        loop(repo("count"), EXPERIMENTS, event -> {
            if (event instanceof ResearchEvent.ExperimentFinished f && f.record().experiment() == 5) {
                from[0] = lines(log).size();
            } else if (event instanceof ResearchEvent.ExperimentFinished f && f.record().experiment() == EXPERIMENTS - 5) {
                calls.addAll(lines(log).subList(from[0], lines(log).size()));
            }
        }).run();
        Map<String, Integer> byCommand = new TreeMap<>();
        calls.forEach(c -> byCommand.merge(c, 1, Integer::sum));
        int experiments = EXPERIMENTS - 10;
        System.out.printf(Locale.ROOT, "git processes per experiment: %.2f (%s over %d experiments, a keep in three)%n",
                calls.size() / (double) experiments, byCommand, experiments);
    }

    private static void scale(int recorded) throws Exception {
        TestRepo repo = repo("scale-" + recorded);
        // A real session of one experiment sets up the branch, the worktrees and the header ...
        loop(repo, 1, event -> { }).run();
        SessionFiles files = SessionFiles.of(repo.root(), "bench");
        JournalContents real = Journal.read(files.journal());
        // ... then its journal grows to the size measured, discarded experiments of no time, all of them
        // before the experiments that follow (as a resumed session's are), 40 ms apart.
        Instant at = real.records().get(0).startedAt().minusMillis(40L * (recorded + 1));
        ExperimentRecord baseline = real.records().get(0).toBuilder().startedAt(at).build();
        List<ExperimentRecord> records = new ArrayList<>(recorded + 1);
        records.add(baseline);
        for (int n = 1; n <= recorded; n++) {
            at = at.plusMillis(40);
            records.add(ExperimentRecord.builder().experiment(n).commit(baseline.commit()).parent(baseline.commit())
                    .status(Status.DISCARD).metric(2000 + n).metrics(Map.of("score", List.of(2000.0 + n)))
                    .hypothesis(new Hypothesis("generated " + n, "a generated step")).strategy("scripted").startedAt(at)
                    .duration(Duration.ofMillis(30)).log(SessionFiles.logName(n, 1)).reason("worse than the best 1000")
                    .lane(1).build());
        }
        GeneratedJournal.write(files.journal(), real.header().orElseThrow(), records);

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long[] resume = new long[2];
        long[] live = new long[1];
        List<Long> loop = new ArrayList<>();
        long started = System.nanoTime();
        long allocated = threads.getCurrentThreadAllocatedBytes();
        loop(repo, recorded + AFTER_RESUME, event -> {
            if (event instanceof ResearchEvent.SessionStarted) {
                resume[0] = System.nanoTime() - started;
                resume[1] = threads.getCurrentThreadAllocatedBytes() - allocated;
            } else if (event instanceof ResearchEvent.ExperimentFinished f) {
                loop.add(System.nanoTime());
                if (f.record().experiment() == recorded + AFTER_RESUME / 2) {
                    // What the session holds while it runs; the collection's own time is an interval of its own.
                    System.gc();
                    live[0] = heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
                    loop.add(System.nanoTime());
                }
            }
        }).run();
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();

        long t = System.nanoTime();
        SessionStatus.print(new PrintWriter(new StringWriter()), files, Instant.now(), 10, Path::toString,
                OptionStyle.FLAGS);
        long statusNanos = System.nanoTime() - t;
        t = System.nanoTime();
        new HtmlReport().write(files);
        long pageNanos = System.nanoTime() - t;
        long pageBytes = Files.size(HtmlReport.file(files));
        String page = Files.readString(HtmlReport.file(files));
        int rows = page.split("\"lane\":", -1).length - 1;
        System.out.printf(Locale.ROOT, "%10d %10.0f %11.1f MB %12.1f %9.0f MB %8.0f MB %11.0f %10.0f %10.2f %11d%n",
                recorded, resume[0] / 1e6, resume[1] / 1e6, median(intervals(loop)) / 1e6, peak / 1e6, live[0] / 1e6,
                statusNanos / 1e6, pageNanos / 1e6, pageBytes / 1e6, rows);
    }

    private static TestRepo repo(String name) throws IOException {
        TestRepo repo = TestRepo.init(Files.createTempDirectory("loop-scale").resolve(name));
        repo.write("score.txt", "1000\n");
        repo.commitAll("initial");
        return repo;
    }

    /** A session of {@code total} experiments in all, with the reports written as the command writes them. */
    private static ResearchLoop loop(TestRepo repo, int total, dev.autoresearch.core.ResearchListener listener) {
        ResearchLoop.Builder builder = NoTimeSession.builder(repo.root(), total).listener(listener);
        return (REPORTS ? builder.listener(new SessionReports()) : builder).build();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<Long> intervals(List<Long> times) {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            gaps.add(times.get(i) - times.get(i - 1));
        }
        return gaps;
    }

    private static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2);
    }
}
