package dev.autoresearch.runners;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.Durations;
import dev.autoresearch.core.ExperimentRunner;
import dev.autoresearch.core.RunRequest;
import dev.autoresearch.core.RunResult;
import dev.autoresearch.core.RunTicket;
import dev.autoresearch.core.SlurmOptions;
import dev.autoresearch.runners.internal.LogLimits;
import dev.autoresearch.runners.internal.slurm.JobSettings;
import dev.autoresearch.runners.internal.slurm.SlurmClient;
import dev.autoresearch.runners.internal.slurm.SlurmJobRun;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs experiments as Slurm jobs, so that a session can use a cluster rather than one machine.
 *
 * <p><b>The job.</b> Each run is a batch job ({@code sbatch}) whose script enters the request's
 * worktree and runs the command's arguments as given (a program.md line as {@code sh -c '<line>'},
 * as {@link ProcessRunner} runs it), with the submitting environment exported plus the runner's
 * and the request's variables. Its name is {@code autoresearch-<tag>-exp<n>-lane<k>}; its
 * {@code --time} is the run's timeout plus the {@linkplain Builder#timeMargin margin}, unless
 * {@linkplain Builder#time set}. GPUs come from the {@linkplain Builder#gres gres}, which Slurm
 * binds; the request's devices are not used. The worktree and the log's folder must be on storage
 * that the compute nodes see under the same path (a shared file system): a job that cannot enter
 * the worktree or write its output makes the run throw an {@link AutoresearchException} saying so.
 *
 * <p><b>The output</b> goes to a file beside the log ({@code <log>.job-<id>.out}), which the runner
 * follows into the log as the job writes it, bounded as {@link ProcessRunner}'s is; the file is
 * removed once its content is in the log. Lines the runner adds start with {@code [autoresearch:}.
 *
 * <p><b>Stopping.</b> At the timeout (counted from the job's start, not its submission) and when the
 * calling thread is interrupted, every process of the job gets SIGTERM ({@code scancel --full
 * --signal=TERM}); after the {@linkplain Builder#gracePeriod grace period} the job is cancelled,
 * and the runner waits until it has left the queue.
 *
 * <p><b>Failures of the cluster</b> (a node failure, a preemption, a node that failed to boot, a job
 * that waited past the {@linkplain Builder#queueLimit queue limit} or vanished) are not the
 * experiment's: the job is submitted again, with a line in the log saying why, up to
 * {@linkplain Builder#maxAttempts a number of attempts}; only then is the result a crash. An
 * {@code sbatch} that rejects the job (a partition that does not exist) throws an
 * {@link AutoresearchException} with sbatch's message on one line.
 *
 * <p><b>Resume.</b> {@link RunRequest#onStarted()} receives a ticket of kind {@code slurm} with the
 * job id as soon as sbatch returns. {@link #reattach} finds that job again: it waits for a job still
 * pending or running, reads the result of one that finished (from the exit status the job script
 * leaves beside its output, even once the controller forgot the job), and returns empty only for a
 * job of which nothing is left. It cancels nothing it can still use.
 *
 * <p>Immutable and thread-safe: one runner serves every lane.
 *
 * <pre>{@code
 * ExperimentRunner runner = SlurmRunner.builder()
 *         .partition("gpu")
 *         .gres("gpu:1")
 *         .build();
 * }</pre>
 */
public final class SlurmRunner implements ExperimentRunner {
    /** What the job's time limit adds to the run's timeout by default, so the runner stops it first: 2 minutes. */
    public static final Duration DEFAULT_TIME_MARGIN = Duration.ofMinutes(2);
    /** The time between SIGTERM and the cancel: 10 seconds. */
    public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(10);
    /** The time between two looks at a job: 1 second. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    /** How long a job may wait in the queue before it counts as failed by the cluster: 1 day. */
    public static final Duration DEFAULT_QUEUE_LIMIT = Duration.ofDays(1);
    /** Submissions of one run when the cluster fails its jobs: 3. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    private final SlurmOptions options;
    private final JobSettings settings;
    private final SlurmClient client = new SlurmClient();

    private SlurmRunner(Builder b) {
        this.options = b.options;
        this.settings = new JobSettings(sbatchOptions(b.options), b.options.time(), b.timeMargin, b.gracePeriod,
                b.pollInterval, b.queueLimit, b.maxAttempts, b.outputCap, (int) b.keepTail, b.tailLines,
                b.environment);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this runner's settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.options = options;
        b.timeMargin = settings.timeMargin();
        b.gracePeriod = settings.gracePeriod();
        b.pollInterval = settings.pollInterval();
        b.queueLimit = settings.queueLimit();
        b.maxAttempts = settings.maxAttempts();
        b.outputCap = settings.outputCap();
        b.keepTail = settings.keepTail();
        b.tailLines = settings.tailLines();
        b.environment.putAll(settings.environment());
        return b;
    }

    /** The Slurm options every job is submitted with. */
    public SlurmOptions options() {
        return options;
    }

    /** The sbatch options every job gets from {@link #options()}, as passed to sbatch. */
    public List<String> sbatchOptions() {
        return settings.options();
    }

    public Duration gracePeriod() {
        return settings.gracePeriod();
    }

    /**
     * Submits the run as a job and waits for its result.
     *
     * @throws AutoresearchException when sbatch rejects the job, the working directory does not
     *                               exist, or the compute node cannot see the worktree or the log's folder
     */
    @Override
    public RunResult run(RunRequest request) {
        Objects.requireNonNull(request, "request");
        return SlurmJobRun.run(client, settings, request);
    }

    /** Finds the ticket's job again; see the class comment. Tickets of other runners give empty. */
    @Override
    public Optional<RunResult> reattach(RunRequest request, RunTicket ticket) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(ticket, "ticket");
        return SlurmJobRun.reattach(client, settings, request, ticket);
    }

    private static List<String> sbatchOptions(SlurmOptions o) {
        List<String> list = new ArrayList<>();
        o.partition().ifPresent(v -> list.add("--partition=" + v));
        o.account().ifPresent(v -> list.add("--account=" + v));
        o.qos().ifPresent(v -> list.add("--qos=" + v));
        o.gres().ifPresent(v -> list.add("--gres=" + v));
        o.cpus().ifPresent(v -> list.add("--cpus-per-task=" + v));
        o.mem().ifPresent(v -> list.add("--mem=" + v));
        list.addAll(o.extra());
        return list;
    }

    @Override
    public String toString() {
        return "SlurmRunner[" + String.join(" ", settings.options()) + ", gracePeriod="
                + Durations.format(settings.gracePeriod()) + ", maxAttempts=" + settings.maxAttempts() + "]";
    }

    /** Settings for a {@link SlurmRunner}; each setter checks its argument, {@link #build()} the combination. */
    public static final class Builder {
        private SlurmOptions options = SlurmOptions.NONE;
        private Duration timeMargin = DEFAULT_TIME_MARGIN;
        private Duration gracePeriod = DEFAULT_GRACE_PERIOD;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private Duration queueLimit = DEFAULT_QUEUE_LIMIT;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private long outputCap = ProcessRunner.DEFAULT_OUTPUT_CAP;
        private long keepTail = ProcessRunner.DEFAULT_KEEP_TAIL;
        private int tailLines = ProcessRunner.DEFAULT_TAIL_LINES;
        private final Map<String, String> environment = new LinkedHashMap<>();

        private Builder() {
        }

        /** All Slurm options at once (program.md's slurm map), replacing those set so far. */
        public Builder options(SlurmOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        public Builder partition(String partition) {
            return set(() -> options.withPartition(partition));
        }

        public Builder account(String account) {
            return set(() -> options.withAccount(account));
        }

        public Builder qos(String qos) {
            return set(() -> options.withQos(qos));
        }

        /** The generic resources of each job, such as {@code gpu:1} or {@code gpu:a100:2}. */
        public Builder gres(String gres) {
            return set(() -> options.withGres(gres));
        }

        /** CPUs per task ({@code --cpus-per-task}), at least 1. */
        public Builder cpus(int cpus) {
            return set(() -> options.withCpus(cpus));
        }

        /** Memory per node, in sbatch's form: {@code 16G}, {@code 4000M}. */
        public Builder mem(String mem) {
            return set(() -> options.withMem(mem));
        }

        /** The job's time limit, instead of the run's timeout plus the {@linkplain #timeMargin margin}. */
        public Builder time(Duration time) {
            return set(() -> options.withTime(Objects.requireNonNull(time, "time")));
        }

        /** Further sbatch options, each whole ({@code --constraint=a100}); replaces those given before. */
        public Builder extra(List<String> sbatchOptions) {
            return set(() -> options.withExtra(sbatchOptions));
        }

        private Builder set(java.util.function.Supplier<SlurmOptions> changed) {
            this.options = changed.get();
            return this;
        }

        /** What the job's time limit adds to the run's timeout. Default 2 minutes. */
        public Builder timeMargin(Duration margin) {
            this.timeMargin = notNegative(margin, "timeMargin");
            return this;
        }

        /** The time the job's processes get between SIGTERM and the cancel. Default 10 seconds. */
        public Builder gracePeriod(Duration grace) {
            this.gracePeriod = notNegative(grace, "gracePeriod");
            return this;
        }

        /** The time between two looks at a job and its output, 50 ms to 1 minute. Default 1 second. */
        public Builder pollInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.compareTo(Duration.ofMillis(50)) < 0 || interval.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("pollInterval must be between 50ms and 1m, got " + interval);
            }
            this.pollInterval = interval;
            return this;
        }

        /** How long a job may wait in the queue before it is cancelled and submitted again. Default 1 day. */
        public Builder queueLimit(Duration limit) {
            Objects.requireNonNull(limit, "limit");
            if (limit.isNegative() || limit.isZero()) {
                throw new IllegalArgumentException("queueLimit must be positive, got " + limit);
            }
            this.queueLimit = limit;
            return this;
        }

        /** Submissions of one run, the first included, when the cluster fails its jobs: 1 to 100. Default 3. */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1 || attempts > 100) {
                throw new IllegalArgumentException("maxAttempts must be between 1 and 100, got " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /** The most output a log holds before its middle is dropped. Default 256 MiB. */
        public Builder outputCap(long bytes) {
            this.outputCap = LogLimits.outputCap(bytes);
            return this;
        }

        /** The end of the output kept past the cap, at most 64 MiB. Default 1 MiB. */
        public Builder keepTail(long bytes) {
            this.keepTail = LogLimits.keepTail(bytes);
            return this;
        }

        /** How many of the last lines of the log {@link RunResult#logTail()} holds, 0 to 1000. Default 30. */
        public Builder tailLines(int lines) {
            this.tailLines = LogLimits.tailLines(lines);
            return this;
        }

        /** An environment variable for every job; a request's own variables win over it. */
        public Builder environment(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("not an environment variable: '" + name + "'");
            }
            environment.put(name, value);
            return this;
        }

        /** @throws IllegalStateException when the kept tail is not smaller than the output cap */
        public SlurmRunner build() {
            LogLimits.tailUnderCap(keepTail, outputCap);
            return new SlurmRunner(this);
        }

        private static Duration notNegative(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, got " + d);
            }
            return d;
        }
    }
}
