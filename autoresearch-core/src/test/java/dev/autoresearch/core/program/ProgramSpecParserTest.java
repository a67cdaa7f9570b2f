package dev.autoresearch.core.program;

import dev.autoresearch.core.Command;
import dev.autoresearch.core.Constraint;
import dev.autoresearch.core.Direction;
import dev.autoresearch.core.Glob;
import dev.autoresearch.core.MinImprovement;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ProviderChoice;
import dev.autoresearch.core.SlurmOptions;
import dev.autoresearch.core.ProgramSpecException;
import dev.autoresearch.core.StopCriteria;
import dev.autoresearch.core.TunedParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Reading program.md: every key, the prose, files without front matter, and overrides. */
class ProgramSpecParserTest {
    private static final Path PROGRAM = Path.of("program.md");

    @Test
    void readsEveryKeyOfAFullProgram() throws Exception {
        Path file = resource("full-program.md");

        ProgramSpec spec = ProgramSpec.parse(file).build();

        assertThat(spec.source()).contains(file);
        assertThat(spec.metric()).isEqualTo("val_bpb");
        assertThat(spec.direction()).isEqualTo(Direction.MINIMIZE);
        assertThat(spec.run()).isEqualTo(Command.shell("uv run train.py > run.log 2>&1"));
        assertThat(spec.run().arguments()).containsExactly("sh", "-c", "uv run train.py > run.log 2>&1");
        assertThat(spec.timeout()).isEqualTo(Duration.ofSeconds(330));
        assertThat(spec.editable()).containsExactly(Glob.of("train.py"), Glob.of("src/**/*.py"));
        assertThat(spec.readonly()).containsExactly(Glob.of("prepare.py"), Glob.of("data"));
        assertThat(spec.checks()).contains(Command.shell("uv run pytest -q"));
        assertThat(spec.checksTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(spec.secondary()).containsExactly("memory_gb", "tokens_per_sec");
        assertThat(spec.constraints()).containsExactly(
                new Constraint("memory_gb", Constraint.Operator.LE, 80),
                new Constraint("tokens_per_sec", Constraint.Operator.GE, 90000));
        assertThat(spec.repeats()).isEqualTo(3);
        assertThat(spec.minImprovement()).isEqualTo(new MinImprovement(0.5, true));
        assertThat(spec.stop()).isEqualTo(StopCriteria.DEFAULT
                .withMaxExperiments(100)
                .withMaxDuration(Duration.ofHours(8))
                .withTarget(0.95)
                .withPatience(20)
                .withCrashStreak(5));
        // Numbers keep the text they were written with: 0.10 stays 0.10.
        assertThat(spec.environment()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "CUDA_VISIBLE_DEVICES", "0",
                "WARMUP_RATIO", "0.10",
                "PYTHONHASHSEED", "42",
                "WANDB_MODE", "disabled"));
        assertThat(spec.tune()).containsExactly(
                new TunedParameter("train.py", "LEARNING_RATE", 1e-4, 1e-2, TunedParameter.Scale.LOG),
                new TunedParameter("train.py", "BATCH_SIZE", 16, 256, TunedParameter.Scale.INT),
                new TunedParameter("config/model.py", "DROPOUT", 0.0, 0.3, TunedParameter.Scale.LINEAR));
    }

    @Test
    void keepsTheProseOfAFullProgramByteForByte() throws Exception {
        Path file = resource("full-program.md");
        String text = Files.readString(file, StandardCharsets.UTF_8);
        // The closing delimiter is the first "---" line after line 1; the prose starts after its newline.
        String expected = text.substring(text.indexOf("\n---\n") + "\n---\n".length());

        String prose = ProgramSpec.parse(file).build().prose();

        assertThat(prose.getBytes(StandardCharsets.UTF_8)).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
        assertThat(prose)
                .startsWith("\n# Make the small model train faster\n")
                .contains("trailing spaces stay,   \n\ttabs stay")
                .contains("\n---\n\nkey: value lines here are prose")
                .contains("Ünïcödé — stays too.")
                .endsWith("stays too.\n\n\n");
    }

