package dev.autoresearch.cli;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.TunedParameter;
import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class InitCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesACommentedProgramThatParsesToTheFlagsValues() throws Exception {
        Cli cli = new Cli(dir);

        Cli.Result r = cli.run("init", "--metric", "val_bpb", "--direction", "minimize",
                "--run", "uv run train.py --steps 100 # fast: yes", "--editable", "train.py,model/*.py",
                "--readonly", "prepare.py", "--checks", "pytest -q", "--timeout", "5m",
                "--tune", "train.py:LEARNING_RATE=0.0001..0.01:log");

        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).startsWith("autoresearch: wrote program.md");
        Path file = dir.resolve("program.md");
        String text = Files.readString(file);
        assertThat(text).startsWith("---\n# The research contract").contains("# minimize or maximize.", "# Research notes");
        ProgramSpec spec = ProgramSpec.parse(file).build();
        assertThat(spec.metric()).isEqualTo("val_bpb");
        assertThat(spec.direction()).isEqualTo(Direction.MINIMIZE);
        assertThat(spec.run().display()).isEqualTo("uv run train.py --steps 100 # fast: yes");
        assertThat(spec.timeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(spec.isEditable("train.py")).isTrue();
        assertThat(spec.isEditable("model/net.py")).isTrue();
        assertThat(spec.isProtected("prepare.py")).isTrue();
        assertThat(spec.checks().orElseThrow().display()).isEqualTo("pytest -q");
        assertThat(spec.tune()).containsExactly(
                new TunedParameter("train.py", "LEARNING_RATE", 0.0001, 0.01, TunedParameter.Scale.LOG));
        assertThat(spec.stop().maxExperiments()).hasValue(50);
        assertThat(spec.prose()).contains("# Research notes");
    }

    @Test
    void withOnlyTheRequiredFlagsTheFileParsesToo() throws Exception {
        Cli.Result r = new Cli(dir).run("init", "--metric", "score", "--direction", "max", "--run", "./bench.sh");

        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("nothing may change yet");
        ProgramSpec spec = ProgramSpec.parse(dir.resolve("program.md")).build();
        assertThat(spec.direction()).isEqualTo(Direction.MAXIMIZE);
        assertThat(spec.editable()).isEmpty();
        assertThat(spec.checks()).isEmpty();
    }

    @Test
    void refusesToReplaceAFileUnlessForced() throws Exception {
        Files.writeString(dir.resolve("program.md"), "mine\n");
        Cli cli = new Cli(dir);

        Cli.Result refused = cli.run("init", "--metric", "m", "--direction", "min", "--run", "x");
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).isEqualTo("autoresearch: program.md exists; not replacing it" + System.lineSeparator()
                + "  edit it, or pass --force to replace it" + System.lineSeparator());
        assertThat(Files.readString(dir.resolve("program.md"))).isEqualTo("mine\n");

        assertThat(cli.run("init", "--metric", "m", "--direction", "min", "--run", "x", "--force").code()).isEqualTo(0);
        assertThat(Files.readString(dir.resolve("program.md"))).contains("metric: \"m\"");
    }

    @Test
    void missingOrBadFlagsAreUsageErrors() {
        Cli cli = new Cli(dir);
        RunCommandTest.assertUsage(cli.run("init", "--metric", "m", "--run", "x"),
                "Missing required option: '--direction=minimize|maximize'");
        RunCommandTest.assertUsage(cli.run("init", "--metric", "no spaces", "--direction", "min", "--run", "x"),
                "metric must be a name");
        assertThat(dir.resolve("program.md")).doesNotExist();
    }

    @Test
    void aWrittenProgramRuns() {
        TestRepo repo = TestRepo.init(dir.resolve("project"));
        repo.write("score.txt", "10\n");
        Cli cli = new Cli(repo.root());
        assertThat(cli.run("init", "--metric", "score", "--direction", "minimize", "--run", "./train",
                "--editable", "score.txt", "--tune", "score.txt:SCORE=1..10:int").code()).isEqualTo(0);
        repo.commitAll("initial");

        Cli.Result r = cli.run("run", "--tag", "t1", "--max-experiments", "1");

        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("score: baseline 10.000000 -> best 8.000000 (-20.0%)");
    }
}
