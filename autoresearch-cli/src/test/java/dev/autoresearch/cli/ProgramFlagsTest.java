package dev.autoresearch.cli;

import dev.autoresearch.core.Command;
import dev.autoresearch.core.Glob;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.keep.Holdout;
import dev.autoresearch.core.program.ProgramKey;
import dev.autoresearch.core.program.ProgramKeys;
import dev.autoresearch.host.DefaultComponents;
import dev.autoresearch.host.OptionStyle;
import dev.autoresearch.host.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every program.md key has a flag of {@code run}, and each flag overrides the file's value: the
 * contract {@code run} builds from a program.md that sets every key, with one flag given.
 */
class ProgramFlagsTest {
    /** Every key the parser knows, set to a value no row below expects. */
    static final String PROGRAM = """
            ---
            metric: score
            direction: minimize
            run: ./train
            timeout: 5m
            editable: [a.txt]
            readonly: [r.txt]
            keep-paths: [.venv]
            checks: ./test
            checks-timeout: 2m
            secondary: [mem]
            columns:
              mem_gb: mem / 1024
            constraints:
              mem: "<= 80"
            repeats: 1
            min-improvement: 0.001
            stop:
              max-experiments: 3
              max-duration: 1h
              target: 0.5
              patience: 4
              crash-streak: 5
            env:
              FOO: bar
            tune:
              - file: a.txt
                name: A
                range: [1, 10]
                scale: linear
            workers: 2
            devices: 0-3
            devices-per-experiment: 2
            session-dir: sessions/here
            sandbox: false
            sandbox-writable: [/opt/cache]
            keep: significant
            confidence: 0.9
            baseline-repeats: 3
            max-repeats: 5
            remeasure-every: 10
            holdout:
              run: ./eval
              metric: acc
              timeout: 1m
            holdout-every: 1
            holdout-guard: false
            slurm:
              partition: cpu
              account: lab
              qos: normal
              gres: gpu:1
              cpus: 2
              mem: 4G
              time: 1h
              extra: [--exclusive]
            ---
            Make the score small.
            """;

    /** A flag given on top of {@link #PROGRAM}, the program.md key it overrides, and what the key reads then. */
    record Row(String key, List<String> flags, Function<ProgramSpec, Object> value, Object expected) {
        Row(String key, String flag, String argument, Function<ProgramSpec, Object> value, Object expected) {
            this(key, List.of(flag, argument), value, expected);
        }
    }

