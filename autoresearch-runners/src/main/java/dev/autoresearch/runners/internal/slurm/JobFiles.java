package dev.autoresearch.runners.internal.slurm;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The files of a run's jobs, beside its log: the batch script ({@code <log>.sbatch}), and for each
 * job its output ({@code <log>.job-<id>.out}) and the exit status its script leaves
 * ({@code <log>.job-<id>.status}). They must be where the compute nodes can write.
 */
final class JobFiles {
    private static final Logger LOG = LoggerFactory.getLogger(JobFiles.class);

    private final Path log;

    JobFiles(Path log) {
        this.log = log;
    }

    Path script() {
        return Path.of(log + ".sbatch");
    }

    /** The output file for sbatch's {@code --output}, {@code %j} standing for the job id. */
    String outputPattern() {
        return log + ".job-%j.out";
    }

    /** The status file for the job script, {@code %j} standing for the job id. */
    String statusPattern() {
        return log + ".job-%j.status";
    }

    Path output(String jobId) {
        return Path.of(outputPattern().replace("%j", jobId));
    }

    /** What the job's script recorded: its command's exit code, or {@link JobScript#NO_WORKTREE}. */
    Optional<String> status(String jobId) {
        Path status = Path.of(statusPattern().replace("%j", jobId));
        try {
            return Files.exists(status) ? Optional.of(Files.readString(status, StandardCharsets.UTF_8).strip())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Removes the job's output and status, once their content is in the log, and the script. */
    void remove(String jobId) {
        for (Path file : List.of(output(jobId), Path.of(statusPattern().replace("%j", jobId)), script())) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a leftover file beside the log is harmless
                LOG.debug("could not remove {}: {}", file, e.toString());
            }
        }
    }
}
