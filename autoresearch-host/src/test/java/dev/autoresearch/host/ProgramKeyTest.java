package dev.autoresearch.host;

import dev.autoresearch.core.Command;
import dev.autoresearch.core.Glob;
import dev.autoresearch.core.ProgramSpec;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The table of program.md keys that every host's options come from: it covers every key the parser
 * knows, and each entry sets its key from the option's text.
 */
class ProgramKeyTest {
    /** A key added to the parser without an entry in the table fails here. */
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
        assertThat(Arrays.stream(ProgramKey.values()).map(ProgramKey::key).distinct().toList())
                .containsExactlyInAnyOrderElementsOf(keys);
    }

    @Test
    void theOptionNamesOfEachHost() {
        assertThat(ProgramKey.MAX_EXPERIMENTS.option()).isEqualTo("max-experiments");
        assertThat(ProgramKey.MAX_EXPERIMENTS.parameter()).isEqualTo("maxExperiments");
        assertThat(OptionStyle.FLAGS.name(ProgramKey.CONSTRAINTS.option())).isEqualTo("--constraint");
        assertThat(OptionStyle.MAVEN.name(ProgramKey.CHECKS_TIMEOUT.option())).isEqualTo("autoresearch.checksTimeout");
    }

    record Row(ProgramKey key, List<String> values, Function<ProgramSpec, Object> read, Object expected) {
    }

    @Test
    void eachEntrySetsItsKeyFromText() {
        List<Row> rows = List.of(
                new Row(ProgramKey.METRIC, List.of("loss"), ProgramSpec::metric, "loss"),
                new Row(ProgramKey.DIRECTION, List.of("maximize"), s -> s.direction().name(), "MAXIMIZE"),
                new Row(ProgramKey.RUN, List.of("./other"), s -> s.run().display(), "./other"),
                new Row(ProgramKey.TIMEOUT, List.of("90s"), s -> s.timeout().toSeconds(), 90L),
                new Row(ProgramKey.EDITABLE, List.of("b.txt", "c.txt"), s -> globs(s.editable()), List.of("b.txt", "c.txt")),
                new Row(ProgramKey.READONLY, List.of("q.txt"), s -> globs(s.readonly()), List.of("q.txt")),
                new Row(ProgramKey.KEEP_PATHS, List.of("data/*.bin", "**/.venv"), s -> globs(s.keepPaths()),
                        List.of("data/*.bin", "**/.venv")),
                new Row(ProgramKey.CHECKS, List.of("make test"), s -> s.checks().map(Command::display).orElse("none"),
                        "make test"),
                new Row(ProgramKey.CHECKS_TIMEOUT, List.of("7m"), s -> s.checksTimeout().toMinutes(), 7L),
                new Row(ProgramKey.SECONDARY, List.of("acc", "tps"), ProgramSpec::secondary, List.of("acc", "tps")),
                new Row(ProgramKey.CONSTRAINTS, List.of("mem<=5"), s -> s.constraints().toString(), "[mem <= 5.0]"),
                new Row(ProgramKey.REPEATS, List.of("3"), ProgramSpec::repeats, 3),
                new Row(ProgramKey.NOVELTY, List.of("0.8"), ProgramSpec::novelty, 0.8),
                new Row(ProgramKey.MIN_IMPROVEMENT, List.of("2%"), s -> s.minImprovement().toString(), "2.0%"),
                new Row(ProgramKey.MAX_EXPERIMENTS, List.of("7"), s -> s.stop().maxExperiments().getAsInt(), 7),
                new Row(ProgramKey.MAX_DURATION, List.of("2h"), s -> s.stop().maxDuration().orElseThrow().toHours(), 2L),
                new Row(ProgramKey.TARGET, List.of("0.25"), s -> s.stop().target().getAsDouble(), 0.25),
                new Row(ProgramKey.PATIENCE, List.of("9"), s -> s.stop().patience().getAsInt(), 9),
                new Row(ProgramKey.CRASH_STREAK, List.of("2"), s -> s.stop().crashStreak(), 2),
                new Row(ProgramKey.ENV, List.of("FOO=a=b"), s -> s.environment(), Map.of("FOO", "a=b")),
                new Row(ProgramKey.TUNE, List.of("b.txt:B=0.1..1:log"), s -> s.tune().toString(),
                        "[TunedParameter[file=b.txt, name=B, low=0.1, high=1.0, scale=LOG]]"),
                new Row(ProgramKey.COLUMNS, List.of("mem_gb=mem*2"), s -> s.columns().toString(), "[mem_gb = mem*2]"),
                new Row(ProgramKey.WORKERS, List.of("3"), s -> s.lanes().workers().getAsInt(), 3),
                new Row(ProgramKey.DEVICES, List.of("0-1", "4"), s -> s.lanes().devices(), List.of("0", "1", "4")),
                new Row(ProgramKey.DEVICES_PER_EXPERIMENT, List.of("2"), s -> s.lanes().devicesPerExperiment(), 2),
                new Row(ProgramKey.SESSION_DIR, List.of("sessions/here"), s -> s.sessionDirectory().orElseThrow(),
                        "sessions/here"),
                new Row(ProgramKey.SANDBOX, List.of("false"), s -> s.sandbox().toString(), "Optional[false]"),
                new Row(ProgramKey.SANDBOX_WRITABLE, List.of("/tmp/x"), s -> s.sandboxWritable(), List.of("/tmp/x")),
                new Row(ProgramKey.KEEP, List.of("greedy"), s -> s.keep().rule().keyword(), "greedy"),
                new Row(ProgramKey.CONFIDENCE, List.of("0.9"), s -> s.keep().confidence(), 0.9),
                new Row(ProgramKey.BASELINE_REPEATS, List.of("4"), s -> s.keep().baselineRepeats(), 4),
                new Row(ProgramKey.MAX_REPEATS, List.of("6"), s -> s.keep().maxRepeats(), 6),
                new Row(ProgramKey.REMEASURE_EVERY, List.of("5"), s -> s.keep().remeasureEvery(), 5),
                new Row(ProgramKey.HOLDOUT_RUN, List.of("./eval"), s -> s.keep().holdout().orElseThrow().run().display(),
                        "./eval"),
                new Row(ProgramKey.HOLDOUT_METRIC, List.of("auc"), s -> s.keep().holdout().orElseThrow().metric(), "auc"),
                new Row(ProgramKey.HOLDOUT_TIMEOUT, List.of("3m"),
                        s -> s.keep().holdout().orElseThrow().timeout().orElseThrow().toMinutes(), 3L),
                new Row(ProgramKey.HOLDOUT_EVERY, List.of("2"), s -> s.keep().holdoutEvery(), 2),
                new Row(ProgramKey.HOLDOUT_GUARD, List.of("true"), s -> s.keep().holdoutGuard(), true),
                new Row(ProgramKey.SLURM_PARTITION, List.of("gpu"), s -> s.slurm().partition().orElseThrow(), "gpu"),
                new Row(ProgramKey.SLURM_ACCOUNT, List.of("lab"), s -> s.slurm().account().orElseThrow(), "lab"),
                new Row(ProgramKey.SLURM_QOS, List.of("high"), s -> s.slurm().qos().orElseThrow(), "high"),
                new Row(ProgramKey.SLURM_GRES, List.of("gpu:1"), s -> s.slurm().gres().orElseThrow(), "gpu:1"),
                new Row(ProgramKey.SLURM_CPUS, List.of("8"), s -> s.slurm().cpus().getAsInt(), 8),
                new Row(ProgramKey.SLURM_MEM, List.of("64G"), s -> s.slurm().mem().orElseThrow(), "64G"),
                new Row(ProgramKey.SLURM_TIME, List.of("3h"), s -> s.slurm().time().orElseThrow().toHours(), 3L),
                new Row(ProgramKey.SLURM_EXTRA, List.of("constraint=a100"), s -> s.slurm().extra(),
                        List.of("--constraint=a100")));
        assertThat(rows.stream().map(Row::key)).containsAll(Arrays.stream(ProgramKey.values())
                .filter(k -> k != ProgramKey.NO_CHECKS).toList());
        for (Row row : rows) {
            ProgramSpec.Builder b = base();
            if (row.key() == ProgramKey.HOLDOUT_METRIC || row.key() == ProgramKey.HOLDOUT_TIMEOUT) {
                ProgramKey.HOLDOUT_RUN.apply(b, List.of("./eval"), OptionStyle.MAVEN); // they refine a holdout
            }
            row.key().apply(b, row.values(), OptionStyle.MAVEN);
            assertThat(row.read().apply(b.build())).as("%s", row.key()).isEqualTo(row.expected());
        }
        ProgramSpec.Builder b = base().checks("make test");
        ProgramKey.NO_CHECKS.apply(b, List.of("true"), OptionStyle.MAVEN);
        assertThat(b.build().checks()).isEmpty();
    }

    @Test
    void aValueTheContractRejectsNamesTheOptionAsTheHostWritesIt() {
        assertThatThrownBy(() -> ProgramKey.MAX_EXPERIMENTS.apply(base(), List.of("many"), OptionStyle.MAVEN))
                .isInstanceOf(UsageException.class)
                .hasMessage("invalid value for option 'autoresearch.maxExperiments': expected a whole number, got 'many'");
        assertThatThrownBy(() -> ProgramKey.TIMEOUT.apply(base(), List.of("soon"), OptionStyle.FLAGS))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("invalid value for option '--timeout': ");
    }

    @Test
    void aHoldoutRunWithoutItsMetricIsRefusedUnlessProgramMdDeclaresTheHoldout() {
        Map<ProgramKey, List<String>> runOnly = Map.of(ProgramKey.HOLDOUT_RUN, List.of("./eval"),
                ProgramKey.MAX_EXPERIMENTS, List.of("3"));
        ProgramSpec.Builder plain = base();
        assertThatThrownBy(() -> ProgramKey.applyAll(plain, k -> runOnly.getOrDefault(k, List.of()), OptionStyle.MAVEN))
                .isInstanceOf(UsageException.class)
                .hasMessage("autoresearch.holdoutRun and autoresearch.holdoutMetric go together when program.md "
                        + "declares no holdout");
        assertThat(plain.build().keep().holdout()).as("nothing was set").isEmpty();
        assertThat(plain.build().stop().maxExperiments()).isEmpty();

        ProgramSpec.Builder declared = base();
        ProgramKey.applyAll(declared, k -> k == ProgramKey.HOLDOUT_RUN || k == ProgramKey.HOLDOUT_METRIC
                ? List.of(k == ProgramKey.HOLDOUT_RUN ? "./eval" : "test_acc") : List.of(), OptionStyle.MAVEN);
        ProgramKey.applyAll(declared, k -> k == ProgramKey.HOLDOUT_RUN ? List.of("./eval2") : List.of(), OptionStyle.MAVEN);
        assertThat(declared.build().keep().holdout().orElseThrow().metric()).isEqualTo("test_acc");
        assertThat(declared.build().keep().holdout().orElseThrow().run().display()).isEqualTo("./eval2");
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
