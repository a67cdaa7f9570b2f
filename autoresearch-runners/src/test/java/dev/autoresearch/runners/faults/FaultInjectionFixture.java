package dev.autoresearch.runners.faults;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.StopCriteria;
import dev.autoresearch.core.keep.KeepSettings;
import dev.autoresearch.core.testing.ScriptedStrategy;
import dev.autoresearch.core.testing.SimpleMetrics;
import dev.autoresearch.runners.ProcessRunner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A session for {@link FaultInjectionTest}, run in a JVM of its own that halts itself (as a SIGKILL
 * would: no shutdown hook, no finally block) the moment the loop has taken a chosen step of an
 * experiment, seen in what the loop leaves on disk: the journal's lines and the branch's ref.
 */
public final class FaultInjectionFixture {
    static final String TAG = "faults";
    static final int EXPERIMENTS = 6;

    /** The steps of an experiment at which the loop is killed. */
    enum KillPoint {
        /** The run's identity is journalled: the run may or may not have started. */
        RUN_JOURNALLED,
        /** The runner's ticket for the run is journalled: the run is under way. */
        TICKET_WRITTEN,
        /** The run's values are journalled, the verdict is not. */
        MEASURED,
        /** A keep moved the branch; its record is not written yet. */
        BRANCH_MOVED,
        /** The experiment's record is written. */
        RECORDED
    }

    private FaultInjectionFixture() {
    }

    /** The loop every session of the test runs: the killed one and its resume. */
    static ResearchLoop loop(Path repository, int lanes, Path pids, String generation) {
        ProgramSpec spec = ProgramSpec.builder().source(repository.resolve("program.md")).metric("score")
                .direction(Direction.MINIMIZE).keep(KeepSettings.DEFAULT.withRule(KeepSettings.Rule.GREEDY))
                .run("sh run.sh").timeout(Duration.ofMinutes(2)).editable("score.txt")
                .stop(StopCriteria.DEFAULT.withMaxExperiments(EXPERIMENTS)).build();
        ProcessRunner runner = ProcessRunner.builder().gracePeriod(Duration.ofSeconds(1))
                .environment("PIDS", pids.toString()).environment("GENERATION", generation).build();
        return ResearchLoop.builder().repository(repository).tag(TAG).program(spec)
                .strategy(ScriptedStrategy.writing("score.txt", "9\n", "8\n", "12\n", "7\n", "6\n", "11\n", "5\n",
                        "4\n", "3\n", "2\n"))
                .runner(runner).metrics(SimpleMetrics.summaryLines()).workers(lanes).build();
    }

    /**
     * The run: a killed session's runs note their pids; a resumed session's runs note any of those
     * still alive when they start, which must never happen.
     */
    static String runScript() {
        return String.join("\n",
                "if [ \"$GENERATION\" = resumed ]; then",
                "  for p in $(cat \"$PIDS\" 2>/dev/null); do kill -0 \"$p\" 2>/dev/null && echo \"$p\" >> \"$PIDS.alive\"; done",
                "fi",
                "sleep 0.4 &",
                "[ \"$GENERATION\" = killed ] && echo \"$$ $!\" >> \"$PIDS\"",
                "wait",
                "echo \"score: $(cat score.txt)\"", "");
    }

    /** Arguments: repository, lanes, kill point, the experiment from which the point counts, the pids file. */
    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args[0]);
        int lanes = Integer.parseInt(args[1]);
        KillPoint point = KillPoint.valueOf(args[2]);
        int from = Integer.parseInt(args[3]);
        Path pids = Path.of(args[4]);
        Thread watcher = new Thread(() -> watch(repo, point, from), "fault-injector");
        watcher.setDaemon(true);
        watcher.start();
        loop(repo, lanes, pids, "killed").run();
        System.exit(3); // the kill point never came
    }

    private static void watch(Path repo, KillPoint point, int from) {
        Path journal = repo.resolve(".autoresearch").resolve(TAG).resolve("journal.jsonl");
        Path ref = repo.resolve(".git/refs/heads/autoresearch").resolve(TAG);
        while (true) {
            try {
                List<String> lines = Files.exists(journal) ? Files.readAllLines(journal, StandardCharsets.UTF_8) : List.of();
                if (reached(point, from, lines, ref)) {
                    Runtime.getRuntime().halt(137);
                }
                Thread.sleep(1);
            } catch (IOException | RuntimeException e) {
                // A line being written: look again.
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static boolean reached(KillPoint point, int from, List<String> lines, Path ref) throws IOException {
        for (String line : lines) {
            int experiment = number(line);
            if (experiment < from) {
                continue;
            }
            boolean hit = switch (point) {
                case RUN_JOURNALLED -> line.contains("\"type\":\"run\"");
                case TICKET_WRITTEN -> line.contains("\"type\":\"run\"") && line.contains("\"ticket\"");
                case MEASURED -> line.contains("\"type\":\"measured\"");
                case RECORDED -> line.contains("\"type\":\"experiment\"");
                case BRANCH_MOVED -> false;
            };
            if (hit) {
                return true;
            }
        }
        if (point == KillPoint.BRANCH_MOVED && Files.exists(ref)) {
            String head = Files.readString(ref).strip();
            boolean recordedKeep = lines.stream().anyMatch(l -> l.contains("\"type\":\"experiment\"")
                    && l.contains("\"commit\":\"" + head + "\""));
            boolean anyRun = lines.stream().anyMatch(l -> l.contains("\"type\":\"measured\"") && number(l) >= from);
            return anyRun && !recordedKeep;
        }
        return false;
    }

    private static int number(String line) {
        int at = line.indexOf("\"experiment\":");
        if (at < 0) {
            return -1;
        }
        int start = at + "\"experiment\":".length();
        int end = start;
        while (end < line.length() && Character.isDigit(line.charAt(end))) {
            end++;
        }
        return end > start ? Integer.parseInt(line.substring(start, end)) : -1;
    }
}
