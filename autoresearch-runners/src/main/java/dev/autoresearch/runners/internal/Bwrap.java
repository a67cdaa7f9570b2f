package dev.autoresearch.runners.internal;

import dev.autoresearch.core.AutoresearchException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The bubblewrap command line that confines one run: the whole file system read-only, a fresh
 * {@code /dev} with the GPU devices bound in, a private {@code /tmp}, the worktree and the writable
 * paths bound read-write, every capability dropped, and a process-id namespace of its own. In that
 * namespace bubblewrap's first process is pid 1 and the command its child; when the command ends,
 * pid 1 ends with its exit status and the kernel kills whatever else the run left in the namespace,
 * however it detached itself. The run keeps the host's session, so that its process group, its
 * descendants and its marker are found from outside (by their host pids) as for a run without a
 * sandbox; and it can no longer see or signal processes outside its namespace.
 *
 * <p>SIGTERM reaches bubblewrap with the rest of the run's group, and bubblewrap dies of it, which
 * would kill the sandbox at once and cut the command's grace period short. So where {@code env} can
 * put a signal back to its default ({@code --default-signal}, coreutils 8.31 and later), bubblewrap
 * is started with SIGTERM ignored and the command inside gets it back; elsewhere a sandboxed run
 * has no grace period, and a debug line says so.
 */
public final class Bwrap {
    /** The Debian and Ubuntu package that has {@code bwrap}. */
    public static final String PACKAGE = "bubblewrap";
    private static final Path DEV = Path.of("/dev");
    private static final Logger LOG = LoggerFactory.getLogger(Bwrap.class);

    private final Path program;

    private Bwrap(Path program) {
        this.program = program;
    }

    /**
     * The {@code bwrap} found on the {@code PATH}.
     *
     * @throws AutoresearchException naming the package to install when there is none
     */
    public static Bwrap locate(Optional<Path> found) {
        return new Bwrap(found.orElseThrow(() -> new AutoresearchException("the sandbox needs bwrap, which is not on "
                + "the PATH: install the " + PACKAGE + " package (apt-get install " + PACKAGE + "), or set "
                + "'sandbox: false' in program.md (--no-sandbox) to run experiments unconfined")));
    }

    /**
     * The prefix that runs a command confined to {@code worktree} and {@code writable}, both created
     * first if missing and bound at their real paths (so a path reached through a symbolic link is
     * writable too).
     *
     * @throws AutoresearchException when a writable path cannot be created
     */
    public List<String> prefix(Path worktree, List<Path> writable) {
        List<String> args = new ArrayList<>(TermShield.OUTSIDE);
        args.addAll(List.of(program.toString(), "--die-with-parent", "--unshare-pid"));
        if (isRoot()) {
            // root keeps its capabilities in the sandbox unless told, and could remount / read-write
            args.addAll(List.of("--cap-drop", "ALL"));
        }
        args.addAll(List.of("--ro-bind", "/", "/", "--dev", "/dev"));
        for (String device : gpuDevices()) {
            args.addAll(List.of("--dev-bind", device, device));
        }
        args.addAll(List.of("--proc", "/proc", "--tmpfs", "/tmp"));
        // after the tmpfs, so that a worktree or a writable path under /tmp is bound over it
        for (Path path : writable) {
            String real = createdDirectory(path).toString();
            args.addAll(List.of("--bind", real, real));
        }
        String tree;
        try {
            tree = worktree.toRealPath().toString();
        } catch (IOException e) {
            throw new AutoresearchException("cannot find the worktree " + worktree + " to confine the run to: " + e, e);
        }
        args.addAll(List.of("--bind", tree, tree, "--chdir", tree, "--"));
        args.addAll(TermShield.INSIDE);
        return args;
    }

    /**
     * The prefixes that keep SIGTERM from bubblewrap (a shell that ignores it, then execs
     * bubblewrap, which inherits that) and give it back to the command ({@code env
     * --default-signal=TERM}); both empty where {@code env} cannot.
     */
    private static final class TermShield {
        static final List<String> INSIDE = restorer();
        static final List<String> OUTSIDE = INSIDE.isEmpty() ? List.of() : Procs.onPath("sh")
                .map(sh -> List.of(sh.toString(), "-c", "trap '' TERM; exec \"$@\"", "autoresearch-sandbox"))
                .orElseGet(List::of);

        private static List<String> restorer() {
            Optional<Path> env = Procs.onPath("env");
            if (env.isPresent()) {
                List<String> command = List.of(env.get().toString(), "--default-signal=TERM");
                try {
                    Process probe = new ProcessBuilder(command.get(0), command.get(1), "true")
                            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    probe.getOutputStream().close();
                    if (probe.waitFor(5, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                        return command;
                    }
                    probe.destroyForcibly();
                } catch (IOException e) {
                    // as if it could not
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            LOG.debug("env --default-signal is not available: a sandboxed run gets no grace period at its timeout");
            return List.of();
        }
    }

    /** The GPU device nodes to keep: NVIDIA's ({@code /dev/nvidia*}), DRM's ({@code /dev/dri}) and AMD's ({@code /dev/kfd}). */
    static List<String> gpuDevices() {
        TreeSet<String> found = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(DEV)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith("nvidia") || name.equals("dri") || name.equals("kfd")) {
                    found.add(entry.toString());
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return List.copyOf(found);
    }

    private static Path createdDirectory(Path path) {
        try {
            Files.createDirectories(path);
            return path.toRealPath();
        } catch (IOException e) {
            throw new AutoresearchException("cannot make the sandbox-writable path " + path + " a directory: " + e
                    + "; fix the path in 'sandbox-writable' or create it by hand", e);
        }
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }
}
