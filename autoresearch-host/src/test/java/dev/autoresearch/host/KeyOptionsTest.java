package dev.autoresearch.host;

import dev.autoresearch.core.Command;
import dev.autoresearch.core.Glob;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.program.ProgramKey;
import dev.autoresearch.core.program.ProgramKeys;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The options every host has for program.md's keys, from the keys' one declaration: they cover every
 * key the parser knows, and each sets its key from the option's text.
 */
class KeyOptionsTest {
    /** A key the parser knows without a declaration, and so without an option, fails here. */
    @Test
    void everyKeyTheParserKnowsHasAnEntry() throws Exception {
        List<String> keys = new ArrayList<>();
        for (String key : parserKeys("KEYS")) {
            if (key.equals("stop")) {
                parserKeys("STOP_KEYS").forEach(k -> keys.add("stop." + k));
            } else if (key.equals("holdout")) {
                parserKeys("HOLDOUT_KEYS").forEach(k -> keys.add("holdout." + k));
            } else if (key.equals("slurm")) {
                parserKeys("SLURM_KEYS").forEach(k -> keys.add("slurm." + k));
            } else {
                keys.add(key);
            }
        }
        assertThat(ProgramKeys.all().stream().map(ProgramKey::name).distinct().toList())
                .containsExactlyInAnyOrderElementsOf(keys);
    }

    @Test
    void theOptionNamesOfEachHost() {
        assertThat(ProgramKeys.MAX_EXPERIMENTS.option()).isEqualTo("max-experiments");
        assertThat(KeyOptions.parameter(ProgramKeys.MAX_EXPERIMENTS)).isEqualTo("maxExperiments");
        assertThat(OptionStyle.FLAGS.name(ProgramKeys.CONSTRAINTS.option())).isEqualTo("--constraint");
        assertThat(OptionStyle.MAVEN.name(ProgramKeys.CHECKS_TIMEOUT.option())).isEqualTo("autoresearch.checksTimeout");
    }

    record Row(ProgramKey key, List<String> values, Function<ProgramSpec, Object> read, Object expected) {
    }

