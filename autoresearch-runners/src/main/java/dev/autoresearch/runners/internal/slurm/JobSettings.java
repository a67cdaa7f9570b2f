package dev.autoresearch.runners.internal.slurm;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every job of a Slurm runner shares: the sbatch options, the waits and bounds, the log's
 * size. {@code SlurmRunner}'s builder checks each value; this only carries them.
 *
 * @param options      sbatch options for every job ({@code --partition=gpu}, {@code --gres=gpu:1}, extras)
 * @param timeLimit    the job's {@code --time}; empty: the run's timeout plus {@code timeMargin}
 * @param timeMargin   what the job's time limit adds to the run's timeout, for the stop to happen first
 * @param gracePeriod  between SIGTERM to the job's processes and the cancel that kills them
 * @param pollInterval between two looks at the job and its output
 * @param queueLimit   how long a job may wait in the queue before it counts as failed by the cluster
 * @param maxAttempts  submissions of one run, the first included, when the cluster fails its jobs
 * @param outputCap    the most output a log holds before its middle is dropped
 * @param keepTail     the end of the output kept past the cap
 * @param tailLines    lines of the log's end in the result
 * @param environment  variables for every job, under the request's own
 */
public record JobSettings(List<String> options, Optional<Duration> timeLimit, Duration timeMargin,
                          Duration gracePeriod, Duration pollInterval, Duration queueLimit, int maxAttempts,
                          long outputCap, int keepTail, int tailLines, Map<String, String> environment) {
    public JobSettings {
        options = List.copyOf(options);
        environment = Map.copyOf(environment);
    }
}