    static final List<Row> ROWS = List.of(
            new Row("metric", "--metric", "loss", ProgramSpec::metric, "loss"),
            new Row("direction", "--direction", "maximize", s -> s.direction().name(), "MAXIMIZE"),
            new Row("run", "--run", "./other", s -> s.run().display(), "./other"),
            new Row("timeout", "--timeout", "90s", s -> s.timeout().toSeconds(), 90L),
            new Row("editable", "--editable", "b.txt,c.txt", s -> patterns(s.editable()), List.of("b.txt", "c.txt")),
            new Row("readonly", "--readonly", "q.txt", s -> patterns(s.readonly()), List.of("q.txt")),
            new Row("keep-paths", "--keep-paths", "cache/*", s -> patterns(s.keepPaths()), List.of("cache/*")),
            new Row("checks", "--checks", "make test", s -> s.checks().map(Command::display).orElse("none"), "make test"),
            new Row("checks", List.of("--no-checks"), s -> s.checks().map(Command::display).orElse("none"), "none"),
            new Row("checks-timeout", "--checks-timeout", "7m", s -> s.checksTimeout().toMinutes(), 7L),
            new Row("secondary", "--secondary", "acc,tps", ProgramSpec::secondary, List.of("acc", "tps")),
            new Row("columns", "--column", "mem_gb=mem*2", s -> s.columns().toString(), "[mem_gb = mem*2]"),
            new Row("columns", "--column", "tps_k=tps/1000", s -> s.columns().toString(),
                    "[mem_gb = mem / 1024, tps_k = tps/1000]"),
            new Row("constraints", "--constraint", "mem<=5", s -> s.constraints().toString(), "[mem <= 5.0]"),
            new Row("constraints", "--constraint", "acc>=0.9", s -> s.constraints().toString(),
                    "[mem <= 80.0, acc >= 0.9]"),
            new Row("repeats", "--repeats", "3", ProgramSpec::repeats, 3),
            new Row("novelty", "--novelty", "0.8", ProgramSpec::novelty, 0.8),
            new Row("search", "--search", "islands", s -> s.search().kind().keyword(), "islands"),
            new Row("exploration", "--exploration", "1.5", s -> s.search().exploration(), 1.5),
            new Row("islands", "--islands", "6", s -> s.search().islands(), 6),
            new Row("migrate-every", "--migrate-every", "7", s -> s.search().migrateEvery(), 7),
            new Row("plateau", "--plateau", "12", s -> s.search().plateau(), 12),
            new Row("on-plateau", "--on-plateau", "stop", s -> s.search().onPlateau().keyword(), "stop"),
            new Row("min-improvement", "--min-improvement", "2%", s -> s.minImprovement().toString(), "2.0%"),
            new Row("stop.max-experiments", "--max-experiments", "7", s -> s.stop().maxExperiments().getAsInt(), 7),
            new Row("stop.max-duration", "--max-duration", "2h", s -> s.stop().maxDuration().orElseThrow().toHours(), 2L),
            new Row("stop.target", "--target", "0.25", s -> s.stop().target().getAsDouble(), 0.25),
            new Row("stop.patience", "--patience", "9", s -> s.stop().patience().getAsInt(), 9),
            new Row("stop.crash-streak", "--crash-streak", "2", s -> s.stop().crashStreak(), 2),
            new Row("env", "--env", "FOO=baz", s -> s.environment().get("FOO"), "baz"),
            new Row("env", "--env", "NEW=1", s -> s.environment().get("NEW") + "," + s.environment().get("FOO"), "1,bar"),
            new Row("tune", "--tune", "b.txt:B=0.1..1:log", s -> s.tune().toString(),
                    "[TunedParameter[file=b.txt, name=B, low=0.1, high=1.0, scale=LOG]]"),
            new Row("workers", "--workers", "1", s -> s.lanes().workers().getAsInt(), 1),
            new Row("devices", "--devices", "4,5", s -> s.lanes().devices(), List.of("4", "5")),
            new Row("devices-per-experiment", "--devices-per-experiment", "1", s -> s.lanes().devicesPerExperiment(), 1),
            new Row("session-dir", "--session-dir", "/shared/x", s -> s.sessionDirectory().orElseThrow(), "/shared/x"),
            new Row("sandbox", List.of("--sandbox"), s -> s.sandbox().orElseThrow(), true),
            new Row("sandbox-writable", "--sandbox-writable", "~/.cache,/data", ProgramSpec::sandboxWritable,
                    List.of("~/.cache", "/data")),
            new Row("keep", "--keep", "greedy", s -> s.keep().rule().keyword(), "greedy"),
            new Row("confidence", "--confidence", "0.99", s -> s.keep().confidence(), 0.99),
            new Row("baseline-repeats", "--baseline-repeats", "6", s -> s.keep().baselineRepeats(), 6),
            new Row("max-repeats", "--max-repeats", "9", s -> s.keep().maxRepeats(), 9),
            new Row("remeasure-every", "--remeasure-every", "4", s -> s.keep().remeasureEvery(), 4),
            new Row("holdout.run", "--holdout-run", "./eval2", s -> holdout(s).run().display(), "./eval2"),
            new Row("holdout.metric", "--holdout-metric", "auc", s -> holdout(s).metric(), "auc"),
            new Row("holdout.timeout", "--holdout-timeout", "3m", s -> holdout(s).timeout().orElseThrow().toMinutes(), 3L),
            new Row("holdout-every", "--holdout-every", "2", s -> s.keep().holdoutEvery(), 2),
            new Row("holdout-guard", List.of("--holdout-guard"), s -> s.keep().holdoutGuard(), true),
            new Row("slurm.partition", "--slurm-partition", "gpu", s -> s.slurm().partition().orElseThrow(), "gpu"),
            new Row("slurm.account", "--slurm-account", "other", s -> s.slurm().account().orElseThrow(), "other"),
            new Row("slurm.qos", "--slurm-qos", "high", s -> s.slurm().qos().orElseThrow(), "high"),
            new Row("slurm.gres", "--slurm-gres", "gpu:a100:2", s -> s.slurm().gres().orElseThrow(), "gpu:a100:2"),
            new Row("slurm.cpus", "--slurm-cpus", "8", s -> s.slurm().cpus().getAsInt(), 8),
            new Row("slurm.mem", "--slurm-mem", "64G", s -> s.slurm().mem().orElseThrow(), "64G"),
            new Row("slurm.time", "--slurm-time", "3h", s -> s.slurm().time().orElseThrow().toHours(), 3L),
            new Row("slurm.extra", List.of("--slurm-extra", "constraint=a100", "--slurm-extra", "hold"),
                    s -> s.slurm().extra(), List.of("--constraint=a100", "--hold")),
            new Row("runner", "--runner", "slurm", s -> s.providers().runner().orElse("none"), "slurm"),
            new Row("runner-options", List.of("--runner-option", "namespace=research", "--runner-option", "replicas=4"),
                    s -> s.providers().runnerOptions(), Map.of("namespace", "research", "replicas", "4")),
            new Row("strategy", "--strategy", "llm", s -> s.providers().strategy().orElse("none"), "llm"));