    @Test
    void takesAFileWithoutFrontMatterAsProseOnly() throws Exception {
        Path file = resource("karpathy-style.md");
        String text = Files.readString(file, StandardCharsets.UTF_8);

        ProgramSpec.Builder builder = ProgramSpec.parse(file);

        ProgramSpecException missing = catchThrowableOfType(ProgramSpecException.class, builder::build);
        assertThat(missing.key()).contains("metric");
        assertThat(missing.getMessage()).startsWith(file + ": missing required key 'metric'")
                .contains("the file has no front matter: begin the file with a '---' line");
        assertThat(missing.advice()).containsExactly(ProgramSpecException.KeyAdvice.set("metric"));
        assertThat(missing.line()).isEmpty();

        ProgramSpec spec = builder.metric("val_bpb").direction(Direction.MINIMIZE).run("uv run train.py").build();
        assertThat(spec.prose()).isEqualTo(text);
        assertThat(spec.source()).contains(file);
        assertThat(spec.timeout()).isEqualTo(ProgramSpec.DEFAULT_TIMEOUT);
        assertThat(spec.stop()).isEqualTo(StopCriteria.DEFAULT);
        assertThat(spec.repeats()).isEqualTo(1);
    }

    @Test
    void buildNamesEachRequiredKeyInTurnUntilAllAreSet() {
        ProgramSpec.Builder builder = ProgramSpec.parse("Just prose.\n", PROGRAM);

        assertThat(catchThrowableOfType(ProgramSpecException.class, builder::build).key()).contains("metric");
        builder.metric("score");
        assertThat(catchThrowableOfType(ProgramSpecException.class, builder::build).key()).contains("direction");
        builder.direction(Direction.MAXIMIZE);
        assertThat(catchThrowableOfType(ProgramSpecException.class, builder::build).key()).contains("run");
        builder.run("./bench.sh");

        assertThat(builder.build().prose()).isEqualTo("Just prose.\n");
    }

    @Test
    void frontMatterWithSomeRequiredKeysIsCompletedByTheCaller() {
        String text = "---\nmetric: score\n---\nBody\n";

        ProgramSpec spec = ProgramSpec.parse(text, PROGRAM).direction(Direction.MAXIMIZE).run("make bench").build();

        assertThat(spec.metric()).isEqualTo("score");
        assertThat(spec.prose()).isEqualTo("Body\n");
    }