    @Test
    void eachEntrySetsItsKeyFromText() {
        List<Row> rows = List.of(
                new Row(ProgramKeys.METRIC, List.of("loss"), ProgramSpec::metric, "loss"),
                new Row(ProgramKeys.DIRECTION, List.of("maximize"), s -> s.direction().name(), "MAXIMIZE"),
                new Row(ProgramKeys.RUN, List.of("./other"), s -> s.run().display(), "./other"),
                new Row(ProgramKeys.TIMEOUT, List.of("90s"), s -> s.timeout().toSeconds(), 90L),
                new Row(ProgramKeys.EDITABLE, List.of("b.txt", "c.txt"), s -> globs(s.editable()), List.of("b.txt", "c.txt")),
                new Row(ProgramKeys.READONLY, List.of("q.txt"), s -> globs(s.readonly()), List.of("q.txt")),
                new Row(ProgramKeys.KEEP_PATHS, List.of("data/*.bin", "**/.venv"), s -> globs(s.keepPaths()),
                        List.of("data/*.bin", "**/.venv")),
                new Row(ProgramKeys.CHECKS, List.of("make test"), s -> s.checks().map(Command::display).orElse("none"),
                        "make test"),
                new Row(ProgramKeys.CHECKS_TIMEOUT, List.of("7m"), s -> s.checksTimeout().toMinutes(), 7L),
                new Row(ProgramKeys.SECONDARY, List.of("acc", "tps"), ProgramSpec::secondary, List.of("acc", "tps")),
                new Row(ProgramKeys.CONSTRAINTS, List.of("mem<=5"), s -> s.constraints().toString(), "[mem <= 5.0]"),
                new Row(ProgramKeys.REPEATS, List.of("3"), ProgramSpec::repeats, 3),
                new Row(ProgramKeys.MIN_IMPROVEMENT, List.of("2%"), s -> s.minImprovement().toString(), "2.0%"),
                new Row(ProgramKeys.MAX_EXPERIMENTS, List.of("7"), s -> s.stop().maxExperiments().getAsInt(), 7),
                new Row(ProgramKeys.MAX_DURATION, List.of("2h"), s -> s.stop().maxDuration().orElseThrow().toHours(), 2L),
                new Row(ProgramKeys.TARGET, List.of("0.25"), s -> s.stop().target().getAsDouble(), 0.25),
                new Row(ProgramKeys.PATIENCE, List.of("9"), s -> s.stop().patience().getAsInt(), 9),
                new Row(ProgramKeys.CRASH_STREAK, List.of("2"), s -> s.stop().crashStreak(), 2),
                new Row(ProgramKeys.ENV, List.of("FOO=a=b"), s -> s.environment(), Map.of("FOO", "a=b")),
                new Row(ProgramKeys.TUNE, List.of("b.txt:B=0.1..1:log"), s -> s.tune().toString(),
                        "[TunedParameter[file=b.txt, name=B, low=0.1, high=1.0, scale=LOG]]"),
                new Row(ProgramKeys.COLUMNS, List.of("mem_gb=mem*2"), s -> s.columns().toString(), "[mem_gb = mem*2]"),
                new Row(ProgramKeys.WORKERS, List.of("3"), s -> s.lanes().workers().getAsInt(), 3),
                new Row(ProgramKeys.DEVICES, List.of("0-1", "4"), s -> s.lanes().devices(), List.of("0", "1", "4")),
                new Row(ProgramKeys.DEVICES_PER_EXPERIMENT, List.of("2"), s -> s.lanes().devicesPerExperiment(), 2),
                new Row(ProgramKeys.SESSION_DIR, List.of("sessions/here"), s -> s.sessionDirectory().orElseThrow(),
                        "sessions/here"),
                new Row(ProgramKeys.SANDBOX, List.of("false"), s -> s.sandbox().toString(), "Optional[false]"),
                new Row(ProgramKeys.SANDBOX_WRITABLE, List.of("/tmp/x"), s -> s.sandboxWritable(), List.of("/tmp/x")),
                new Row(ProgramKeys.KEEP, List.of("greedy"), s -> s.keep().rule().keyword(), "greedy"),
                new Row(ProgramKeys.CONFIDENCE, List.of("0.9"), s -> s.keep().confidence(), 0.9),
                new Row(ProgramKeys.BASELINE_REPEATS, List.of("4"), s -> s.keep().baselineRepeats(), 4),
                new Row(ProgramKeys.MAX_REPEATS, List.of("6"), s -> s.keep().maxRepeats(), 6),
                new Row(ProgramKeys.REMEASURE_EVERY, List.of("5"), s -> s.keep().remeasureEvery(), 5),
                new Row(ProgramKeys.HOLDOUT_RUN, List.of("./eval"), s -> s.keep().holdout().orElseThrow().run().display(),
                        "./eval"),
                new Row(ProgramKeys.HOLDOUT_METRIC, List.of("auc"), s -> s.keep().holdout().orElseThrow().metric(), "auc"),
                new Row(ProgramKeys.HOLDOUT_TIMEOUT, List.of("3m"),
                        s -> s.keep().holdout().orElseThrow().timeout().orElseThrow().toMinutes(), 3L),
                new Row(ProgramKeys.HOLDOUT_EVERY, List.of("2"), s -> s.keep().holdoutEvery(), 2),
                new Row(ProgramKeys.HOLDOUT_GUARD, List.of("true"), s -> s.keep().holdoutGuard(), true),
                new Row(ProgramKeys.SLURM_PARTITION, List.of("gpu"), s -> s.slurm().partition().orElseThrow(), "gpu"),
                new Row(ProgramKeys.SLURM_ACCOUNT, List.of("lab"), s -> s.slurm().account().orElseThrow(), "lab"),
                new Row(ProgramKeys.SLURM_QOS, List.of("high"), s -> s.slurm().qos().orElseThrow(), "high"),
                new Row(ProgramKeys.SLURM_GRES, List.of("gpu:1"), s -> s.slurm().gres().orElseThrow(), "gpu:1"),
                new Row(ProgramKeys.SLURM_CPUS, List.of("8"), s -> s.slurm().cpus().getAsInt(), 8),
                new Row(ProgramKeys.SLURM_MEM, List.of("64G"), s -> s.slurm().mem().orElseThrow(), "64G"),
                new Row(ProgramKeys.SLURM_TIME, List.of("3h"), s -> s.slurm().time().orElseThrow().toHours(), 3L),
                new Row(ProgramKeys.SLURM_EXTRA, List.of("constraint=a100"), s -> s.slurm().extra(),
                        List.of("--constraint=a100")),
                new Row(ProgramKeys.RUNNER, List.of("kube"), s -> s.providers().runner().orElseThrow(), "kube"),
                new Row(ProgramKeys.RUNNER_OPTIONS, List.of("namespace=research", "replicas=4"),
                        s -> s.providers().runnerOptions(), Map.of("namespace", "research", "replicas", "4")),
                new Row(ProgramKeys.STRATEGY, List.of("grid"), s -> s.providers().strategy().orElseThrow(), "grid"),
                new Row(ProgramKeys.NOVELTY, List.of("0.8"), ProgramSpec::novelty, 0.8),
                new Row(ProgramKeys.SEARCH, List.of("tree"), s -> s.search().kind().keyword(), "tree"),
                new Row(ProgramKeys.EXPLORATION, List.of("1.5"), s -> s.search().exploration(), 1.5),
                new Row(ProgramKeys.ISLANDS, List.of("6"), s -> s.search().islands(), 6),
                new Row(ProgramKeys.MIGRATE_EVERY, List.of("7"), s -> s.search().migrateEvery(), 7),
                new Row(ProgramKeys.PLATEAU, List.of("12"), s -> s.search().plateau(), 12),
                new Row(ProgramKeys.ON_PLATEAU, List.of("stop"), s -> s.search().onPlateau().keyword(), "stop"));
        assertThat(rows.stream().map(Row::key)).containsAll(ProgramKeys.all().stream()
                .filter(k -> k != ProgramKeys.NO_CHECKS).toList());
        for (Row row : rows) {
            ProgramSpec.Builder b = base();
            if (row.key() == ProgramKeys.HOLDOUT_METRIC || row.key() == ProgramKeys.HOLDOUT_TIMEOUT) {
                KeyOptions.apply(ProgramKeys.HOLDOUT_RUN, b, List.of("./eval"), OptionStyle.MAVEN); // they refine a holdout
            }
            KeyOptions.apply(row.key(), b, row.values(), OptionStyle.MAVEN);
            assertThat(row.read().apply(b.build())).as("%s", row.key()).isEqualTo(row.expected());
        }
        ProgramSpec.Builder b = base().checks("make test");
        KeyOptions.apply(ProgramKeys.NO_CHECKS, b, List.of("true"), OptionStyle.MAVEN);
        assertThat(b.build().checks()).isEmpty();
    }

