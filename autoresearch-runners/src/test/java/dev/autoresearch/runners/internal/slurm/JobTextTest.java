package dev.autoresearch.runners.internal.slurm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What the runner writes for Slurm and reads back from it, checked without a cluster. */
class JobTextTest {
    @TempDir
    Path dir;

    @Test
    void theJobScriptRunsTheArgumentsAsGivenAndRecordsTheExitCode() throws Exception {
        Path worktree = Files.createDirectory(dir.resolve("it's a \"tree\" $HOME"));
        String line = "echo \"$1\" 'single' `echo back` $((1+1)); exit 3";
        String script = JobScript.text(List.of("sh", "-c", line, "sh", "arg with 'quote'"), worktree,
                dir.resolve("out.%j.status").toString());
        Files.writeString(dir.resolve("job.sh"), script);

        Process p = new ProcessBuilder("sh", dir.resolve("job.sh").toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out").toFile()).directory(dir.toFile()).start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).isEqualTo(3);
        assertThat(Files.readString(dir.resolve("out"))).isEqualTo("arg with 'quote' single back 2\n");
        assertThat(Files.readString(dir.resolve("out..status"))).isEqualTo("3\n");
    }

    @Test
    void aWorktreeThatCannotBeEnteredIsRecordedAsSuch() throws Exception {
        String script = JobScript.text(List.of("true"), dir.resolve("missing"), dir.resolve("s").toString());
        Files.writeString(dir.resolve("job.sh"), script);

        Process p = new ProcessBuilder("sh", dir.resolve("job.sh").toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out").toFile()).start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();

        assertThat(Files.readString(dir.resolve("s"))).isEqualTo(JobScript.NO_WORKTREE + "\n");
        assertThat(Files.readString(dir.resolve("out"))).contains("[autoresearch: the worktree " + dir.resolve("missing")
                + " cannot be entered on node ");
    }

    @Test
    void timeLimitsAreWrittenAsSlurmReadsThem() {
        assertThat(SlurmTime.format(Duration.ofMinutes(12))).isEqualTo("0-00:12:00");
        assertThat(SlurmTime.format(Duration.ofSeconds(90061))).isEqualTo("1-01:01:01");
        assertThat(SlurmTime.format(Duration.ofMillis(1500))).isEqualTo("0-00:00:02");
        assertThat(SlurmTime.format(Duration.ZERO)).isEqualTo("0-00:00:01");
    }

    @Test
    void scontrolsRecordGivesTheStateReasonAndExitCode() {
        JobInfo failed = JobInfo.parse("JobId=12 JobName=x JobState=NODE_FAIL Reason=NodeDown Dependency=(null) "
                + "ExitCode=0:15 StartTime=2020-01-01T10:00:00 Command=/a/b Reason=Other").orElseThrow();

        assertThat(failed.state()).isEqualTo("NODE_FAIL");
        assertThat(failed.describe()).isEqualTo("NODE_FAIL (NodeDown)");
        assertThat(failed.signal()).isEqualTo(15);
        assertThat(failed.infrastructureFailure()).isTrue();
        assertThat(failed.active()).isFalse();
        assertThat(failed.started()).isPresent();

        JobInfo pending = JobInfo.parse("JobId=13 JobState=PENDING Reason=Priority ExitCode=0:0 StartTime=Unknown")
                .orElseThrow();
        assertThat(pending.pending()).isTrue();
        assertThat(pending.started()).isEmpty();
        assertThat(JobInfo.parse("slurm_load_jobs error: Invalid job id specified")).isEmpty();
    }
}