    @Test
    void overridesOnAParsedSpecReplaceOnlyWhatTheyName() throws Exception {
        ProgramSpec parsed = ProgramSpec.parse(resource("full-program.md")).build();

        // What a user's command-line flags would do: override a few keys, keep the rest.
        ProgramSpec overridden = parsed.toBuilder()
                .metric("val_loss")
                .direction(Direction.MAXIMIZE)
                .timeout(Duration.ofMinutes(2))
                .repeats(5)
                .stop(parsed.stop().withMaxExperiments(3))
                .environment("WANDB_MODE", "online")
                .build();

        assertThat(overridden.metric()).isEqualTo("val_loss");
        assertThat(overridden.direction()).isEqualTo(Direction.MAXIMIZE);
        assertThat(overridden.timeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(overridden.repeats()).isEqualTo(5);
        assertThat(overridden.stop().maxExperiments()).hasValue(3);
        assertThat(overridden.stop().patience()).hasValue(20);
        assertThat(overridden.environment()).containsEntry("WANDB_MODE", "online").containsEntry("PYTHONHASHSEED", "42");
        assertThat(overridden.run()).isEqualTo(parsed.run());
        assertThat(overridden.editable()).isEqualTo(parsed.editable());
        assertThat(overridden.constraints()).isEqualTo(parsed.constraints());
        assertThat(overridden.tune()).isEqualTo(parsed.tune());
        assertThat(overridden.prose()).isEqualTo(parsed.prose());
        assertThat(overridden.source()).isEqualTo(parsed.source());
        assertThat(parsed.metric()).isEqualTo("val_bpb");
    }

    @Test
    void overridesOnTheParsedBuilderWinOverTheFile() {
        String text = "---\nmetric: val_bpb\ndirection: minimize\nrun: uv run train.py\ntimeout: 10m\n---\n";

        ProgramSpec spec = ProgramSpec.parse(text, PROGRAM).run("uv run train.py --fast").timeout(Duration.ofSeconds(30))
                .build();

        assertThat(spec.run().display()).isEqualTo("uv run train.py --fast");
        assertThat(spec.timeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void acceptsSingleStringsWhereListsAreAllowed() {
        ProgramSpec spec = parse("---\neditable: train.py\nreadonly: prepare.py\nsecondary: memory_gb\n---\n");

        assertThat(spec.editable()).containsExactly(Glob.of("train.py"));
        assertThat(spec.readonly()).containsExactly(Glob.of("prepare.py"));
        assertThat(spec.secondary()).containsExactly("memory_gb");
    }

    @Test
    void keepPathsReplaceTheDefaultList() {
        assertThat(parse("---\neditable: train.py\n---\n").keepPaths()).extracting(Glob::pattern)
                .containsExactlyElementsOf(ProgramSpec.DEFAULT_KEEP_PATHS).contains("**/.venv", "**/target");
        assertThat(parse("---\nkeep-paths: [data/*.bin, .venv]\n---\n").keepPaths()).extracting(Glob::pattern)
                .containsExactly("data/*.bin", ".venv");
        assertThat(parse("---\nkeep-paths: []\n---\n").keepPaths()).isEmpty();
    }

    @Test
    void readsAbsoluteMinImprovementAndNumericStrings() {
        ProgramSpec spec = parse("---\nmin-improvement: 0.001\nrepeats: \"2\"\nstop:\n  target: \"1e-3\"\n---\n");

        assertThat(spec.minImprovement()).isEqualTo(new MinImprovement(0.001, false));
        assertThat(spec.repeats()).isEqualTo(2);
        assertThat(spec.stop().target()).hasValue(1e-3);
    }

    @Test
    void readsDurationsWrittenAsBareSecondsOrUnits() {
        ProgramSpec spec = parse("---\ntimeout: 600\nchecks-timeout: 1h30m\nstop:\n  max-duration: 2.5\n---\n");

        assertThat(spec.timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(spec.checksTimeout()).isEqualTo(Duration.ofMinutes(90));
        assertThat(spec.stop().maxDuration()).contains(Duration.ofMillis(2500));
    }

    @Test
    void keepsDefaultsForKeysTheFileLeavesOut() {
        ProgramSpec spec = parse("---\n# nothing but a comment\n---\nProse.\n");

        assertThat(spec.timeout()).isEqualTo(ProgramSpec.DEFAULT_TIMEOUT);
        assertThat(spec.checks()).isEmpty();
        assertThat(spec.repeats()).isEqualTo(1);
        assertThat(spec.minImprovement()).isEqualTo(MinImprovement.NONE);
        assertThat(spec.stop()).isEqualTo(StopCriteria.DEFAULT);
        assertThat(spec.tune()).isEmpty();
        assertThat(spec.environment()).isEmpty();
        assertThat(spec.prose()).isEqualTo("Prose.\n");
    }

    @Test
    void acceptsAnEmptyFrontMatter() {
        assertThat(parse("---\n---\nProse.").prose()).isEqualTo("Prose.");
    }

    @Test
    void closesFrontMatterWithThreeDots() {
        assertThat(parse("---\nmetric: score\n...\n# Title\n").prose()).isEqualTo("# Title\n");
    }

    @Test
    void readsWindowsLineEndings() {
        String text = "---\r\nmetric: score\r\nrepeats: 2\r\n---\r\nLine one\r\nLine two\r\n";

        ProgramSpec spec = parse(text);

        assertThat(spec.metric()).isEqualTo("score");
        assertThat(spec.repeats()).isEqualTo(2);
        assertThat(spec.prose()).isEqualTo("Line one\r\nLine two\r\n");
    }

    @Test
    void givesEmptyProseWhenTheFileEndsWithTheClosingDelimiter() {
        assertThat(parse("---\nmetric: score\n---").prose()).isEmpty();
        assertThat(parse("---\nmetric: score\n---\n").prose()).isEmpty();
    }

    @Test
    void dropsAByteOrderMarkBeforeTheFrontMatter() {
        ProgramSpec spec = parse("\uFEFF---\nmetric: score\n---\nProse.\n");

        assertThat(spec.metric()).isEqualTo("score");
        assertThat(spec.prose()).isEqualTo("Prose.\n");
    }

    @Test
    void takesAFileWhoseFirstLineIsNotExactlyTheDelimiterAsProse() {
        // Strict on purpose: a blank line or text before '---' means there is no front matter.
        String text = "\n---\nmetric: score\n---\n";

        assertThat(ProgramSpec.parse(text, PROGRAM).metric("m").direction(Direction.MINIMIZE).run("x").build().prose())
                .isEqualTo(text);
    }

    @Test
    void readsBooleanLikeWordsAsText() {
        // YAML 1.1 would turn 'on' and 'yes' into booleans; a variable's value must stay as written.
        ProgramSpec spec = parse("---\nenv:\n  FAST: on\n  DEBUG: yes\n  STRICT: true\n  EMPTY: ''\n---\n");

        assertThat(spec.environment()).containsExactlyInAnyOrderEntriesOf(
                Map.of("FAST", "on", "DEBUG", "yes", "STRICT", "true", "EMPTY", ""));
    }

    @Test
    void readsMultiLineCommands() {
        ProgramSpec spec = parse("---\nrun: |\n  make build\n  ./bench --quick\n---\n");

        assertThat(spec.run().arguments()).containsExactly("sh", "-c", "make build\n./bench --quick");
    }

    @Test
    void reportsAMissingFileByName(@TempDir Path dir) {
        Path missing = dir.resolve("program.md");

        assertThatThrownBy(() -> ProgramSpec.parse(missing))
                .isInstanceOf(ProgramSpecException.class)
                .hasMessage(missing + ": no such program file; create it or pass the path of an existing one");
    }

    @Test
    void reportsAFileThatIsNotUtf8(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("program.md");
        Files.write(file, new byte[] {'-', '-', '-', '\n', (byte) 0xC3, (byte) 0x28, '\n'});

        assertThatThrownBy(() -> ProgramSpec.parse(file))
                .isInstanceOf(ProgramSpecException.class)
                .hasMessage(file + ": the program file is not valid UTF-8 text; save it as UTF-8");
    }

    @Test
    void namesTheSourceAsGivenInMessagesAndSetsIt() {
        Path source = Path.of("experiments", "speed", "program.md");

        ProgramSpec.Builder builder = ProgramSpec.parse("---\nrepeats: 2\n---\n", source);
        ProgramSpecException e = catchThrowableOfType(ProgramSpecException.class, builder::build);

        assertThat(e.getMessage()).startsWith(source + ":3: missing required key 'metric'")
                .contains("add it to the front matter, which ends on this line");
        assertThat(e.advice()).containsExactly(ProgramSpecException.KeyAdvice.set("metric"));
        assertThat(e.line()).hasValue(3);
        assertThat(builder.metric("m").direction(Direction.MINIMIZE).run("x").build().source()).contains(source);
    }

    @Test
    void readsTheSandboxAndItsWritablePaths() {
        ProgramSpec spec = parse("---\nsandbox: true\nsandbox-writable:\n  - ~/.cache\n  - /data/hf\n---\n");

        assertThat(spec.sandbox()).contains(true);
        assertThat(spec.sandboxWritable()).containsExactly("~/.cache", "/data/hf");
        assertThat(parse("---\nsandbox: false\nsandbox-writable: ~/.cache\n---\n").sandbox()).contains(false);
    }

    @Test
    void withoutTheSandboxKeyTheHostChooses() {
        ProgramSpec spec = parse("---\nmetric: score\n---\n");

        assertThat(spec.sandbox()).isEmpty();
        assertThat(spec.sandboxWritable()).isEmpty();
        assertThat(spec.toBuilder().sandbox(true).sandboxWritable(List.of("~/.cache")).build().toBuilder().build()
                .sandboxWritable()).containsExactly("~/.cache");
    }

    /** Parses a snippet and supplies the required keys it leaves out, as a caller would. */
    @Test
    void theSlurmMapHoldsTheJobsOptions() {
        ProgramSpec spec = parse("---\nslurm:\n  partition: gpu\n  account: lab\n  qos: high\n  gres: gpu:a100:1\n"
                + "  cpus: 8\n  mem: 64G\n  time: 1h30m\n  extra: [--constraint=a100, --exclusive]\n---\n");

        SlurmOptions slurm = spec.slurm();
        assertThat(slurm.partition()).hasValue("gpu");
        assertThat(slurm.account()).hasValue("lab");
        assertThat(slurm.qos()).hasValue("high");
        assertThat(slurm.gres()).hasValue("gpu:a100:1");
        assertThat(slurm.cpus()).hasValue(8);
        assertThat(slurm.mem()).hasValue("64G");
        assertThat(slurm.time()).hasValue(java.time.Duration.ofMinutes(90));
        assertThat(slurm.extra()).containsExactly("--constraint=a100", "--exclusive");
        assertThat(spec.toBuilder().build().slurm()).isEqualTo(slurm);
    }

    @Test
    void withoutASlurmMapTheClustersDefaultsApply() {
        assertThat(parse("---\nrun: make\n---\n").slurm()).isEqualTo(SlurmOptions.NONE);
        assertThat(parse("---\nslurm:\n  extra: --exclusive\n  partition: 7\n---\n").slurm())
                .isEqualTo(SlurmOptions.NONE.withExtra(List.of("--exclusive")).withPartition("7"));
    }

    @Test
    void theRunnerAndStrategyAreNamedAndTheRunnerHasItsOwnSettings() {
        ProgramSpec spec = parse("---\nrunner: kube\nstrategy: grid\nrunner-options:\n  namespace: research\n"
                + "  replicas: 4\n  dry: false\n---\n");

        ProviderChoice choice = spec.providers();
        assertThat(choice.runner()).hasValue("kube");
        assertThat(choice.strategy()).hasValue("grid");
        assertThat(choice.runnerOptions()).containsExactly(Map.entry("namespace", "research"), Map.entry("replicas", "4"),
                Map.entry("dry", "false"));
        assertThat(spec.toBuilder().build().providers()).isEqualTo(choice);
        assertThat(parse("---\nrun: make\n---\n").providers()).isEqualTo(ProviderChoice.DEFAULT);
    }

    private static ProgramSpec parse(String text) {
        ProgramSpec.Builder b = ProgramSpec.parse(text, PROGRAM);
        List<String> lines = text.lines().toList();
        if (lines.stream().noneMatch(l -> l.startsWith("metric:"))) {
            b.metric("score");
        }
        if (lines.stream().noneMatch(l -> l.startsWith("direction:"))) {
            b.direction(Direction.MINIMIZE);
        }
        if (lines.stream().noneMatch(l -> l.startsWith("run:"))) {
            b.run("true");
        }
        return b.build();
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(Objects.requireNonNull(ProgramSpecParserTest.class.getResource("/program/" + name), name).toURI());
    }
}
