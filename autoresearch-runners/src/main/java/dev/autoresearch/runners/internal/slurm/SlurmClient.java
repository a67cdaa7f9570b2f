package dev.autoresearch.runners.internal.slurm;

import dev.autoresearch.core.AutoresearchException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Slurm client commands the runner uses: {@code sbatch} to submit, {@code scontrol show job}
 * to watch, {@code scancel} to stop. Every call is an argument list with a bounded wait.
 */
public final class SlurmClient {
    private final String sbatch;
    private final String scontrol;
    private final String scancel;

    /** Client commands found on the PATH. */
    public SlurmClient() {
        this("sbatch", "scontrol", "scancel");
    }

    SlurmClient(String sbatch, String scontrol, String scancel) {
        this.sbatch = sbatch;
        this.scontrol = scontrol;
        this.scancel = scancel;
    }

    /**
     * Submits a job and returns its id.
     *
     * @throws AutoresearchException with sbatch's message on one line when it rejects the job
     */
    String submit(List<String> options, String script, Map<String, String> environment) {
        List<String> command = new ArrayList<>();
        command.add(sbatch);
        command.add("--parsable");
        command.addAll(options);
        command.add(script);
        ClientCall call = ClientCall.run(command, environment);
        String id = call.output().lines().reduce((a, b) -> b).orElse("").strip();
        int semicolon = id.indexOf(';'); // "id;cluster" on a federation
        if (semicolon >= 0) {
            id = id.substring(0, semicolon);
        }
        if (!call.ok() || !id.matches("\\d+(_\\d+)?")) {
            throw new AutoresearchException("sbatch rejected the experiment's job: " + call.oneLine()
                    + "; check the Slurm options (program.md's slurm map, the --slurm-* flags)");
        }
        return id;
    }

    /** The job as the controller knows it; empty once it has forgotten it (or never knew it). */
    Optional<JobInfo> query(String jobId) {
        ClientCall call = ClientCall.run(List.of(scontrol, "show", "job", "-o", jobId), Map.of());
        if (!call.ok()) {
            if (call.output().contains("Invalid job id")) {
                return Optional.empty();
            }
            throw new ControllerUnavailable("scontrol show job " + jobId + ": " + call.oneLine());
        }
        return call.output().lines().map(JobInfo::parse).flatMap(Optional::stream).findFirst();
    }

    /** Sends a signal to every process of the job (the batch script and its steps); false when scancel failed. */
    boolean signal(String jobId, String signal) {
        return ClientCall.run(List.of(scancel, "--full", "--signal=" + signal, jobId), Map.of()).ok();
    }

    /** Cancels the job: Slurm sends SIGTERM, then SIGKILL after its KillWait; false when scancel failed. */
    boolean cancel(String jobId) {
        return ClientCall.run(List.of(scancel, jobId), Map.of()).ok();
    }

    /**
     * Stops a job without watching its output: SIGTERM to its processes, up to {@code grace} for them
     * to end, then the cancel. For the shutdown hook; a run's own stop also follows the output.
     */
    void stop(String jobId, Duration grace) {
        signal(jobId, "TERM");
        long deadline = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Optional<JobInfo> info = query(jobId);
                if (info.isEmpty() || !info.get().active()) {
                    break;
                }
                Thread.sleep(200);
            } catch (ControllerUnavailable e) {
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        cancel(jobId);
    }

    /** The controller did not answer a query; the watch tries again rather than giving the job up. */
    static final class ControllerUnavailable extends RuntimeException {
        ControllerUnavailable(String message) {
            super(message);
        }
    }
}
