package dev.autoresearch.runners.internal;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongPredicate;

/**
 * What the operating system says about processes, beyond {@link ProcessHandle}: zombie state,
 * process groups and environments, read from {@code /proc} where there is one (Linux), and the
 * programs found on the {@code PATH}.
 */
public final class Procs {
    private static final Path PROC = Path.of("/proc");
    /** True where {@code /proc} describes processes (Linux). */
    public static final boolean HAS_PROC = Files.isReadable(PROC.resolve("self").resolve("stat"));

    private Procs() {
    }

    /**
     * The command prefix that starts a program as the leader of a new session and process group:
     * the {@code setsid} program (util-linux) when it is on the {@code PATH}, else nothing. A child
     * of the JVM is never a group leader, so {@code setsid} makes the new session in place and the
     * program keeps the child's pid.
     */
    public static List<String> groupLauncher() {
        return Launcher.PREFIX;
    }

    private static final class Launcher {
        static final List<String> PREFIX = onPath("setsid").map(p -> List.of(p.toString())).orElseGet(() -> {
            org.slf4j.LoggerFactory.getLogger(Procs.class).warn("the setsid program is not on the PATH: "
                    + "experiments run in the JVM's process group, and their processes are stopped one by one");
            return List.of();
        });
    }

    /**
     * True while the process runs. Unlike {@link ProcessHandle#isAlive()}, a zombie (a process that
     * ended but was not reaped, which happens to orphans in a container whose first process does
     * not reap) counts as ended. The handle's start time guards against a reused pid.
     */
    public static boolean isRunning(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return false;
        }
        if (!HAS_PROC) {
            return true;
        }
        Optional<String> stat = stat(handle.pid());
        if (stat.isEmpty()) {
            return false;
        }
        char state = field(stat.get(), 3).map(s -> s.charAt(0)).orElse('?');
        return state != 'Z' && state != 'X' && state != 'x';
    }

    /** The process group of a process, where {@code /proc} tells. */
    public static OptionalLong processGroup(long pid) {
        return numberField(pid, 5);
    }

    /**
     * Every running process whose environment holds {@code entry} ({@code NAME=value}), as far as
     * {@code /proc} lets this user see; empty without {@code /proc}. Processes inherit their
     * parent's environment, so this finds the descendants of a run even after they were detached
     * and reparented.
     */
    public static List<ProcessHandle> withEnvironmentEntry(String entry) {
        return matching(pid -> hasEnvironmentEntry(pid, entry));
    }

    /** True when the process's environment holds {@code entry} ({@code NAME=value}), as far as {@code /proc} tells. */
    public static boolean hasEnvironmentEntry(long pid, String entry) {
        return environmentHas(pid, (entry + "\0").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Every running process, started at or after {@code sinceTicks} (as {@link #startTicks} counts),
     * whose working directory is {@code directory} or below it and whose environment has no
     * {@code variable}; empty without {@code /proc}. A process that a run left behind after escaping
     * every other way of finding it usually still sits in the run's directory.
     */
    public static List<ProcessHandle> startedIn(Path directory, long sinceTicks, String variable) {
        byte[] unwanted = (variable + "=").getBytes(StandardCharsets.UTF_8);
        return matching(pid -> {
            OptionalLong started = startTicks(pid);
            if (started.isEmpty() || started.getAsLong() < sinceTicks || environmentHas(pid, unwanted)) {
                return false;
            }
            try {
                return Files.readSymbolicLink(PROC.resolve(Long.toString(pid)).resolve("cwd")).startsWith(directory);
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                return false;
            }
        });
    }

    /** When the process started, in clock ticks since the system booted, where {@code /proc} tells. */
    public static OptionalLong startTicks(long pid) {
        return numberField(pid, 22);
    }

    /** The process's command line, its arguments separated by spaces, or its name when {@code /proc} has no arguments for it. */
    public static String commandLine(ProcessHandle handle) {
        try {
            String line = new String(read(PROC.resolve(Long.toString(handle.pid())).resolve("cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ').strip();
            if (!line.isEmpty()) {
                return line;
            }
        } catch (IOException | SecurityException e) {
            // gone, or not ours to read: what the JDK knows will do
        }
        return handle.info().commandLine().or(() -> handle.info().command()).orElse("?");
    }

    private static boolean environmentHas(long pid, byte[] wanted) {
        try {
            return contains(read(PROC.resolve(Long.toString(pid)).resolve("environ")), wanted);
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /**
     * Every running process in the process group {@code group}, from {@code /proc}; empty without
     * it. This finds the members of a run's group that no other way finds: orphans that cleared
     * their environment.
     */
    public static List<ProcessHandle> inProcessGroup(long group) {
        return matching(pid -> {
            OptionalLong pgrp = processGroup(pid);
            return pgrp.isPresent() && pgrp.getAsLong() == group;
        });
    }

    /** What file descriptor {@code fd} of a process is, when it is a pipe: {@code pipe:[inode]}, where {@code /proc} tells. */
    public static Optional<String> pipeOf(long pid, int fd) {
        if (!HAS_PROC) {
            return Optional.empty();
        }
        try {
            String target = Files.readSymbolicLink(PROC.resolve(Long.toString(pid)).resolve("fd").resolve(Integer.toString(fd)))
                    .toString();
            return target.startsWith("pipe:") ? Optional.of(target) : Optional.empty();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * Every running process, this JVM aside, with a file descriptor open on {@code pipe} (as
     * {@link #pipeOf} names it), as far as {@code /proc} lets this user see; empty without it.
     */
    public static List<ProcessHandle> holding(String pipe) {
        return matching(pid -> {
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(PROC.resolve(Long.toString(pid)).resolve("fd"))) {
                for (Path fd : fds) {
                    try {
                        if (Files.readSymbolicLink(fd).toString().equals(pipe)) {
                            return true;
                        }
                    } catch (IOException e) {
                        // closed meanwhile
                    }
                }
                return false;
            } catch (IOException | SecurityException e) {
                return false;
            }
        });
    }

    /** The running processes listed in {@code /proc}, this JVM aside, that pass {@code test}. */
    private static List<ProcessHandle> matching(LongPredicate test) {
        List<ProcessHandle> found = new ArrayList<>();
        if (!HAS_PROC) {
            return found;
        }
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(name);
                } catch (NumberFormatException e) {
                    continue;
                }
                if (pid != self && test.test(pid)) {
                    ProcessHandle.of(pid).filter(Procs::isRunning).ifPresent(found::add);
                }
            }
        } catch (IOException e) {
            return found;
        }
        return found;
    }

    /** The program's absolute path when it is an executable file in a {@code PATH} directory. */
    public static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    private static boolean contains(byte[] environment, byte[] wanted) {
        outer:
        for (int start = 0; start + wanted.length <= environment.length; start++) {
            if (start > 0 && environment[start - 1] != 0) {
                continue;
            }
            for (int i = 0; i < wanted.length; i++) {
                if (environment[start + i] != wanted[i]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static Optional<String> stat(long pid) {
        try {
            return Optional.of(new String(read(PROC.resolve(Long.toString(pid)).resolve("stat")),
                    StandardCharsets.ISO_8859_1));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * Reads a whole file with a {@link FileInputStream}, which, unlike {@link Files#readAllBytes},
     * works on a thread whose interrupt flag is set (a snapshot or a stop must not see every process
     * as gone because the thread was interrupted).
     */
    private static byte[] read(Path file) throws IOException {
        try (FileInputStream in = new FileInputStream(file.toFile())) {
            return in.readAllBytes();
        }
    }

    /** Field {@code n} of the process's stat line, as a number. */
    private static OptionalLong numberField(long pid, int n) {
        Optional<String> value = stat(pid).flatMap(s -> field(s, n));
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value.get()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Field {@code n} (1-based, as in proc(5)) of a stat line; the command name may hold spaces. */
    private static Optional<String> field(String stat, int n) {
        int close = stat.lastIndexOf(')');
        if (close < 0 || n < 3) {
            return Optional.empty();
        }
        String[] rest = stat.substring(close + 1).trim().split("\\s+");
        int index = n - 3;
        return index < rest.length ? Optional.of(rest[index]) : Optional.empty();
    }
}
