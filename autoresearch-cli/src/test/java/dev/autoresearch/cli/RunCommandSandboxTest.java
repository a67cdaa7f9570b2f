package dev.autoresearch.cli;

import dev.autoresearch.core.testing.TestRepo;
import dev.autoresearch.runners.Sandbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whether {@code run} confines the experiments: program.md's {@code sandbox} or the flags when
 * given, else on for the llm strategy and off for the tuner; a confined session says so first.
 */
class RunCommandSandboxTest {
    @TempDir
    Path dir;

    Cli cli;

    @BeforeEach
    void setUp() {
        TestRepo repo = TestRepo.init(dir.resolve("project"));
        repo.write("score.txt", "10\n").write("program.md", RunCommandTest.PROGRAM);
        repo.commitAll("initial");
        cli = new Cli(repo.root());
        cli.env.put("HOME", "/home/someone");
    }

    @Test
    void theLlmStrategyIsConfinedByDefaultAndSaysSoFirst() {
        Cli.Result r = cli.run("run", "--tag", "t", "--strategy", "llm", "--model", "openai:test", "--max-experiments", "1");

        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(cli.sandboxesAsked).containsExactly(Optional.of(Sandbox.confined()));
        assertThat(r.out().lines().skip(1).findFirst()).contains("  experiments run in a sandbox (bubblewrap) that "
                + "may write only the worktree, a private /tmp (on by default for the llm strategy; --no-sandbox "
                + "turns it off)");
    }

    @Test
    void noSandboxTurnsItOffForTheLlmStrategy() {
        Cli.Result r = cli.run("run", "--tag", "t", "--strategy", "llm", "--model", "openai:test", "--max-experiments", "1",
                "--no-sandbox");

        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(cli.sandboxesAsked).containsExactly(Optional.empty());
        assertThat(r.out()).doesNotContain("sandbox");
    }

    @Test
    void theTunerRunsUnconfinedUnlessAsked() {
        assertThat(cli.run("run", "--tag", "a", "--max-experiments", "1").code()).isEqualTo(0);
        Cli.Result r = cli.run("run", "--tag", "b", "--max-experiments", "1", "--sandbox", "--sandbox-writable", "~/.cache",
                "--sandbox-writable", "/data/hf");

        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(cli.sandboxesAsked).containsExactly(Optional.empty(),
                Optional.of(new Sandbox(List.of(Path.of("/home/someone/.cache"), Path.of("/data/hf")))));
        assertThat(r.out().lines().skip(1).findFirst()).contains("  experiments run in a sandbox (bubblewrap) that "
                + "may write only the worktree, a private /tmp, /home/someone/.cache, /data/hf");
    }

    @Test
    void slurmRefusesTheDefaultSandboxBeforeALocalConfinedRunnerIsBuilt() {
        Cli.Result r = cli.run("run", "--tag", "t", "--strategy", "llm", "--model", "openai:test", "--runner", "slurm");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("the sandbox does not apply to --runner slurm").contains("pass --no-sandbox");
        // a confined local runner looks for bwrap, which a cluster's login node may lack: that error would hide the hint
        assertThat(cli.sandboxesAsked).isEmpty();
    }

    @Test
    void aRelativeWritablePathIsAUsageError() {
        Cli.Result r = cli.run("run", "--tag", "t", "--sandbox-writable", "cache");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("invalid value for option '--sandbox-writable': a sandbox-writable path must be "
                + "absolute or start with ~/, got 'cache'");
    }
}
