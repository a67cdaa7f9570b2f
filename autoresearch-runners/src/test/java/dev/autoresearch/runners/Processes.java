package dev.autoresearch.runners;

import dev.autoresearch.core.Command;
import dev.autoresearch.core.RunRequest;
import dev.autoresearch.runners.internal.RunCgroup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the tests check processes with, independently of the runner's own code: {@code /proc} read
 * directly. A zombie (ended, not yet reaped, as orphans are in a container whose first process
 * does not reap) counts as ended.
 */
public final class Processes {
    private Processes() {
    }

    public static RunRequest request(Path dir, String commandLine, Duration timeout) {
        return requestBuilder(dir, Command.shell(commandLine), timeout).build();
    }

    /** A run of {@code command} in {@code dir} as experiment 1 on lane 1, its output in {@code run.log} there. */
    public static RunRequest.Builder requestBuilder(Path dir, Command command, Duration timeout) {
        return RunRequest.builder().command(command).workingDirectory(dir).timeout(timeout).log(dir.resolve("run.log"))
                .experiment(1);
    }

    public static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.ISO_8859_1);
            char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    /** The pids written to a file, one a line. */
    public static List<Long> pids(Path file) throws IOException {
        List<Long> pids = new ArrayList<>();
        if (!Files.exists(file)) {
            return pids;
        }
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                pids.add(Long.parseLong(line.strip()));
            }
        }
        return pids;
    }

    /** Waits until the file holds {@code count} pids, for at most 10 seconds. */
    public static List<Long> awaitPids(Path file, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            List<Long> pids = pids(file);
            if (pids.size() >= count) {
                return pids;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the script did not write " + count + " pids to " + file + ": " + pids(file));
    }

    /** Every running process whose environment holds {@code name=value}. */
    public static List<Long> runningWith(String name, String value) throws IOException {
        byte[] wanted = (name + "=" + value).getBytes(StandardCharsets.UTF_8);
        List<Long> found = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : dirs) {
                byte[] env;
                try {
                    env = Files.readAllBytes(dir.resolve("environ"));
                } catch (IOException e) {
                    continue;
                }
                for (String entry : new String(env, StandardCharsets.UTF_8).split("\0")) {
                    if (entry.equals(new String(wanted, StandardCharsets.UTF_8))) {
                        long pid = Long.parseLong(dir.getFileName().toString());
                        if (running(pid)) {
                            found.add(pid);
                        }
                    }
                }
            }
        }
        return found;
    }

    /**
     * A shell command that waits until the process whose pid is in {@code pids} runs {@code sleep}:
     * until then it may still carry the environment it is about to clear.
     */
    public static final String AWAIT_SLEEP_EXEC =
            "read P < pids; while [ \"$(cat /proc/$P/comm)\" != sleep ]; do sleep 0.01; done";

    /**
     * True where the runner can give a run a cgroup of its own (cgroup v2, writable, with
     * {@code cgroup.kill}); the tests then expect the strongest net, and the fallback otherwise.
     */
    public static boolean cgroupsOffered() {
        Optional<RunCgroup> probe = RunCgroup.create("probe-" + UUID.randomUUID());
        probe.ifPresent(c -> c.remove(Duration.ZERO));
        return probe.isPresent();
    }

    /** Writes an executable shell script. */
    public static Path script(Path dir, String name, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body);
        file.toFile().setExecutable(true);
        return file;
    }
}
