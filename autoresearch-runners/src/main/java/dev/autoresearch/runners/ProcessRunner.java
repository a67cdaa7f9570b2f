package dev.autoresearch.runners;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.Durations;
import dev.autoresearch.core.ExperimentRunner;
import dev.autoresearch.core.RunRequest;
import dev.autoresearch.core.RunResult;
import dev.autoresearch.core.RunTicket;
import dev.autoresearch.runners.internal.BoundedLog;
import dev.autoresearch.runners.internal.Bwrap;
import dev.autoresearch.runners.internal.Deadline;
import dev.autoresearch.runners.internal.EscapedProcess;
import dev.autoresearch.runners.internal.LiveTrees;
import dev.autoresearch.runners.internal.LogLimits;
import dev.autoresearch.runners.internal.LogLines;
import dev.autoresearch.runners.internal.OutputPump;
import dev.autoresearch.runners.internal.ProcessTicket;
import dev.autoresearch.runners.internal.ProcessTree;
import dev.autoresearch.runners.internal.Procs;
import dev.autoresearch.runners.internal.RunCgroup;
import dev.autoresearch.runners.internal.StartGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Runs experiments as child processes, and makes sure that nothing of them outlives the run.
 *
 * <p><b>The command.</b> A command line from program.md reaches this runner as
 * {@link dev.autoresearch.core.Command#shell}, that is {@code sh -c '<line>'}: pipes, {@code &&}
 * and {@code $VARIABLES} work as in a terminal. A host can pass an argument list instead
 * ({@link dev.autoresearch.core.Command#of}), which runs as is, with no shell. It runs in the
 * request's working directory, with its standard input closed (a program that reads it sees the end
 * at once rather than waiting for the timeout). Its environment is the JVM's, then the runner's
 * {@linkplain Builder#environment variables}, then the request's variables (program.md's
 * {@code env}, and the loop's {@code AUTORESEARCH_TAG}, {@code AUTORESEARCH_EXPERIMENT} and
 * {@code AUTORESEARCH_REPEAT}); each later one wins. The {@linkplain Builder#devices GPU device ids}
 * win over all of them for {@link #DEVICE_VARIABLES}: a runner that owns a GPU keeps it even when
 * program.md names another (a warning says so, once per runner). {@value #RUN_ID_VARIABLE} is set
 * to an id unique to the run. Other variables per experiment come from wrapping the runner: an
 * {@link ExperimentRunner} that adds them to the request and calls this one.
 *
 * <p><b>The output.</b> Standard output and standard error share one pipe, so the log holds them
 * interleaved in the order they were written. It streams to the request's log file while the run
 * goes on, in bounded memory. Past the {@linkplain Builder#outputCap output cap} the middle is
 * dropped: the file keeps the beginning and the {@linkplain Builder#keepTail last bytes} (where
 * summaries and metrics are printed), with a marker line between them saying how much was dropped,
 * and the pipe keeps being drained so that the program never blocks on it. Lines that the runner
 * adds (a timeout, processes stopped) start with {@code [autoresearch:}.
 *
 * <p><b>Stopping.</b> At the timeout, when the calling thread is interrupted, and when the JVM exits
 * (a shutdown hook), the whole process tree gets SIGTERM, and after the
 * {@linkplain Builder#gracePeriod grace period} SIGKILL goes to whatever is left. When the command
 * exits by itself, whatever it left running is stopped the same way, so that nothing outlives an
 * experiment and a leftover process holding the pipe cannot hold up the run. The tree is found
 * four ways: the child is started through {@code setsid} (where installed) as the leader of its
 * own process group, which is signalled as a whole (with the shell's {@code kill}) and whose members
 * are listed (on Linux) even after the child exited; its descendants are listed periodically, so
 * that a process that left the group and was orphaned is remembered; every process whose
 * environment holds the run's {@value #RUN_ID_VARIABLE} belongs to it (on Linux); and, where the
 * machine allows it (cgroup v2 with {@code cgroup.kill}, a hierarchy this user may write), the run
 * has a cgroup of its own, which nothing it starts leaves by itself and which is killed whole. Should
 * the output still not end once they are stopped, whatever holds the output pipe open is stopped too
 * (on Linux), so that no escaped process keeps the thread that reads it waiting. A process that
 * only the cgroup found, and, for a run without a cgroup, one that escaped every net (still running
 * afterwards, started during the run in its directory, without a run id), are named by pid and
 * command line in a warning and
 * in the log's notes; the latter is left running, since nothing proves it is the run's. Every wait
 * is bounded. A consequence of the own process group: a Ctrl-C in the terminal reaches the JVM,
 * whose shutdown hook stops the experiment, rather than the experiment directly.
 *
 * <p><b>Found again.</b> A run is described to {@link RunRequest#onStarted()} by a {@link RunTicket}
 * of kind {@value #TICKET_KIND} twice: before its process exists, with the run id (and its cgroup),
 * and once started, with the child's pid and start time and whether it leads its own process group.
 * The child waits at a start gate meanwhile, and runs the command only when the runner releases it,
 * after the second ticket was taken and once its output is being read; a gate whose input ends
 * unreleased (the JVM died) runs nothing. Should the JVM die with the run in flight (a killed
 * session), {@link #reattach} stops what is left of it from the last ticket.
 *
 * <p><b>The sandbox</b> ({@link Builder#sandbox}, off by default) runs the command under bubblewrap
 * ({@code bwrap}): the file system is read-only but for the worktree, a private {@code /tmp} and the
 * sandbox's writable paths; {@code /dev} is a minimal one with the GPU devices
 * ({@code /dev/nvidia*}, {@code /dev/dri}, {@code /dev/kfd}) bound in; every capability is dropped;
 * the run has a process-id namespace of its own, so that whatever it left running dies when its
 * command ends and it can neither see nor signal other processes; and it dies with its runner
 * ({@code --die-with-parent}). The network and reading files are not confined.
 *
 * <p><b>The result</b> is data whatever happens: the exit code (128 + the signal for a process
 * ended by a signal), the duration, whether it timed out, was ended by a signal or was interrupted,
 * the log file and its last lines. "Ended by a signal" ({@link RunResult#killed()}) is read from an
 * exit code of 129 to 192, the way {@code sh -c} reports a signal that ended its command, so a
 * program that itself calls {@code exit 137} reads as killed too. A program that cannot be started
 * gives exit code 127 and says why in its log; once the JVM is shutting down nothing is started, and
 * the result is interrupted with exit code -1. Only a missing working directory or a log file that cannot be written throw an
 * {@link AutoresearchException}.
 *
 * <p>This runner uses {@link ProcessBuilder} rather than commons-exec: one pipe for both streams
 * ({@code redirectErrorStream}) keeps their order, which two pump threads on two pipes cannot;
 * commons-exec's watchdog ends only the direct child, and its stream handler would need the same
 * bounded log and tree kill written around it anyway. Durations are measured on the monotonic clock
 * ({@link System#nanoTime()}), since the processes run in real time.
 *
 * <p>Its settings are immutable and it is thread-safe: one runner can serve several loops or
 * parallel workers.
 *
 * <pre>{@code
 * ExperimentRunner runner = ProcessRunner.builder()
 *         .gracePeriod(Duration.ofSeconds(30))
 *         .devices(List.of("1"))
 *         .environment("PYTHONUNBUFFERED", "1")
 *         .build();
 * }</pre>
 */
public final class ProcessRunner implements ExperimentRunner {
    /** The output a log holds before its middle is dropped: 256 MiB. */
    public static final long DEFAULT_OUTPUT_CAP = 256L * 1024 * 1024;
    /** The end of the output kept past the cap: 1 MiB. */
    public static final long DEFAULT_KEEP_TAIL = 1024L * 1024;
    /** The time between SIGTERM and SIGKILL: 10 seconds. */
    public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(10);
    /** The lines of the end of the log in {@link RunResult#logTail()}: 30. */
    public static final int DEFAULT_TAIL_LINES = 30;
    /** The environment variable that holds the run's unique id, in every process of the run. */
    public static final String RUN_ID_VARIABLE = "AUTORESEARCH_RUN_ID";
    /**
     * The variables that receive the device ids: CUDA's and HIP's, which both number the GPUs the
     * process can see. Not {@code ROCR_VISIBLE_DEVICES}: see {@link Builder#devices}.
     */
    public static final List<String> DEVICE_VARIABLES = List.of("CUDA_VISIBLE_DEVICES", "HIP_VISIBLE_DEVICES");
    /** The {@linkplain RunTicket#runner() kind} of the tickets this runner gives and takes back. */
    public static final String TICKET_KIND = ProcessTicket.KIND;

    private static final Logger LOG = LoggerFactory.getLogger(ProcessRunner.class);
    private static final long SNAPSHOT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final Duration ROOT_WAIT = Duration.ofSeconds(5);
    /** How long the output may take to end once the run's processes are stopped, before its holders are looked for. */
    private static final Duration FIRST_DRAIN_WAIT = Duration.ofMillis(500);
    private static final Duration DRAIN_WAIT = Duration.ofSeconds(3);

    private final long outputCap;
    private final long keepTail;
    private final Duration gracePeriod;
    private final List<String> devices;
    private final Map<String, String> environment;
    private final int tailLines;
    private final Optional<Sandbox> sandbox;
    /** Present exactly when {@link #sandbox} is. */
    private final Optional<Bwrap> bwrap;
    /** Set once the warning about a request's device variable losing to the devices was logged. */
    private final AtomicBoolean warnedOverride = new AtomicBoolean();

    /** A runner with the defaults: 256 MiB output cap, 1 MiB kept tail, 10 s grace, 30 tail lines. */
    public ProcessRunner() {
        this(builder());
    }

    private ProcessRunner(Builder b) {
        this.outputCap = b.outputCap;
        this.keepTail = b.keepTail;
        this.gracePeriod = b.gracePeriod;
        this.devices = List.copyOf(b.devices);
        this.environment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.environment));
        this.tailLines = b.tailLines;
        this.sandbox = b.sandbox;
        this.bwrap = b.sandbox.map(s -> Bwrap.locate(Procs.onPath("bwrap")));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this runner's settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.outputCap = outputCap;
        b.keepTail = keepTail;
        b.gracePeriod = gracePeriod;
        b.devices = devices;
        b.environment.putAll(environment);
        b.tailLines = tailLines;
        b.sandbox = sandbox;
        return b;
    }

    public long outputCap() {
        return outputCap;
    }

    public long keepTail() {
        return keepTail;
    }

    public Duration gracePeriod() {
        return gracePeriod;
    }

    public List<String> devices() {
        return devices;
    }

    public Map<String, String> environment() {
        return environment;
    }

    public int tailLines() {
        return tailLines;
    }

    /** The confinement of the runs, when they are confined. */
    public Optional<Sandbox> sandbox() {
        return sandbox;
    }

    /** True when built with a {@link Builder#sandbox sandbox}. */
    @Override
    public boolean confinesRuns() {
        return sandbox.isPresent();
    }

    /**
     * Runs the command to its end, its timeout or an interrupt, and stops every process it started.
     *
     * @throws AutoresearchException when the working directory does not exist or the log file
     *                               cannot be written
     */
    @Override
    public RunResult run(RunRequest request) {
        Objects.requireNonNull(request, "request");
        Path directory = request.workingDirectory();
        String display = request.command().display();
        if (!Files.isDirectory(directory)) {
            throw new AutoresearchException("cannot run '" + display + "': the working directory "
                    + directory + " does not exist or is not a directory");
        }
        BoundedLog log;
        try {
            log = BoundedLog.open(request.log(), outputCap, (int) keepTail);
        } catch (IOException e) {
            throw new AutoresearchException("cannot write the log file " + request.log() + " for '" + display
                    + "': " + e + "; check that its directory is writable and the disk has room", e);
        }

        String runId = UUID.randomUUID().toString();
        List<String> launcher = Procs.groupLauncher();
        List<String> arguments = new ArrayList<>(launcher);
        arguments.addAll(StartGate.prefix());
        if (bwrap.isPresent()) {
            arguments.addAll(bwrap.get().prefix(directory, sandbox.get().writable()));
        }
        arguments.addAll(request.command().arguments());
        ProcessBuilder builder = new ProcessBuilder(arguments)
                .directory(directory.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.putAll(environment);
        env.putAll(request.environment());
        putDevices(env, request.environment(), request.devices().isEmpty() ? devices : request.devices());
        env.put(RUN_ID_VARIABLE, runId);

        long start = System.nanoTime();
        Instant startedAt = Instant.now();
        Deadline deadline = Deadline.after(request.timeout());
        boolean ownGroup = !launcher.isEmpty();
        String marker = RUN_ID_VARIABLE + "=" + runId;
        Optional<RunCgroup> cgroup = RunCgroup.create(runId);
        ProcessTicket ticket = ProcessTicket.before(runId, cgroup.map(RunCgroup::path));
        try {
            // before anything of the run exists: a loop that dies from here on leaves a run it can find
            request.onStarted().accept(ticket.toRunTicket());
        } catch (RuntimeException e) {
            cgroup.ifPresent(c -> c.remove(Duration.ZERO));
            log.finish(List.of("[autoresearch: not started: the run could not be recorded: " + e.getMessage() + "]"));
            throw e;
        }
        Optional<ProcessTree> started;
        try {
            started = LiveTrees.start(() -> startInCgroup(builder, ownGroup, marker, cgroup), gracePeriod);
        } catch (IOException e) {
            cgroup.ifPresent(c -> c.remove(Duration.ZERO));
            String note = "[autoresearch: could not start '" + display + "': " + e.getMessage() + "]";
            log.finish(List.of(note));
            LOG.warn("could not start '{}' in {}: {}", display, directory, e.toString());
            return new RunResult(127, startedAt, Duration.ofNanos(System.nanoTime() - start), false, false, false,
                    directory, request.log(), note);
        } catch (RuntimeException e) {
            cgroup.ifPresent(c -> c.remove(Duration.ZERO));
            log.finish(List.of("[autoresearch: could not start '" + display + "': " + e + "]"));
            throw e;
        }
        if (started.isEmpty()) {
            cgroup.ifPresent(c -> c.remove(Duration.ZERO));
            String note = "[autoresearch: '" + display + "' was not started: the JVM is shutting down]";
            log.finish(List.of(note));
            return new RunResult(-1, startedAt, Duration.ZERO, false, false, true, directory, request.log(), note);
        }
        ProcessTree tree = started.get();
        Process process = tree.process();
        LOG.debug("started '{}' as pid {} in {}", display, process.pid(), directory);
        ProcessTicket startedTicket = ticket.started(process, ownGroup);
        try {
            // still held at its start gate: the command runs only once this ticket is recorded
            request.onStarted().accept((tree.cgroup().isPresent() ? startedTicket : startedTicket.withoutCgroup())
                    .toRunTicket());
        } catch (RuntimeException e) {
            // the host could not record how to find the run again: it must not run unrecorded
            try {
                tree.stop(Duration.ZERO);
            } finally {
                LiveTrees.unregister(tree);
                log.finish(List.of("[autoresearch: stopped: the run could not be recorded: " + e.getMessage() + "]"));
            }
            throw e;
        }
        // released from its start gate once the output is being read
        OutputPump pump = OutputPump.start(process.getInputStream(), log, "autoresearch-output-" + process.pid(),
                () -> StartGate.release(process));

        boolean timedOut = false;
        boolean interrupted = false;
        try {
            while (true) {
                long left = deadline.remainingNanos();
                if (left == 0) {
                    timedOut = true;
                    break;
                }
                if (process.waitFor(Math.min(left, SNAPSHOT_NANOS), TimeUnit.NANOSECONDS)) {
                    break;
                }
                tree.snapshot();
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        Duration until = Duration.ofNanos(System.nanoTime() - start);
        boolean exitedByItself = !timedOut && !interrupted;
        ProcessTree.Stop stop;
        ProcessTree.Stop holders = ProcessTree.Stop.NOTHING;
        boolean ended;
        boolean drained;
        Duration duration;
        try {
            stop = tree.stop(gracePeriod);
            ended = tree.awaitRoot(ROOT_WAIT);
            duration = Duration.ofNanos(System.nanoTime() - start);
            drained = pump.await(FIRST_DRAIN_WAIT);
            if (!drained) {
                // something the nets missed holds the pipe, and with it the output thread
                holders = tree.stopOutputHolders(gracePeriod);
                drained = pump.await(DRAIN_WAIT);
            }
        } finally {
            LiveTrees.unregister(tree);
        }
        boolean threadInterrupted = interrupted;
        interrupted |= tree.cancelled();

        int exitCode = ended ? process.exitValue() : 128 + 9;
        boolean killed = exitCode > 128 && exitCode <= 128 + 64;
        List<String> notes = notes(exitedByItself && !interrupted, timedOut, interrupted, until,
                request.timeout(), exitCode, stop, holders, drained);
        notes.addAll(escapes(display, tree.caughtByCgroup(), tree.strays(directory)));
        BoundedLog.Summary summary = log.finish(notes);
        if (log.failure().isPresent()) {
            IOException failure = log.failure().get();
            throw new AutoresearchException("could not write the log file " + request.log() + " of '" + display
                    + "': " + failure + "; check that the disk has room", failure);
        }
        if (summary.dropped() > 0) {
            LOG.info("'{}' wrote {}; {} were dropped from the middle of {}", display,
                    BoundedLog.size(summary.total()), BoundedLog.size(summary.dropped()), request.log());
        }
        String tail;
        try {
            tail = LogLines.tail(request.log(), tailLines);
        } catch (IOException e) {
            tail = "[autoresearch: could not read the log file " + request.log() + ": " + e.getMessage() + "]";
        }
        RunResult result = new RunResult(exitCode, startedAt, duration, timedOut, killed, interrupted, directory,
                request.log(), tail);
        LOG.debug("'{}' (pid {}): {}", display, process.pid(), result.describe());
        if (threadInterrupted) {
            Thread.currentThread().interrupt();
        }
        return result;
    }

    /**
     * Stops whatever is left of a run that a JVM now gone started (a killed session), and returns
     * empty: a local run cannot be waited for from another JVM, so the loop runs it again. The run is
     * found from its ticket as at a timeout (its process group, its descendants, every process with
     * its {@value #RUN_ID_VARIABLE}) and stopped the same way, SIGTERM, the grace period, SIGKILL. A
     * process that now has the run's pid but another start time is another program and is left
     * alone, and so is the group it may lead. A ticket of another kind of runner is ignored.
     *
     * @throws AutoresearchException when the ticket is a process ticket without a pid or a run id
     */
    @Override
    public Optional<RunResult> reattach(RunRequest request, RunTicket ticket) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(ticket, "ticket");
        if (!ticket.runner().equals(TICKET_KIND)) {
            LOG.debug("ignoring a ticket of a '{}' runner: this runner gives '{}' tickets", ticket.runner(), TICKET_KIND);
            return Optional.empty();
        }
        ProcessTicket found = ProcessTicket.from(ticket);
        String run = found.pid().isPresent() ? "pid " + found.pid().getAsLong() : "run id " + found.runId();
        ProcessTree tree = ProcessTree.foundAgain(found.pid(), found.start(), found.ownGroup(),
                RUN_ID_VARIABLE + "=" + found.runId(), found.cgroup().flatMap(RunCgroup::existing));
        ProcessTree.Stop stop = tree.stop(gracePeriod);
        if (stop.any()) {
            LOG.info("'{}' of experiment {} was still running from a session that ended abruptly ({}): {}",
                    request.command().display(), request.experiment(), run, describe(stop));
        } else {
            LOG.debug("nothing of the run with {} is running any more", run);
        }
        if (!stop.survivors().isEmpty()) {
            throw new AutoresearchException("processes " + stop.survivors() + " of the earlier run of '"
                    + request.command().display() + "' survived SIGKILL; stop them before resuming the session");
        }
        return Optional.empty();
    }

    /**
     * Starts the process and moves it into the run's cgroup while it waits at its start gate, so
     * that everything it starts is in it too; a cgroup it cannot be moved into is dropped.
     */
    private static ProcessTree startInCgroup(ProcessBuilder builder, boolean ownGroup, String marker,
                                             Optional<RunCgroup> cgroup) throws IOException {
        Process process = builder.start();
        Optional<RunCgroup> entered = cgroup.filter(c -> c.enter(process.pid()));
        if (cgroup.isPresent() && entered.isEmpty()) {
            cgroup.get().remove(Duration.ZERO);
        }
        return new ProcessTree(process, ownGroup, marker, entered);
    }

    /** The lines, and warnings, for processes that got away from the nets that need no privilege. */
    private static List<String> escapes(String display, List<EscapedProcess> caught, List<EscapedProcess> strays) {
        List<String> notes = new ArrayList<>();
        for (EscapedProcess p : caught) {
            LOG.warn("process {} of '{}' had left its process group, dropped {} and been orphaned; "
                    + "the run's cgroup caught it", p, display, RUN_ID_VARIABLE);
            notes.add("[autoresearch: process " + p + " had left the run's process group, dropped its "
                    + RUN_ID_VARIABLE + " and been orphaned; stopped through the run's cgroup]");
        }
        for (EscapedProcess p : strays) {
            LOG.warn("process {} started during '{}' in its directory and still runs: it escaped every way of "
                    + "finding the run's processes, so it was left alone; stop it by hand", p, display);
            notes.add("[autoresearch: process " + p + " started during the run in its directory and still runs: "
                    + "it escaped every net and was left alone; stop it by hand]");
        }
        return notes;
    }

    /** Exports the devices, over whatever the request said for the same variables. */
    private void putDevices(Map<String, String> env, Map<String, String> requested, List<String> devices) {
        if (devices.isEmpty()) {
            return;
        }
        String ids = String.join(",", devices);
        for (String name : DEVICE_VARIABLES) {
            String asked = requested.get(name);
            if (asked != null && !asked.equals(ids)) {
                // one warning is enough: program.md's env is the same for every experiment
                if (warnedOverride.compareAndSet(false, true)) {
                    LOG.warn("the run sets {}={}, but this runner owns the devices {}: {} is set to {} "
                            + "(remove it from program.md's env; said once per runner)", name, asked, devices, name, ids);
                } else {
                    LOG.debug("{}={} of the run replaced by the runner's devices {}", name, asked, ids);
                }
            }
            env.put(name, ids);
        }
    }

    private List<String> notes(boolean exitedByItself, boolean timedOut, boolean interrupted, Duration until,
            Duration timeout, int exitCode, ProcessTree.Stop stop, ProcessTree.Stop holders, boolean drained) {
        List<String> notes = new ArrayList<>();
        String stopped = stop.any() ? "; " + describe(stop) : "";
        if (interrupted) {
            notes.add("[autoresearch: interrupted after " + Durations.format(until) + stopped + "]");
        } else if (timedOut) {
            notes.add("[autoresearch: timed out at the " + Durations.format(timeout) + " limit" + stopped + "]");
        } else if (exitedByItself && stop.any()) {
            notes.add("[autoresearch: the command exited with code " + exitCode + " but left processes running"
                    + stopped + "]");
        }
        if (holders.any()) {
            notes.add("[autoresearch: " + (holders.signalled() == 1 ? "1 process" : holders.signalled() + " processes")
                    + " that had left the run still held its output open; " + describe(holders) + "]");
        }
        List<Long> survivors = new ArrayList<>(stop.survivors());
        survivors.addAll(holders.survivors());
        if (!survivors.isEmpty()) {
            notes.add("[autoresearch: processes " + survivors.stream().map(String::valueOf)
                    .collect(Collectors.joining(", ")) + " were still running after SIGKILL]");
        }
        if (!drained) {
            notes.add("[autoresearch: stopped reading the output " + Durations.format(DRAIN_WAIT)
                    + " after the run ended: a process outside the run still holds it open]");
        }
        return notes;
    }

    private String describe(ProcessTree.Stop stop) {
        String processes = stop.signalled() == 1 ? "1 process" : stop.signalled() + " processes";
        if (stop.killed() == 0) {
            return "stopped " + processes + " with SIGTERM";
        }
        return "stopped " + processes + " with SIGTERM, then " + stop.killed() + " with SIGKILL after the "
                + Durations.format(gracePeriod) + " grace period";
    }

    @Override
    public String toString() {
        return "ProcessRunner[outputCap=" + BoundedLog.size(outputCap) + ", keepTail=" + BoundedLog.size(keepTail)
                + ", gracePeriod=" + Durations.format(gracePeriod) + ", devices=" + devices
                + ", environment=" + environment.keySet() + ", tailLines=" + tailLines
                + sandbox.map(s -> ", sandbox=" + s.writable()).orElse("") + "]";
    }

    /** Settings for a {@link ProcessRunner}; each setter checks its argument, {@link #build()} checks the combination. */
    public static final class Builder {
        private long outputCap = DEFAULT_OUTPUT_CAP;
        private long keepTail = DEFAULT_KEEP_TAIL;
        private Duration gracePeriod = DEFAULT_GRACE_PERIOD;
        private List<String> devices = List.of();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private int tailLines = DEFAULT_TAIL_LINES;
        private Optional<Sandbox> sandbox = Optional.empty();

        private Builder() {
        }

        /**
         * The most output a log file holds (the marker line aside); past it the middle of the output
         * is dropped. Default 256 MiB.
         */
        public Builder outputCap(long bytes) {
            this.outputCap = LogLimits.outputCap(bytes);
            return this;
        }

        /**
         * How much of the end of the output is kept once it passes the cap, held in memory while the
         * run goes on. At most 64 MiB and less than the output cap. Default 1 MiB.
         */
        public Builder keepTail(long bytes) {
            this.keepTail = LogLimits.keepTail(bytes);
            return this;
        }

        /**
         * The time processes get between SIGTERM and SIGKILL, to save their work and exit. Zero sends
         * SIGKILL right after SIGTERM. Default 10 seconds.
         */
        public Builder gracePeriod(Duration grace) {
            Objects.requireNonNull(grace, "grace");
            if (grace.isNegative()) {
                throw new IllegalArgumentException("gracePeriod must not be negative, got " + grace);
            }
            this.gracePeriod = grace;
            return this;
        }

        /**
         * The GPU device ids the runs may use, such as {@code "0"} or {@code "GPU-5f1c..."}: exported,
         * comma-joined, as {@code CUDA_VISIBLE_DEVICES} and {@code HIP_VISIBLE_DEVICES}, over any
         * value the runner's or the request's variables give them. Both number the devices the
         * process can see. {@code ROCR_VISIBLE_DEVICES} is not set: on AMD the ROCr runtime applies
         * it first and HIP then numbers only the devices it left, so the same ids in both would
         * select other devices or none ({@code ["1"]} in both leaves one device, which HIP calls 0,
         * and HIP's 1 then finds nothing). An inherited {@code ROCR_VISIBLE_DEVICES}, such as a
         * scheduler's allocation, is kept, and the ids then number the devices within it. Empty (the
         * default) leaves the variables as inherited.
         */
        public Builder devices(List<String> ids) {
            Objects.requireNonNull(ids, "ids");
            for (String id : ids) {
                Objects.requireNonNull(id, "device id");
                if (id.isBlank() || id.contains(",") || !id.equals(id.strip())) {
                    throw new IllegalArgumentException(
                            "a device id must be non-blank, without commas or surrounding spaces, got '" + id + "'");
                }
            }
            if (ids.stream().distinct().count() != ids.size()) {
                throw new IllegalArgumentException("device ids must be distinct, got " + ids);
            }
            this.devices = List.copyOf(ids);
            return this;
        }

        /** An environment variable for every run; a request's own variables win over it. */
        public Builder environment(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
                throw new IllegalArgumentException(
                        "an environment variable name must be non-empty, without '=' or NUL, got '" + name + "'");
            }
            if (value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("the value of " + name + " contains a NUL character");
            }
            if (name.equals(RUN_ID_VARIABLE)) {
                throw new IllegalArgumentException(RUN_ID_VARIABLE + " is set by the runner for each run");
            }
            environment.put(name, value);
            return this;
        }

        /** How many of the last lines of the log {@link RunResult#logTail()} holds, 0 to 1000. Default 30. */
        public Builder tailLines(int lines) {
            this.tailLines = LogLimits.tailLines(lines);
            return this;
        }

        /**
         * Confines the runs to their worktree, a private {@code /tmp} and the sandbox's writable
         * paths, under bubblewrap; empty (the default) runs them unconfined. {@link #build()} fails
         * when {@code bwrap} is not installed.
         */
        public Builder sandbox(Optional<Sandbox> sandbox) {
            this.sandbox = Objects.requireNonNull(sandbox, "sandbox");
            return this;
        }

        /** Confines the runs: {@code sandbox(Optional.of(sandbox))}. */
        public Builder sandbox(Sandbox sandbox) {
            return sandbox(Optional.of(Objects.requireNonNull(sandbox, "sandbox")));
        }

        /**
         * @throws AutoresearchException when a sandbox is asked for and {@code bwrap} is not on the
         *                               {@code PATH}, naming the package to install
         * @throws IllegalStateException when the kept tail is not smaller than the output cap, or
         *                               when the runner's variables set a device variable that
         *                               the devices would replace
         */
        public ProcessRunner build() {
            LogLimits.tailUnderCap(keepTail, outputCap);
            if (!devices.isEmpty()) {
                for (String name : DEVICE_VARIABLES) {
                    if (environment.containsKey(name)) {
                        throw new IllegalStateException("the environment sets " + name + "=" + environment.get(name)
                                + " and devices " + devices + " are given, which set it too; keep one of them");
                    }
                }
            }
            return new ProcessRunner(this);
        }
    }
}
