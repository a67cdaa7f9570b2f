package dev.autoresearch.runners.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The processes of one run, and how to stop all of them.
 *
 * <p>Several nets find them, because each alone has holes:
 * <ol>
 *   <li>the process group: the child is started through {@code setsid}, so it leads a process group
 *       of its own that its descendants join unless they leave it. The group is signalled as a
 *       whole, which reaches members no other net saw, through the shell's own {@code kill}
 *       ({@code sh -c 'kill -s "$1" -- "-$2"' sh TERM <pgid>}, the values as arguments), since
 *       slim container images often lack the {@code kill} program; and its members are listed
 *       from {@code /proc}, which finds an orphan that cleared its environment after the child
 *       exited;</li>
 *   <li>descendants: {@link ProcessHandle#descendants()} now, plus every descendant seen by the
 *       periodic {@link #snapshot()}, which keeps a process that left the group ({@code setsid},
 *       a daemon) and was reparented when its parent exited;</li>
 *   <li>the run's marker: every process whose environment holds the run's unique
 *       {@code AUTORESEARCH_RUN_ID}, which finds a detached process that no snapshot saw;</li>
 *   <li>the run's cgroup, where the machine gives it one ({@link RunCgroup}): every process in it,
 *       which no process leaves by itself, and {@code cgroup.kill} at SIGKILL time. A process that
 *       only this net found is remembered ({@link #caughtByCgroup()}), to be reported;</li>
 *   <li>the output pipe, on request ({@link #stopOutputHolders}): every process that holds it open,
 *       which finds one that escaped the other nets but still keeps the output from ending.</li>
 * </ol>
 * Where there is no cgroup, what escaped all of them is looked for afterwards ({@link #strays}), to
 * be reported, not stopped.
 * Handles carry their start time, so a pid reused by an unrelated process is never signalled. The
 * group is signalled only while one of its members is a known process of the run, and its members
 * are listed only while its number is not the pid of another process. Where group signalling is
 * unavailable (no {@code setsid}, no {@code sh}, or the shell fails), a warning says so once and
 * the processes the other nets find are stopped one by one.
 */
public final class ProcessTree {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessTree.class);
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    private static final Duration SIGNAL_WAIT = Duration.ofSeconds(2);
    private static final Duration CGROUP_REMOVE_WAIT = Duration.ofSeconds(2);
    private static final long POLL_MILLIS = 50;
    private static final Optional<Path> SHELL = Procs.onPath("sh");
    /** The group signaller's script: the signal and the group id come in as its arguments. */
    private static final String KILL_GROUP = "kill -s \"$1\" -- \"-$2\"";
    private static final AtomicBoolean WARNED_GROUP = new AtomicBoolean();

    /** The ways the processes of a run are found or reached; a tree uses all of them unless a test says otherwise. */
    enum Net {
        /** Signals to the whole process group. */
        GROUP_SIGNAL,
        /** The group's members, listed from {@code /proc}. */
        GROUP_MEMBERS,
        /** Descendants now, and those remembered by {@link #snapshot()}. */
        DESCENDANTS,
        /** Processes whose environment holds the run's marker. */
        MARKER,
        /** The processes in the run's cgroup. */
        CGROUP
    }

    /** The child, for a tree this JVM started; empty for one {@linkplain #foundAgain found again}. */
    private final Optional<Process> process;
    /** The first process of the run, while it is known to be the same process (its start time matches). */
    private final Optional<ProcessHandle> root;
    /** The root's pid, which names the run in logs and numbers its process group. */
    private final long rootPid;
    private final boolean ownGroup;
    private final boolean signalsGroup;
    private final String marker;
    private final Set<Net> nets;
    private final Optional<RunCgroup> cgroup;
    /** When the root started, in the system's clock ticks, for a tree this JVM started. */
    private final OptionalLong rootStartTicks;
    /** The processes only the cgroup found, by pid, in the order found. */
    private final Map<Long, EscapedProcess> caughtByCgroup = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    /** The pipe the run's output goes to, as {@code /proc} names it ({@code pipe:[inode]}). */
    private final Optional<String> outputPipe;
    private final Set<ProcessHandle> seen = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;
    /** Set by {@link #stop} when the stopping thread is interrupted meanwhile; guarded by this. */
    private boolean interruptedAgain;

    /**
     * @param process  the child
     * @param ownGroup true when the child was started as the leader of its own process group
     * @param marker   the {@code NAME=value} environment entry unique to this run
     */
    public ProcessTree(Process process, boolean ownGroup, String marker) {
        this(process, ownGroup, marker, Optional.empty());
    }

    /**
     * @param process  the child
     * @param ownGroup true when the child was started as the leader of its own process group
     * @param marker   the {@code NAME=value} environment entry unique to this run
     * @param cgroup   the run's cgroup, which the child was moved into before it could start anything
     */
    public ProcessTree(Process process, boolean ownGroup, String marker, Optional<RunCgroup> cgroup) {
        this(process, ownGroup, marker, cgroup, EnumSet.allOf(Net.class));
    }

    /** A tree that uses only the given nets, so that a test can show what one of them does alone. */
    ProcessTree(Process process, boolean ownGroup, String marker, Set<Net> nets) {
        this(process, ownGroup, marker, Optional.empty(), nets);
    }

    ProcessTree(Process process, boolean ownGroup, String marker, Optional<RunCgroup> cgroup, Set<Net> nets) {
        this(Optional.of(process), Optional.of(process.toHandle()), process.pid(), ownGroup, marker, cgroup, nets);
    }

    private ProcessTree(Optional<Process> process, Optional<ProcessHandle> root, long rootPid, boolean ownGroup,
                        String marker, Optional<RunCgroup> cgroup, Set<Net> nets) {
        this.process = process;
        this.root = root;
        this.rootPid = rootPid;
        this.ownGroup = ownGroup;
        this.nets = Set.copyOf(nets);
        this.cgroup = this.nets.contains(Net.CGROUP) ? cgroup : Optional.empty();
        this.rootStartTicks = process.isPresent() ? Procs.startTicks(rootPid) : OptionalLong.empty();
        this.signalsGroup = ownGroup && this.nets.contains(Net.GROUP_SIGNAL) && SHELL.isPresent();
        this.marker = marker;
        // the child has just been started, so its standard output is still the pipe
        this.outputPipe = process.isPresent() ? Procs.pipeOf(rootPid, 1) : Optional.empty();
        if (ownGroup && SHELL.isEmpty()) {
            warnGroupOnce("there is no sh on the PATH to signal process groups with");
        }
    }

    /**
     * The run of an earlier JVM, to be stopped: what is left of it is found from its root's pid and
     * start time, its process group (the root's pid, when {@code ownGroup}), its marker and its
     * cgroup. The root counts only while a process with its pid has that start time, so a reused pid
     * is never signalled; the group is listed only while a process known to be of the run is in it.
     *
     * @param rootPid   the pid of the run's first process; empty when the earlier JVM died before it
     *                  knew it, and then the marker and the cgroup find the run
     * @param rootStart that process's start time, as {@link ProcessHandle.Info#startInstant()} gave it;
     *                  empty when it was not known, and then the root is never signalled by its pid
     * @param ownGroup  true when the root was started as the leader of its own process group
     * @param marker    the {@code NAME=value} environment entry unique to the run
     * @param cgroup    the run's cgroup, when it had one that is still there
     */
    public static ProcessTree foundAgain(OptionalLong rootPid, Optional<java.time.Instant> rootStart, boolean ownGroup,
                                         String marker, Optional<RunCgroup> cgroup) {
        long pid = rootPid.orElse(0);
        Optional<ProcessHandle> root = rootPid.isEmpty() ? Optional.empty() : rootStart.flatMap(start ->
                ProcessHandle.of(pid).filter(h -> h.info().startInstant().equals(Optional.of(start))));
        return new ProcessTree(Optional.empty(), root, pid, ownGroup && rootPid.isPresent(), marker, cgroup,
                EnumSet.allOf(Net.class));
    }

    public long pid() {
        return rootPid;
    }

    /**
     * The child. Stop it through this tree, never with {@link Process#destroy()}, which closes its output.
     *
     * @throws IllegalStateException for a tree {@linkplain #foundAgain found again}, which has no child
     */
    public Process process() {
        return process.orElseThrow(() -> new IllegalStateException("the run with pid " + rootPid
                + " was started by another JVM"));
    }

    /**
     * Remembers the current descendants, so that they can be stopped after they are reparented.
     * Best effort: a failure to list processes is logged and the run goes on.
     */
    public void snapshot() {
        if (!nets.contains(Net.DESCENDANTS)) {
            return;
        }
        safely(() -> {
            seen.removeIf(h -> !Procs.isRunning(h));
            root.ifPresent(r -> r.descendants().forEach(seen::add));
        });
    }

    /** Marks the run as cancelled by the host (JVM shutdown), and stops it. */
    public void cancel(Duration grace) {
        cancelled = true;
        stop(grace);
    }

    /** True once {@link #cancel} was called. */
    public boolean cancelled() {
        return cancelled;
    }

    /**
     * Stops every process of the run still running: SIGTERM to the group and to each process, up to
     * {@code grace} for them to end, then SIGKILL to the group and to whatever is left. Every wait
     * is bounded; a second interrupt during the grace period goes straight to SIGKILL.
     *
     * @return what it took; {@link Stop#NOTHING} when nothing was running
     */
    public synchronized Stop stop(Duration grace) {
        Stop stop = stopAll(grace, this::collect);
        cgroup.ifPresent(c -> c.remove(CGROUP_REMOVE_WAIT));
        return stop;
    }

    /** The run's cgroup, when it has one. */
    public Optional<RunCgroup> cgroup() {
        return cgroup;
    }

    /**
     * The processes that only the cgroup found: they had left the process group, dropped the marker
     * and been orphaned (or started from one that had), so that without the cgroup they would have
     * outlived the run.
     */
    public List<EscapedProcess> caughtByCgroup() {
        synchronized (caughtByCgroup) {
            return List.copyOf(caughtByCgroup.values());
        }
    }

    /**
     * Processes still running that started during the run, in {@code directory} or below it, carry
     * no run's marker and were not started by this JVM: most likely ones that escaped every net (where there is no cgroup, or
     * one left it), so they are reported rather than stopped. Call it once the run is stopped; for a
     * tree {@linkplain #foundAgain found again}, without {@code /proc}, or for a run in a cgroup
     * (which only a run as root leaves, and which would cost every run one more look through
     * {@code /proc}), none.
     */
    public List<EscapedProcess> strays(Path directory) {
        if (process.isEmpty() || rootStartTicks.isEmpty() || cgroup.isPresent()) {
            return List.of();
        }
        Path real;
        try {
            real = directory.toRealPath();
        } catch (IOException e) {
            return List.of();
        }
        String variable = marker.substring(0, marker.indexOf('='));
        List<EscapedProcess> strays = new ArrayList<>();
        safely(() -> Procs.startedIn(real, rootStartTicks.getAsLong(), variable).stream()
                .filter(h -> !startedByThisJvm(h))
                .forEach(h -> strays.add(EscapedProcess.of(h))));
        return strays;
    }

    /** True for a process this JVM started (git for another lane, say), which no run left behind. */
    private static boolean startedByThisJvm(ProcessHandle h) {
        ProcessHandle self = ProcessHandle.current();
        Optional<ProcessHandle> parent = h.parent();
        for (int depth = 0; parent.isPresent() && depth < 64; depth++) {
            if (parent.get().equals(self)) {
                return true;
            }
            parent = parent.get().parent();
        }
        return false;
    }

    /**
     * Stops, as {@link #stop} does, the processes that still hold the run's output pipe open: ones
     * that no other net found, having left the group, cleared their environment and been orphaned
     * before any snapshot. Only a process of the run can hold that pipe, since it inherited it.
     * Where {@code /proc} does not tell (or the child had gone before its pipe was seen), nothing.
     *
     * @return what it took; {@link Stop#NOTHING} when no process holds the pipe
     */
    public synchronized Stop stopOutputHolders(Duration grace) {
        if (outputPipe.isEmpty()) {
            return Stop.NOTHING;
        }
        LOG.debug("looking for processes that hold the output of run {} open", rootPid);
        return stopAll(grace, () -> {
            Set<ProcessHandle> holders = new LinkedHashSet<>();
            safely(() -> holders.addAll(Procs.holding(outputPipe.get())));
            return holders;
        });
    }

    private Stop stopAll(Duration grace, Supplier<Set<ProcessHandle>> finder) {
        boolean interrupted = Thread.interrupted();
        interruptedAgain = false;
        try {
            return stopFound(grace, finder);
        } finally {
            if (interrupted || interruptedAgain) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Stop stopFound(Duration grace, Supplier<Set<ProcessHandle>> finder) {
        Set<ProcessHandle> alive = finder.get();
        if (alive.isEmpty()) {
            return Stop.NOTHING;
        }
        int found = alive.size();
        LOG.debug("stopping {} processes of run {}: SIGTERM", found, rootPid);
        Set<ProcessHandle> termed = new LinkedHashSet<>(alive);
        boolean groupSignalled = signalGroup("TERM", alive);
        // members of the group got SIGTERM with it; a second one could cut a graceful shutdown short
        alive.stream().filter(h -> !(groupSignalled && inGroup(h))).forEach(ProcessHandle::destroy);

        boolean hurry = false;
        Deadline graceEnds = Deadline.after(grace);
        while (!alive.isEmpty() && !graceEnds.passed() && !hurry) {
            hurry = pause();
            interruptedAgain |= hurry;
            alive = stillRunning(finder, termed);
            for (ProcessHandle h : alive) {
                if (termed.add(h)) {
                    found++;
                    h.destroy();
                }
            }
        }
        if (alive.isEmpty()) {
            return new Stop(found, 0, List.of());
        }
        int killed = alive.size();
        LOG.debug("{} processes of run {} still running: SIGKILL", killed, rootPid);
        Deadline killWait = Deadline.after(KILL_WAIT);
        while (!alive.isEmpty() && !killWait.passed()) {
            signalGroup("KILL", alive);
            cgroup.ifPresent(RunCgroup::kill);
            alive.forEach(ProcessHandle::destroyForcibly);
            interruptedAgain |= pause();
            alive = stillRunning(finder, termed);
        }
        List<Long> survivors = alive.stream().map(ProcessHandle::pid).collect(Collectors.toList());
        if (!survivors.isEmpty()) {
            LOG.warn("processes {} of the run with pid {} survived SIGKILL", survivors, rootPid);
        }
        return new Stop(found, killed, survivors);
    }

    /**
     * What the finder sees now, and every process signalled so far that has not ended: one that
     * closed its pipe or left the group while dying is still waited for, and killed if need be.
     */
    private static Set<ProcessHandle> stillRunning(Supplier<Set<ProcessHandle>> finder, Set<ProcessHandle> signalled) {
        Set<ProcessHandle> alive = new LinkedHashSet<>(finder.get());
        signalled.stream().filter(Procs::isRunning).forEach(alive::add);
        return alive;
    }

    /** Waits up to {@code timeout} for the child itself to end; true when it has. Interrupts are kept, not obeyed. */
    public boolean awaitRoot(Duration timeout) {
        return waitQuietly(process(), timeout);
    }

    /** Every running process of the run, as far as the nets tell; each net is best effort. */
    Set<ProcessHandle> collect() {
        Set<ProcessHandle> all = new LinkedHashSet<>();
        root.filter(Procs::isRunning).ifPresent(all::add);
        boolean descendants = nets.contains(Net.DESCENDANTS);
        if (descendants) {
            root.ifPresent(r -> safely(() -> r.descendants().forEach(all::add)));
            safely(() -> {
                seen.removeIf(h -> !Procs.isRunning(h));
                all.addAll(seen);
            });
        }
        if (nets.contains(Net.MARKER)) {
            safely(() -> all.addAll(Procs.withEnvironmentEntry(marker)));
        }
        if (ownGroup && nets.contains(Net.GROUP_MEMBERS)) {
            safely(() -> all.addAll(groupMembers()));
        }
        if (descendants) {
            List<ProcessHandle> tops = new ArrayList<>(all);
            root.ifPresent(tops::remove);
            for (ProcessHandle h : tops) {
                safely(() -> h.descendants().forEach(all::add));
            }
        }
        cgroup.ifPresent(c -> safely(() -> {
            for (ProcessHandle h : c.members()) {
                if (all.add(h) && escaped(h, all)) {
                    caughtByCgroup.putIfAbsent(h.pid(), EscapedProcess.of(h));
                }
            }
        }));
        all.removeIf(h -> !Procs.isRunning(h));
        return all;
    }

    /**
     * True for a process of the cgroup that the other nets could not have found: out of the group,
     * without the marker, and not the child of a process they found (one started since they looked).
     */
    private boolean escaped(ProcessHandle h, Set<ProcessHandle> found) {
        return !inGroup(h) && !Procs.hasEnvironmentEntry(h.pid(), marker)
                && h.parent().map(parent -> !found.contains(parent)).orElse(true);
    }

    /**
     * The members of the run's group. Its number is the root's pid, which the system does not give
     * to a new process while the group has members; once another process holds that pid, the group
     * it may lead is not this run's. For a run {@linkplain #foundAgain found again} whose root is
     * gone, the group counts only while a process with the run's marker is in it.
     */
    private List<ProcessHandle> groupMembers() {
        Optional<ProcessHandle> holder = ProcessHandle.of(rootPid);
        if (holder.isPresent() && !holder.equals(root)) {
            return List.of();
        }
        if (root.isEmpty() && Procs.withEnvironmentEntry(marker).stream().noneMatch(this::inGroup)) {
            return List.of();
        }
        return Procs.inProcessGroup(rootPid);
    }

    private void safely(Runnable net) {
        try {
            net.run();
        } catch (RuntimeException e) {
            LOG.debug("could not list some processes of run {}: {}", rootPid, e.toString());
        }
    }

    private boolean inGroup(ProcessHandle h) {
        if (!ownGroup) {
            return false;
        }
        OptionalLong group = Procs.processGroup(h.pid());
        return group.isPresent() && group.getAsLong() == rootPid;
    }

    /**
     * Signals the run's process group, if it has one that still holds one of the given processes
     * (so that a group id reused after the run ended is never signalled). Without {@code /proc},
     * only while the child itself runs.
     *
     * @return true when the shell signalled the group
     */
    private boolean signalGroup(String signal, Set<ProcessHandle> alive) {
        if (!signalsGroup) {
            return false;
        }
        boolean ours = Procs.HAS_PROC ? alive.stream().anyMatch(this::inGroup) : root.filter(Procs::isRunning).isPresent();
        if (!ours) {
            return false;
        }
        List<String> command = groupSignalCommand(SHELL.get(), signal, rootPid);
        try {
            Process kill = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            kill.getOutputStream().close();
            if (!waitQuietly(kill, SIGNAL_WAIT)) {
                kill.destroyForcibly();
                warnGroupOnce("'" + String.join(" ", command) + "' did not finish in " + SIGNAL_WAIT.toSeconds() + "s");
                return false;
            }
            // non-zero when every member ended meanwhile: nothing to warn about
            return kill.exitValue() == 0;
        } catch (IOException e) {
            warnGroupOnce("could not run '" + String.join(" ", command) + "': " + e);
            return false;
        }
    }

    /** The command that sends {@code signal} (a name such as {@code TERM}) to the process group {@code group}. */
    static List<String> groupSignalCommand(Path shell, String signal, long group) {
        return List.of(shell.toString(), "-c", KILL_GROUP, "sh", signal, Long.toString(group));
    }

    private static void warnGroupOnce(String why) {
        if (WARNED_GROUP.compareAndSet(false, true)) {
            LOG.warn("cannot signal the process groups of experiments: {}; their processes are stopped one by one, "
                    + "and one that no other way finds may outlive its run (said once)", why);
        } else {
            LOG.debug("cannot signal a process group: {}", why);
        }
    }

    private static boolean waitQuietly(Process p, Duration timeout) {
        Deadline deadline = Deadline.after(timeout);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return p.waitFor(deadline.remainingNanos(), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Sleeps one poll interval, the whole of it; true when interrupted meanwhile (the flag is cleared). */
    private static boolean pause() {
        Deadline end = Deadline.after(Duration.ofMillis(POLL_MILLIS));
        boolean interrupted = false;
        while (!end.passed()) {
            try {
                TimeUnit.NANOSECONDS.sleep(end.remainingNanos());
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        return interrupted;
    }

    /**
     * What stopping took.
     *
     * @param signalled  processes sent SIGTERM
     * @param killed     processes still running after the grace period, sent SIGKILL
     * @param survivors  pids still running after SIGKILL (normally none)
     */
    public record Stop(int signalled, int killed, List<Long> survivors) {
        public static final Stop NOTHING = new Stop(0, 0, List.of());

        public boolean any() {
            return signalled > 0;
        }
    }
}