    @Test
    void aValueTheContractRejectsNamesTheOptionAsTheHostWritesIt() {
        assertThatThrownBy(() -> KeyOptions.apply(ProgramKeys.MAX_EXPERIMENTS, base(), List.of("many"), OptionStyle.MAVEN))
                .isInstanceOf(UsageException.class)
                .hasMessage("invalid value for option 'autoresearch.maxExperiments': expected a whole number, got 'many'");
        assertThatThrownBy(() -> KeyOptions.apply(ProgramKeys.TIMEOUT, base(), List.of("soon"), OptionStyle.FLAGS))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("invalid value for option '--timeout': ");
    }

    @Test
    void aHoldoutRunWithoutItsMetricIsRefusedUnlessProgramMdDeclaresTheHoldout() {
        Map<ProgramKey, List<String>> runOnly = Map.of(ProgramKeys.HOLDOUT_RUN, List.of("./eval"),
                ProgramKeys.MAX_EXPERIMENTS, List.of("3"));
        ProgramSpec.Builder plain = base();
        assertThatThrownBy(() -> KeyOptions.applyAll(plain, k -> runOnly.getOrDefault(k, List.of()), OptionStyle.MAVEN))
                .isInstanceOf(UsageException.class)
                .hasMessage("autoresearch.holdoutRun and autoresearch.holdoutMetric go together when program.md "
                        + "declares no holdout");
        assertThat(plain.build().keep().holdout()).as("nothing was set").isEmpty();
        assertThat(plain.build().stop().maxExperiments()).isEmpty();

        ProgramSpec.Builder declared = base();
        KeyOptions.applyAll(declared, k -> k == ProgramKeys.HOLDOUT_RUN || k == ProgramKeys.HOLDOUT_METRIC
                ? List.of(k == ProgramKeys.HOLDOUT_RUN ? "./eval" : "test_acc") : List.of(), OptionStyle.MAVEN);
        KeyOptions.applyAll(declared, k -> k == ProgramKeys.HOLDOUT_RUN ? List.of("./eval2") : List.of(), OptionStyle.MAVEN);
        assertThat(declared.build().keep().holdout().orElseThrow().metric()).isEqualTo("test_acc");
        assertThat(declared.build().keep().holdout().orElseThrow().run().display()).isEqualTo("./eval2");
    }

    /** A message of the core that advises setting keys names each host's options for them. */
    @Test
    void aContractThatNeedsAKeyNamesTheOptionsOfTheHost() {
        ProgramSpec.Builder b = ProgramSpec.parse("---\nrun: ./train\ndirection: minimize\nbaseline-repeats: 1\n---\n",
                java.nio.file.Path.of("program.md"));
        assertThatThrownBy(() -> KeyOptions.build(b, OptionStyle.FLAGS))
                .hasMessage("program.md:5: missing required key 'metric' (the name of the primary metric, e.g. "
                        + "'metric: val_bpb'); add it to the front matter, which ends on this line (flags: --metric)");
        b.metric("score");
        assertThatThrownBy(() -> KeyOptions.build(b, OptionStyle.MAVEN))
                .hasMessageEndingWith("; raise baseline-repeats or set keep: greedy (parameters: "
                        + "autoresearch.baselineRepeats, autoresearch.keep=greedy)");
        assertThatThrownBy(() -> KeyOptions.build(b, OptionStyle.FLAGS))
                .hasMessageEndingWith("(flags: --baseline-repeats, --keep greedy)");
        assertThat(KeyOptions.build(b.keep(b.keep().withBaselineRepeats(3)), OptionStyle.FLAGS).metric()).isEqualTo("score");
    }

    private static ProgramSpec.Builder base() {
        return ProgramSpec.builder().metric("score").direction(dev.autoresearch.core.Direction.MINIMIZE).run("./train");
    }

    private static List<String> globs(List<Glob> globs) {
        return globs.stream().map(Glob::pattern).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<String> parserKeys(String field) throws Exception {
        Field f = Class.forName("dev.autoresearch.core.internal.program.ProgramSpecParser").getDeclaredField(field);
        f.setAccessible(true);
        return (List<String>) f.get(null);
    }
}
