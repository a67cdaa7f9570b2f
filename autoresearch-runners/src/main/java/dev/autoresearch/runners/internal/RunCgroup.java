package dev.autoresearch.runners.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A cgroup (v2) of one run, the net no process of the run can leave by itself: a child inherits
 * its parent's cgroup whatever it does to its session, group or environment, and
 * {@code cgroup.kill} ends every member at once, as systemd's and Slurm's process tracking do.
 *
 * <p>It is made under the JVM's own cgroup, as {@code autoresearch-run-<run id>}. Where that cannot
 * be done (no cgroup v2, a kernel without {@code cgroup.kill}, a hierarchy this user may not write,
 * a container that forbids it), there is none, and the run is tracked by the other nets alone; a
 * debug line says why.
 */
public final class RunCgroup {
    private static final Logger LOG = LoggerFactory.getLogger(RunCgroup.class);
    private static final String PREFIX = "autoresearch-run-";
    private static final Path PROC_SELF = Path.of("/proc/self");
    private static final long POLL_MILLIS = 20;

    private final Path path;

    private RunCgroup(Path path) {
        this.path = path;
    }

    /** A new cgroup for the run {@code runId}, or empty where the machine gives none. */
    public static Optional<RunCgroup> create(String runId) {
        Optional<Path> parent = Parent.PATH;
        if (parent.isEmpty()) {
            return Optional.empty();
        }
        Path path = parent.get().resolve(PREFIX + runId);
        try {
            Files.createDirectory(path);
        } catch (IOException | SecurityException e) {
            LOG.debug("no cgroup for run {}: cannot create {}: {}", runId, path, e.toString());
            return Optional.empty();
        }
        RunCgroup cgroup = new RunCgroup(path);
        if (!Files.isWritable(path.resolve("cgroup.kill")) || !Files.isWritable(path.resolve("cgroup.procs"))) {
            LOG.debug("no cgroup for run {}: {} has no writable cgroup.kill and cgroup.procs", runId, path);
            cgroup.remove(Duration.ZERO);
            return Optional.empty();
        }
        return Optional.of(cgroup);
    }

    /**
     * The cgroup a ticket names, to stop what is left in it; empty when it is gone, or when the path
     * is not a run's cgroup (so that a journal edited by hand cannot make the runner kill others).
     */
    public static Optional<RunCgroup> existing(Path path) {
        Path name = path.getFileName();
        if (!path.isAbsolute() || name == null || !name.toString().startsWith(PREFIX)
                || !Files.isRegularFile(path.resolve("cgroup.kill"))) {
            return Optional.empty();
        }
        return Optional.of(new RunCgroup(path));
    }

    public Path path() {
        return path;
    }

    /** Moves a process (and so everything it starts from now on) into this cgroup; false when that is refused. */
    public boolean enter(long pid) {
        try {
            Files.writeString(path.resolve("cgroup.procs"), Long.toString(pid));
            return true;
        } catch (IOException | SecurityException e) {
            LOG.debug("cannot move process {} into {}: {}", pid, path, e.toString());
            return false;
        }
    }

    /** The running processes in this cgroup; empty once it is gone. */
    public List<ProcessHandle> members() {
        List<ProcessHandle> members = new ArrayList<>();
        List<String> pids;
        try {
            pids = Files.readAllLines(path.resolve("cgroup.procs"), StandardCharsets.US_ASCII);
        } catch (IOException | SecurityException e) {
            return members;
        }
        for (String pid : pids) {
            if (!pid.isBlank()) {
                ProcessHandle.of(Long.parseLong(pid.strip())).filter(Procs::isRunning).ifPresent(members::add);
            }
        }
        return members;
    }

    /** Sends SIGKILL to every process in this cgroup, those that no other net finds included. */
    public void kill() {
        try {
            Files.writeString(path.resolve("cgroup.kill"), "1");
        } catch (IOException | SecurityException e) {
            LOG.debug("cannot kill the processes of {}: {}", path, e.toString());
        }
    }

    /**
     * Removes this cgroup once its processes have ended, waiting up to {@code wait} for them; true
     * when it is gone. One that still holds processes is left, for a later stop to find.
     */
    public boolean remove(Duration wait) {
        Deadline deadline = Deadline.after(wait);
        while (true) {
            try {
                Files.deleteIfExists(path);
                return true;
            } catch (IOException e) {
                if (deadline.passed()) {
                    LOG.debug("cannot remove {}: {}", path, e.toString());
                    return false;
                }
            }
            try {
                TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }

    /** The JVM's own cgroup v2 directory, found once: where the cgroup2 file system is mounted, plus {@code /proc/self/cgroup}'s path. */
    private static final class Parent {
        static final Optional<Path> PATH = find();

        private static Optional<Path> find() {
            try {
                Optional<String> own = Files.readAllLines(PROC_SELF.resolve("cgroup")).stream()
                        .filter(line -> line.startsWith("0::")).map(line -> line.substring(3)).findFirst();
                if (own.isEmpty()) {
                    LOG.debug("no cgroups for runs: this process is in no cgroup v2 hierarchy");
                    return Optional.empty();
                }
                for (String line : Files.readAllLines(PROC_SELF.resolve("mountinfo"))) {
                    int dash = line.indexOf(" - ");
                    String[] fields = line.split(" ");
                    if (dash < 0 || fields.length < 5 || !line.substring(dash + 3).startsWith("cgroup2 ")) {
                        continue;
                    }
                    String root = fields[3];
                    String path = own.get();
                    if (!path.startsWith(root)) {
                        continue;
                    }
                    Path dir = Path.of(fields[4], path.substring(root.length()).replaceFirst("^/", ""));
                    if (Files.isDirectory(dir)) {
                        return Optional.of(dir);
                    }
                }
                LOG.debug("no cgroups for runs: the cgroup v2 file system is not mounted where this process sees it");
            } catch (IOException | RuntimeException e) {
                LOG.debug("no cgroups for runs: {}", e.toString());
            }
            return Optional.empty();
        }
    }
}