    @TempDir
    Path dir;

    @Test
    void eachFlagOverridesItsKeyAndNoOther() throws Exception {
        Files.writeString(dir.resolve("program.md"), PROGRAM);
        ProgramSpec base = spec();

        for (Row row : ROWS) {
            assertThat(row.value().apply(base)).as("program.md's own %s", row.key()).isNotEqualTo(row.expected());
            ProgramSpec overridden = spec(row.flags().toArray(String[]::new));
            assertThat(row.value().apply(overridden)).as("%s with %s", row.key(), row.flags()).isEqualTo(row.expected());
            for (Row other : ROWS) {
                if (!other.key().equals(row.key())) {
                    assertThat(other.value().apply(overridden)).as("%s with %s", other.key(), row.flags())
                            .isEqualTo(other.value().apply(base));
                }
            }
        }
    }

    @Test
    void holdoutFlagsWithoutADeclaredHoldoutNeedBothRunAndMetric() throws Exception {
        Files.writeString(dir.resolve("program.md"), "---\nmetric: score\ndirection: minimize\nrun: ./train\n---\n");

        assertThatThrownBy(() -> spec("--holdout-run", "./eval")).isInstanceOf(UsageException.class)
                .hasMessage("--holdout-run and --holdout-metric go together when program.md declares no holdout");
        assertThat(spec("--holdout-run", "./eval", "--holdout-metric", "acc").keep().holdout())
                .contains(Holdout.of("./eval", "acc"));
        assertThatThrownBy(() -> spec("--confidence", "2")).isInstanceOf(UsageException.class)
                .hasMessage("invalid value for option '--confidence': confidence must be between 0.5 and 0.999, "
                        + "such as 0.95, got 2.0");
    }

    /**
     * A key added to the parser without a flag (or without a row above) fails here: the declaration
     * has every key the parser knows (KeyOptionsTest), and each of its flags is a flag of run.
     */
    @Test
    void everyKeyTheParserKnowsHasAFlagAndARowAbove() {
        Set<String> runFlags = AutoresearchCommand.commandLine(context()).getSubcommands().get("run").getCommandSpec()
                .options().stream().flatMap(o -> List.of(o.names()).stream()).collect(Collectors.toSet());
        List<String> keys = ProgramKeys.all().stream().map(ProgramKey::name).distinct().toList();

        assertThat(keys).contains("metric", "env", "tune", "stop.crash-streak", "slurm.gres", "holdout.run", "keep");
        for (ProgramKey key : ProgramKeys.all()) {
            assertThat(runFlags).as("the flag of program.md key '%s'", key.name())
                    .contains(OptionStyle.FLAGS.name(key.option()));
        }
        Set<String> rowKeys = ROWS.stream().map(Row::key).collect(Collectors.toCollection(TreeSet::new));
        assertThat(rowKeys).as("keys with an override row").containsAll(keys);
    }

    private ProgramSpec spec(String... flags) {
        List<String> args = new ArrayList<>(List.of("run", "program.md"));
        args.addAll(List.of(flags));
        CommandLine.ParseResult parsed = AutoresearchCommand.commandLine(context()).parseArgs(args.toArray(String[]::new));
        RunCommand run = (RunCommand) parsed.subcommand().commandSpec().userObject();
        return run.program().spec();
    }

    private CliContext context() {
        return new CliContext(dir, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), Map.of(),
                false, new DefaultComponents(Map.of()), InstantSource.system(), ShutdownHooks.none());
    }

    private static Holdout holdout(ProgramSpec spec) {
        return spec.keep().holdout().orElseThrow();
    }

    private static List<String> patterns(List<Glob> globs) {
        return globs.stream().map(Glob::pattern).toList();
    }
}
