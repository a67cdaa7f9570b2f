package dev.autoresearch.runners.internal.slurm;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.Durations;
import dev.autoresearch.core.RunRequest;
import dev.autoresearch.core.RunResult;
import dev.autoresearch.core.RunTicket;
import dev.autoresearch.runners.internal.BoundedLog;
import dev.autoresearch.runners.internal.LogLines;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run as Slurm jobs: submits the job, follows its output into the log, stops it at the timeout
 * or an interrupt, submits it again when the cluster failed it, and reads its result. Also picks up
 * a job that a loop now dead submitted ({@link #reattach}).
 */
public final class SlurmJobRun {
    /** The ticket kind of this runner. */
    public static final String KIND = "slurm";
    static final String JOB = "job";
    static final String SUBMITTED = "submitted";
    static final String ATTEMPT = "attempt";

    private static final Logger LOG = LoggerFactory.getLogger(SlurmJobRun.class);
    /** How long a job just submitted may be unknown to the controller before it counts as vanished. */
    private static final Duration UNKNOWN_GRACE = Duration.ofSeconds(30);
    /** How long the end of the output and the status file may take to show up on shared storage. */
    private static final Duration SETTLE = Duration.ofSeconds(3);
    /** After the cancel, how long the job may take to leave the queue. */
    private static final Duration LEAVE_WAIT = Duration.ofSeconds(90);

    private enum Stop { NONE, TIMEOUT, INTERRUPT }

    private final SlurmClient client;
    private final JobSettings settings;
    private final RunRequest request;
    private final BoundedLog log;
    private final JobFiles files;
    private final List<String> notes = new ArrayList<>();
    private boolean interruptSeen;
    private boolean controllerAway;

    private String jobId;
    private int attempt;
    private Instant submitted;
    private OutputFollower output;

    private SlurmJobRun(SlurmClient client, JobSettings settings, RunRequest request) {
        this.client = client;
        this.settings = settings;
        this.request = request;
        this.files = new JobFiles(request.log());
        try {
            this.log = BoundedLog.open(request.log(), settings.outputCap(), settings.keepTail());
        } catch (IOException e) {
            throw new AutoresearchException("cannot write the log file " + request.log() + " for '"
                    + request.command().display() + "': " + e + "; check that its directory is writable", e);
        }
    }

    /** Submits the request's job and waits for its result, submitting again when the cluster fails it. */
    public static RunResult run(SlurmClient client, JobSettings settings, RunRequest request) {
        if (!Files.isDirectory(request.workingDirectory())) {
            throw new AutoresearchException("cannot run '" + request.command().display() + "': the working directory "
                    + request.workingDirectory() + " does not exist or is not a directory");
        }
        SlurmJobRun run = new SlurmJobRun(client, settings, request);
        try {
            run.submit(1);
        } catch (RuntimeException e) {
            run.log.finish(List.of("[autoresearch: " + e.getMessage() + "]"));
            throw e;
        }
        return run.watch();
    }

    /** Finds the ticket's job: waits for it or reads its result; empty when nothing of it can be had. */
    public static Optional<RunResult> reattach(SlurmClient client, JobSettings settings, RunRequest request,
                                               RunTicket ticket) {
        if (!ticket.runner().equals(KIND) || ticket.get(JOB).isEmpty()) {
            return Optional.empty();
        }
        String id = ticket.get(JOB).get();
        SlurmJobRun run = new SlurmJobRun(client, settings, request);
        run.jobId = id;
        run.attempt = ticket.get(ATTEMPT).map(Integer::parseInt).orElse(1);
        run.submitted = ticket.get(SUBMITTED).map(Instant::parse).orElse(Instant.now());
        run.output = new OutputFollower(run.files.output(id), run.log);
        Optional<JobInfo> info = run.queryQuietly();
        if (info.isEmpty() && run.readStatus().isEmpty()) {
            // the controller forgot it and it left no status: nothing of it can be had, nothing runs
            run.log.finish(List.of("[autoresearch: job " + id + " is unknown to Slurm and left no result]"));
            LOG.info("job {} of experiment {} is gone without a result; it runs again", id, request.experiment());
            return Optional.empty();
        }
        LOG.info("found job {} of experiment {} again ({})", id, request.experiment(),
                info.map(JobInfo::describe).orElse("finished"));
        run.notes.add("[autoresearch: picked up job " + id + " again after the loop restarted]");
        LiveJobs.register(client, id, settings.gracePeriod());
        return Optional.of(run.watch());
    }

    private void submit(int attempt) {
        this.attempt = attempt;
        Path script = files.script();
        String status = files.statusPattern();
        try {
            Files.writeString(script, JobScript.text(request.command().arguments(), request.workingDirectory(), status),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AutoresearchException("cannot write the job script " + script + ": " + e.getMessage(), e);
        }
        List<String> options = new ArrayList<>();
        options.add("--job-name=" + jobName());
        options.add("--chdir=" + request.workingDirectory());
        options.add("--output=" + files.outputPattern());
        options.add("--open-mode=truncate");
        options.add("--no-requeue"); // a job the cluster failed is submitted again by the runner, which says so
        options.add("--export=ALL");
        options.add("--time=" + SlurmTime.format(settings.timeLimit()
                .orElse(request.timeout().plus(settings.timeMargin()))));
        options.addAll(settings.options());
        Map<String, String> environment = new LinkedHashMap<>(settings.environment());
        environment.putAll(request.environment());
        jobId = client.submit(options, script.toString(), environment);
        LiveJobs.register(client, jobId, settings.gracePeriod());
        submitted = Instant.now();
        output = new OutputFollower(files.output(jobId), log);
        LOG.debug("experiment {} lane {}: job {} submitted (attempt {})", request.experiment(), request.lane(),
                jobId, attempt);
        request.onStarted().accept(new RunTicket(KIND, Map.of(JOB, jobId, SUBMITTED, submitted.toString(),
                ATTEMPT, Integer.toString(attempt))));
    }

    private String jobName() {
        String tag = request.environment().getOrDefault("AUTORESEARCH_TAG", "run");
        String kind = request.purpose() == RunRequest.Purpose.CHECKS ? "checks" : "exp";
        return "autoresearch-" + tag.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + kind + request.experiment()
                + "-lane" + request.lane();
    }

    private RunResult watch() {
        while (true) {
            JobOutcome outcome = watchOne();
            if (!outcome.infrastructure()) {
                return finish(outcome);
            }
            String why = "job " + jobId + " " + outcome.why();
            cleanUp();
            if (attempt >= settings.maxAttempts()) {
                notes.add("[autoresearch: " + why + "; the cluster failed all " + attempt
                        + " attempts, so the experiment counts as crashed]");
                return finish(new JobOutcome(-1, false, false, Optional.empty(), null));
            }
            String note = "[autoresearch: " + why + ", which the cluster caused; submitting it again (attempt "
                    + (attempt + 1) + " of " + settings.maxAttempts() + ")]";
            LOG.info("experiment {} lane {}: {}", request.experiment(), request.lane(), note);
            writeLine(note);
            try {
                submit(attempt + 1);
            } catch (RuntimeException e) {
                log.finish(List.of("[autoresearch: " + e.getMessage() + "]"));
                throw e;
            }
        }
    }

    /** One job from submission to its end. */
    private JobOutcome watchOne() {
        Optional<Instant> runningSince = Optional.empty();
        long lastKnown = System.nanoTime();
        Stop stop = Stop.NONE;
        JobInfo last = null;
        while (true) {
            output.poll();
            Optional<JobInfo> info;
            try {
                info = client.query(jobId);
            } catch (SlurmClient.ControllerUnavailable e) {
                // said once per outage: the controller may be away for minutes, and the job runs on
                if (!controllerAway) {
                    LOG.warn("experiment {}: {}; asking again until it answers", request.experiment(), e.getMessage());
                }
                controllerAway = true;
                if (pause()) {
                    stop = Stop.INTERRUPT;
                    break;
                }
                continue;
            }
            controllerAway = false;
            if (info.isEmpty()) {
                if (readStatus().isPresent()) {
                    break; // finished and forgotten: the status file holds the result
                }
                if (System.nanoTime() - lastKnown > UNKNOWN_GRACE.toNanos() || last != null) {
                    return JobOutcome.infrastructure("vanished from the queue without a result");
                }
            } else {
                lastKnown = System.nanoTime();
                last = info.get();
                if (!last.active()) {
                    break;
                }
                if (last.pending()) {
                    Duration waited = Duration.between(submitted, Instant.now());
                    if (waited.compareTo(settings.queueLimit()) > 0) {
                        stopJob(false);
                        return JobOutcome.infrastructure("waited " + Durations.format(waited) + " in the queue ("
                                + last.reason() + "), past the " + Durations.format(settings.queueLimit()) + " queue limit");
                    }
                } else {
                    if (runningSince.isEmpty()) {
                        runningSince = Optional.of(last.started().orElse(Instant.now()));
                    }
                    if (Duration.between(runningSince.get(), Instant.now()).compareTo(request.timeout()) >= 0) {
                        stop = Stop.TIMEOUT;
                        break;
                    }
                }
            }
            if (pause()) {
                stop = Stop.INTERRUPT;
                break;
            }
        }
        if (stop != Stop.NONE) {
            boolean wasRunning = runningSince.isPresent();
            String stopped = stopJob(wasRunning);
            Duration ran = runningSince.map(s -> Duration.between(s, Instant.now())).orElse(Duration.ZERO);
            if (stop == Stop.TIMEOUT) {
                notes.add("[autoresearch: timed out at the " + Durations.format(request.timeout()) + " limit; "
                        + stopped + "]");
            } else {
                notes.add("[autoresearch: interrupted after " + Durations.format(ran) + "; " + stopped + "]");
            }
            settle();
            int code = readStatus().flatMap(JobOutcome::exitCode).orElse(128 + 15);
            return new JobOutcome(code, stop == Stop.TIMEOUT, stop == Stop.INTERRUPT, runningSince, null);
        }
        settle();
        try {
            return JobOutcome.ofEnded(jobId, Optional.ofNullable(last), readStatus(), output, request.workingDirectory(),
                    runningSince, notes);
        } catch (AutoresearchException e) {
            cleanUp();
            throw e;
        }
    }

    /**
     * Stops the job: SIGTERM to its processes, the grace period, then the cancel (Slurm's SIGKILL),
     * and waits until it left the queue. Returns what was done, for the log.
     */
    private String stopJob(boolean running) {
        if (!running) {
            client.cancel(jobId);
            waitUntilGone(LEAVE_WAIT);
            return "job " + jobId + " cancelled before it started";
        }
        client.signal(jobId, "TERM");
        if (waitUntilGone(settings.gracePeriod())) {
            client.cancel(jobId);
            return "job " + jobId + " ended on SIGTERM";
        }
        client.cancel(jobId);
        boolean gone = waitUntilGone(LEAVE_WAIT);
        return "job " + jobId + " sent SIGTERM, then cancelled after the " + Durations.format(settings.gracePeriod())
                + " grace period" + (gone ? "" : ", and still in the queue " + Durations.format(LEAVE_WAIT) + " later");
    }

    /** Waits until the job is no longer pending or running; true when it left within the wait. */
    private boolean waitUntilGone(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            output.poll();
            Optional<JobInfo> info;
            try {
                info = client.query(jobId);
            } catch (SlurmClient.ControllerUnavailable e) {
                info = Optional.of(new JobInfo("UNKNOWN", "", 0, 0, Optional.empty()));
            }
            if (info.isEmpty() || !info.get().active() && !info.get().state().equals("UNKNOWN")) {
                return true;
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            sleepQuietly(Duration.ofMillis(Math.min(200, settings.pollInterval().toMillis())));
        }
    }

    private RunResult finish(JobOutcome outcome) {
        output.poll();
        Duration duration = outcome.started().map(s -> Duration.between(s, Instant.now())).orElse(Duration.ZERO);
        if (duration.isNegative()) {
            duration = Duration.ZERO;
        }
        cleanUp();
        log.finish(notes);
        if (log.failure().isPresent()) {
            IOException failure = log.failure().get();
            throw new AutoresearchException("could not write the log file " + request.log() + ": " + failure
                    + "; check that the disk has room", failure);
        }
        String tail;
        try {
            tail = LogLines.tail(request.log(), settings.tailLines());
        } catch (IOException e) {
            tail = "[autoresearch: could not read the log file " + request.log() + ": " + e.getMessage() + "]";
        }
        boolean killed = outcome.exitCode() > 128 && outcome.exitCode() <= 128 + 64;
        RunResult result = new RunResult(outcome.exitCode(), outcome.started().orElse(submitted), duration, outcome.timedOut(), killed,
                outcome.interrupted(), request.workingDirectory(), request.log(), tail);
        LOG.debug("job {} of experiment {}: {}", jobId, request.experiment(), result.describe());
        if (interruptSeen || outcome.interrupted()) {
            Thread.currentThread().interrupt();
        }
        return result;
    }

    private Optional<String> readStatus() {
        return files.status(jobId);
    }

    /** Waits a little for the end of the output and the status file to reach this machine. */
    private void settle() {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (readStatus().isEmpty() && System.nanoTime() < deadline) {
            sleepQuietly(Duration.ofMillis(100));
        }
        output.poll();
    }

    /** Forgets the job and removes its own files, once their content is in the log. */
    private void cleanUp() {
        LiveJobs.unregister(jobId);
        output.poll();
        files.remove(jobId);
    }

    private Optional<JobInfo> queryQuietly() {
        try {
            return client.query(jobId);
        } catch (SlurmClient.ControllerUnavailable e) {
            throw new AutoresearchException("cannot ask Slurm about job " + jobId + " of experiment "
                    + request.experiment() + ": " + e.getMessage() + "; check that slurmctld is up (sinfo)");
        }
    }

    private void writeLine(String line) {
        byte[] bytes = ("\n" + line + "\n").getBytes(StandardCharsets.UTF_8);
        log.write(bytes, 0, bytes.length);
    }

    /** Sleeps one poll interval; true when the thread was interrupted. */
    private boolean pause() {
        if (Thread.interrupted()) {
            interruptSeen = true;
            return true;
        }
        try {
            Thread.sleep(settings.pollInterval().toMillis());
            return false;
        } catch (InterruptedException e) {
            interruptSeen = true;
            return true;
        }
    }

    private void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            interruptSeen = true;
        }
    }
}
