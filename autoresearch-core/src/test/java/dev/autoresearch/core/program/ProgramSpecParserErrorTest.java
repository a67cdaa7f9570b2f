package dev.autoresearch.core.program;

import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ProgramSpecException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every error program.md parsing reports: each names the file, the line (counting the opening
 * {@code ---} as line 1), the key and what is expected.
 */
class ProgramSpecParserErrorTest {
    private static final String KNOWN_KEYS = "Known keys: metric, direction, run, timeout, editable, readonly, keep-paths, checks,"
            + " checks-timeout, secondary, columns, constraints, repeats, min-improvement, stop, env, tune, workers, devices,"
            + " devices-per-experiment, session-dir, sandbox, sandbox-writable,"
            + " keep, confidence, baseline-repeats, max-repeats, remeasure-every, holdout, holdout-every, holdout-guard, slurm,"
            + " runner, runner-options, strategy, novelty, search, exploration, islands, migrate-every, plateau, on-plateau";

    // ---- unknown keys ---------------------------------------------------------------------------

    @Test
    void unknownKeySuggestsTheNearestKnownOne() {
        ProgramSpecException e = error("---\ndirection: minimize\nrun: make\nmetrc: val_bpb\n---\n");

        assertError(e, "metrc", 4, "program.md:4: unknown key 'metrc'; did you mean 'metric'? " + KNOWN_KEYS);
    }

    @Test
    void unknownKeyWithoutANearOneListsTheKnownKeys() {
        ProgramSpecException e = error("---\nmetric: score\nbudget: 5\n---\n");

        assertError(e, "budget", 3, "program.md:3: unknown key 'budget'. " + KNOWN_KEYS);
    }

    @Test
    void unknownKeyWrittenInAnotherCaseStyleSuggestsTheKebabCaseKey() {
        ProgramSpecException e = error("---\nminImprovement: 0.5%\n---\n");

        assertError(e, "minImprovement", 2,
                "program.md:2: unknown key 'minImprovement'; did you mean 'min-improvement'? " + KNOWN_KEYS);
    }

    @Test
    void stopCriterionAtTheTopLevelSaysWhereItBelongs() {
        ProgramSpecException e = error("---\nmetric: score\npatience: 5\n---\n");

        assertError(e, "patience", 3, "program.md:3: unknown key 'patience'; did you mean 'stop.patience'?"
                + " It belongs under 'stop:'. " + KNOWN_KEYS);
    }

    @Test
    void unknownKeyUnderStopIsNamedWithItsParent() {
        ProgramSpecException e = error("---\nmetric: score\nstop:\n  max-experiments: 10\n  patiance: 5\n---\n");

        assertError(e, "stop.patiance", 5, "program.md:5: unknown key 'stop.patiance'; did you mean 'stop.patience'?"
                + " Known keys under stop: max-experiments, max-duration, target, patience, crash-streak");
    }

    @Test
    void unknownKeyInATuneEntryNamesTheEntry() {
        ProgramSpecException e = error("""
                ---
                tune:
                  - file: train.py
                    name: LR
                    range: [0.1, 1]
                  - file: train.py
                    name: WD
                    rnage: [0, 1]
                ---
                """);

        assertError(e, "tune.rnage", 8, "program.md:8: unknown key 'tune.rnage' in tune entry 2;"
                + " did you mean 'tune.range'? Known keys in a tune entry: file, name, range, scale");
    }

    @Test
    void repeatedKeyNamesBothLines() {
        ProgramSpecException e = error("---\nmetric: a\nrun: make\nmetric: b\n---\n");

        assertError(e, "metric", 4, "program.md:4: key 'metric' appears twice (lines 2 and 4); keep one");
    }

    // ---- values of the wrong form ---------------------------------------------------------------

    @Test
    void badDirection() {
        ProgramSpecException e = error("---\nmetric: score\ndirection: up\n---\n");

        assertError(e, "direction", 3, "program.md:3: key 'direction': expected 'minimize' or 'maximize', got 'up'");
    }

    @Test
    void directionGivenAsAList() {
        ProgramSpecException e = error("---\ndirection: [min, max]\n---\n");

        assertError(e, "direction", 2,
                "program.md:2: key 'direction': expected 'minimize' or 'maximize', got [min, max]");
    }

    @Test
    void badTimeout() {
        ProgramSpecException e = error("---\nmetric: score\ndirection: minimize\nrun: make\n\n# the budget\ntimeout: ten minutes\n---\n");

        assertError(e, "timeout", 7,
                "program.md:7: key 'timeout': expected a duration such as 90s, 10m, 2h or 1h30m, got 'ten minutes'");
    }

    @Test
    void timeoutThatIsNotPositive() {
        ProgramSpecException e = error("---\ntimeout: 0\n---\n");

        assertError(e, "timeout", 2, "program.md:2: key 'timeout': expected a positive duration, got '0'");
    }

    @Test
    void timeoutGivenAsABoolean() {
        ProgramSpecException e = error("---\ntimeout: true\n---\n");

        assertError(e, "timeout", 2,
                "program.md:2: key 'timeout': expected a duration such as 90s, 10m, 2h or 1h30m, got true");
    }

    @Test
    void badChecksTimeout() {
        ProgramSpecException e = error("---\nchecks: make test\nchecks-timeout: soon\n---\n");

        assertError(e, "checks-timeout", 3,
                "program.md:3: key 'checks-timeout': expected a duration such as 90s, 10m, 2h or 1h30m, got 'soon'");
    }

    @Test
    void sandboxThatIsNotABoolean() {
        ProgramSpecException e = error("---\nsandbox: yes\n---\n");

        assertError(e, "sandbox", 2, "program.md:2: key 'sandbox': expected true or false, got 'yes'");
    }

    @Test
    void sandboxWritablePathThatIsRelative() {
        ProgramSpecException e = error("---\nsandbox-writable:\n  - ~/.cache\n  - data\n---\n");

        assertError(e, "sandbox-writable", 4, "program.md:4: key 'sandbox-writable': expected an absolute path "
                + "or one starting with ~/, such as ~/.cache, got 'data'");
    }

    @Test
    void repeatsBelowOne() {
        ProgramSpecException e = error("---\nrepeats: 0\n---\n");

        assertError(e, "repeats", 2, "program.md:2: key 'repeats': expected a whole number from 1 to 1000, got 0");
    }

    @Test
    void repeatsThatIsNotAWholeNumber() {
        assertError(error("---\nrepeats: 2.5\n---\n"), "repeats", 2,
                "program.md:2: key 'repeats': expected a whole number from 1 to 1000, got 2.5");
        assertError(error("---\nrepeats: three\n---\n"), "repeats", 2,
                "program.md:2: key 'repeats': expected a whole number from 1 to 1000, got 'three'");
    }

    @Test
    void badMinImprovement() {
        ProgramSpecException e = error("---\nmin-improvement: half a percent\n---\n");

        assertError(e, "min-improvement", 2, "program.md:2: key 'min-improvement': expected an amount >= 0 such as"
                + " 0.001 or a percentage such as 0.5%, got 'half a percent'");
    }

    @Test
    void negativeMinImprovement() {
        ProgramSpecException e = error("---\nmin-improvement: -0.1\n---\n");

        assertError(e, "min-improvement", 2, "program.md:2: key 'min-improvement': expected an amount >= 0 such as"
                + " 0.001 or a percentage such as 0.5%, got -0.1");
    }

    @Test
    void badConstraint() {
        ProgramSpecException e = error("---\nconstraints:\n  memory_gb: \"<= 80\"\n  accuracy: about 0.9\n---\n");

        assertError(e, "constraints.accuracy", 4, "program.md:4: key 'constraints.accuracy': expected a comparison"
                + " such as \"<= 80000\" or \">= 0.9\", got 'about 0.9'");
    }

    @Test
    void constraintWithAMalformedBound() {
        ProgramSpecException e = error("---\nconstraints:\n  memory_gb: \"<= 1.2.3\"\n---\n");

        assertError(e, "constraints.memory_gb", 3, "program.md:3: key 'constraints.memory_gb': expected a comparison"
                + " such as \"<= 80000\" or \">= 0.9\", got '<= 1.2.3'");
    }

    @Test
    void constraintGivenAsABareNumber() {
        ProgramSpecException e = error("---\nconstraints:\n  memory_gb: 80\n---\n");

        assertError(e, "constraints.memory_gb", 3, "program.md:3: key 'constraints.memory_gb': expected a comparison"
                + " such as \"<= 80000\" or \">= 0.9\", got 80");
    }

    @Test
    void constraintsThatAreNotAMapping() {
        ProgramSpecException e = error("---\nconstraints:\n  - memory_gb <= 80\n---\n");

        assertError(e, "constraints", 2, "program.md:2: key 'constraints': expected a mapping from metric name to"
                + " a comparison such as \"<= 80000\" or \">= 0.9\", such as memory_gb: \"<= 80\", got [memory_gb <= 80]");
    }

    @Test
    void badTarget() {
        ProgramSpecException e = error("---\nstop:\n  max-experiments: 50\n  target: high\n---\n");

        assertError(e, "stop.target", 4,
                "program.md:4: key 'stop.target': expected a number, the metric value to reach, got 'high'");
    }

    @Test
    void targetThatIsNotFinite() {
        ProgramSpecException e = error("---\nstop:\n  target: .inf\n---\n");

        assertError(e, "stop.target", 3,
                "program.md:3: key 'stop.target': expected a number, the metric value to reach, got '.inf'");
    }

    @Test
    void badPatience() {
        ProgramSpecException e = error("---\nstop:\n  patience: 0\n---\n");

        assertError(e, "stop.patience", 3, "program.md:3: key 'stop.patience': expected a whole number >= 1"
                + " (experiments in a row without a keep), got 0");
    }

    @Test
    void badMaxExperiments() {
        assertError(error("---\nstop:\n  max-experiments: -1\n---\n"), "stop.max-experiments", 3,
                "program.md:3: key 'stop.max-experiments': expected a whole number >= 0, got -1");
        assertError(error("---\nstop:\n  max-experiments: many\n---\n"), "stop.max-experiments", 3,
                "program.md:3: key 'stop.max-experiments': expected a whole number >= 0, got 'many'");
    }

    @Test
    void badMaxDuration() {
        ProgramSpecException e = error("---\nstop:\n  max-duration: overnight\n---\n");

        assertError(e, "stop.max-duration", 3, "program.md:3: key 'stop.max-duration': expected a duration such as"
                + " 90s, 10m, 2h or 1h30m, got 'overnight'");
    }

    @Test
    void badCrashStreak() {
        ProgramSpecException e = error("---\nstop:\n  crash-streak: 0\n---\n");

        assertError(e, "stop.crash-streak", 3, "program.md:3: key 'stop.crash-streak': expected a whole number >= 1"
                + " (failed experiments in a row), got 0");
    }

    @Test
    void stopThatIsNotAMapping() {
        ProgramSpecException e = error("---\nstop: 100\n---\n");

        assertError(e, "stop", 2, "program.md:2: key 'stop': expected a mapping with any of max-experiments,"
                + " max-duration, target, patience, crash-streak, got 100");
    }

    @Test
    void metricGivenAsABoolean() {
        ProgramSpecException e = error("---\nmetric: true\n---\n");

        assertError(e, "metric", 2, "program.md:2: key 'metric': expected a metric name such as val_bpb, got true");
    }

    @Test
    void metricThatIsNotAName() {
        ProgramSpecException e = error("---\nmetric: validation loss\n---\n");

        assertError(e, "metric", 2, "program.md:2: key 'metric': expected a metric name such as val_bpb"
                + " (no spaces), got 'validation loss'");
    }

    @Test
    void emptyRun() {
        ProgramSpecException e = error("---\nmetric: score\nrun:\n---\n");

        assertError(e, "run", 3,
                "program.md:3: key 'run': expected a command line such as 'uv run train.py', got an empty value");
    }

    @Test
    void checksGivenAsAList() {
        ProgramSpecException e = error("---\nchecks:\n  - make test\n  - make lint\n---\n");

        assertError(e, "checks", 2, "program.md:2: key 'checks': expected a command line such as './gradlew test',"
                + " got [make test, make lint]");
    }

    @Test
    void editableItemThatIsNotAPattern() {
        ProgramSpecException e = error("---\neditable:\n  - train.py\n  - {file: model.py}\n---\n");

        assertError(e, "editable", 4, "program.md:4: key 'editable': expected a path pattern such as"
                + " 'src/**/*.java' or a list of them, got a mapping");
    }

    @Test
    void absoluteReadonlyPattern() {
        ProgramSpecException e = error("---\nreadonly:\n  - prepare.py\n  - /etc/passwd\n---\n");

        assertError(e, "readonly", 4, "program.md:4: key 'readonly': path patterns are relative to the repository"
                + " root, got '/etc/passwd'");
    }

    @Test
    void secondaryThatIsNotAMetricName() {
        ProgramSpecException e = error("---\nsecondary: [memory_gb, 42]\n---\n");

        assertError(e, "secondary", 2,
                "program.md:2: key 'secondary': expected a metric name such as memory_gb, got 42");
    }

    @Test
    void envThatIsNotAMapping() {
        ProgramSpecException e = error("---\nenv:\n  - CUDA_VISIBLE_DEVICES=0\n---\n");

        assertError(e, "env", 2, "program.md:2: key 'env': expected a mapping from variable name to value, such as"
                + " CUDA_VISIBLE_DEVICES: \"0\", got [CUDA_VISIBLE_DEVICES=0]");
    }

    @Test
    void envValueThatIsNotAScalar() {
        ProgramSpecException e = error("---\nenv:\n  SEED: 1\n  PATHS: [a, b]\n---\n");

        assertError(e, "env.PATHS", 4,
                "program.md:4: key 'env.PATHS': expected a value such as \"0\" or \"fast\", got [a, b]");
    }

    @Test
    void envVariableNameWithAnEqualsSign() {
        ProgramSpecException e = error("---\nenv:\n  \"A=B\": x\n---\n");

        assertError(e, "env.A=B", 3, "program.md:3: key 'env.A=B': not an environment variable name: 'A=B'");
    }

    // ---- tune -----------------------------------------------------------------------------------

    @Test
    void tuneRangeWithLowAboveHigh() {
        ProgramSpecException e = error("""
                ---
                metric: score
                tune:
                  - file: train.py
                    name: LR
                    range: [3, 1]
                ---
                """);

        assertError(e, "tune.range", 6, "program.md:6: key 'tune.range' in tune entry 1: expected [low, high],"
                + " two numbers with low < high, got [3, 1]");
    }

    @Test
    void tuneRangeWithOneBound() {
        ProgramSpecException e = error("---\ntune:\n  - {file: train.py, name: LR, range: [1]}\n---\n");

        assertError(e, "tune.range", 3, "program.md:3: key 'tune.range' in tune entry 1: expected [low, high],"
                + " two numbers with low < high, got [1]");
    }

    @Test
    void tuneRangeWithAWord() {
        ProgramSpecException e = error("""
                ---
                tune:
                  - file: train.py
                    name: LR
                    range:
                      - 0.1
                      - big
                ---
                """);

        assertError(e, "tune.range", 5, "program.md:5: key 'tune.range' in tune entry 1: expected [low, high],"
                + " two numbers with low < high, got [0.1, big]");
    }

    @Test
    void tuneLogRangeThatIsNotPositive() {
        ProgramSpecException e = error("---\ntune:\n  - file: train.py\n    name: LR\n    scale: log\n"
                + "    range: [0, 1]\n---\n");

        assertError(e, "tune.range", 6, "program.md:6: key 'tune.range' in tune entry 1: expected a range of"
                + " positive numbers for scale log, got [0, 1]");
    }

    @Test
    void tuneIntRangeWithFractions() {
        ProgramSpecException e = error("---\ntune:\n  - {file: train.py, name: DEPTH, range: [1.5, 8], scale: int}\n---\n");

        assertError(e, "tune.range", 3, "program.md:3: key 'tune.range' in tune entry 1: expected whole numbers"
                + " for scale int, got [1.5, 8]");
    }

    @Test
    void badTuneScale() {
        ProgramSpecException e = error("""
                ---
                tune:
                  - file: train.py
                    name: LR
                    range: [0.001, 0.1]
                    scale: exponential
                ---
                """);

        assertError(e, "tune.scale", 6, "program.md:6: key 'tune.scale' in tune entry 1: expected 'linear', 'log'"
                + " or 'int', got 'exponential'");
    }

    @Test
    void tuneEntryWithoutAName() {
        ProgramSpecException e = error("""
                ---
                tune:
                  - file: train.py
                    name: LR
                    range: [0.001, 0.1]
                  - file: train.py
                    range: [1, 8]
                ---
                """);

        assertError(e, "tune.name", 6, "program.md:6: key 'tune.name' in tune entry 2 is missing; expected the"
                + " constant's name as written in the file, such as LEARNING_RATE");
    }

    @Test
    void tuneEntryWithoutAFileOrRange() {
        assertError(error("---\ntune:\n  - name: LR\n    range: [1, 2]\n---\n"), "tune.file", 3,
                "program.md:3: key 'tune.file' in tune entry 1 is missing; expected a path relative to the"
                        + " repository root, such as train.py");
        assertError(error("---\ntune:\n  - file: train.py\n    name: LR\n---\n"), "tune.range", 3,
                "program.md:3: key 'tune.range' in tune entry 1 is missing; expected [low, high], two numbers"
                        + " with low < high");
    }

    @Test
    void tuneFileWithAnAbsolutePath() {
        ProgramSpecException e = error("---\ntune:\n  - file: /opt/train.py\n    name: LR\n    range: [1, 2]\n---\n");

        assertError(e, "tune.file", 3, "program.md:3: key 'tune.file' in tune entry 1: path patterns are relative"
                + " to the repository root, got '/opt/train.py'");
    }

    @Test
    void tuneEntryThatIsNotAMapping() {
        ProgramSpecException e = error("---\ntune:\n  - {file: a.py, name: X, range: [1, 2]}\n  - LEARNING_RATE\n---\n");

        assertError(e, "tune", 4, "program.md:4: key 'tune' in tune entry 2: expected a mapping with file, name,"
                + " range and optionally scale, got 'LEARNING_RATE'");
    }

    @Test
    void tuneThatIsNotAList() {
        ProgramSpecException e = error("---\ntune:\n  file: train.py\n  name: LR\n---\n");

        assertError(e, "tune", 2, "program.md:2: key 'tune': expected a list of parameters, each a mapping with"
                + " file, name, range and optionally scale, got a mapping");
    }

    @Test
    void tuneEntriesForTheSameConstant() {
        ProgramSpecException e = error("---\ntune:\n  - {file: a.py, name: X, range: [1, 2]}\n"
                + "  - {file: a.py, name: X, range: [3, 4]}\n---\n");

        assertError(e, "tune.name", 4, "program.md:4: key 'tune.name' in tune entry 2: 'X' in a.py is already"
                + " tuned by the entry on line 3; keep one");
    }

    // ---- the file's shape -----------------------------------------------------------------------

    @Test
    void unclosedFrontMatter() {
        ProgramSpecException e = error("---\nmetric: score\n\n# Heading\nProse.\n");

        assertThat(e.key()).isEmpty();
        assertThat(e.line()).hasValue(1);
        assertThat(e.getMessage()).isEqualTo("program.md:1: the front matter opened by '---' on line 1 is never"
                + " closed; end it with a line '---' before the prose");
    }

    @Test
    void invalidYaml() {
        ProgramSpecException e = error("---\nmetric: score\nstop:\n  patience: 5\n   target: 1\n---\n");

        assertThat(e.key()).isEmpty();
        assertThat(e.line()).hasValue(5);
        assertThat(e.getMessage())
                .startsWith("program.md:5: the front matter is not valid YAML: ")
                .contains("mapping values are not allowed here")
                .endsWith("(quote a value that contains ': ', such as run: \"echo a: b\")");
    }

    @Test
    void unquotedComparisonExplainsTheQuotes() {
        ProgramSpecException e = error("---\nmetric: score\nconstraints:\n  accuracy: >= 0.9\n---\n");

        assertThat(e.line()).hasValue(4);
        assertThat(e.getMessage())
                .startsWith("program.md:4: the front matter is not valid YAML: while scanning a block scalar; ")
                .endsWith("(quote a value that starts with '>' or '|', such as \">= 0.9\")");
    }

    @Test
    void tabIndentationIsInvalidYamlOnItsLine() {
        ProgramSpecException e = error("---\nmetric: score\nstop:\n\tpatience: 5\n---\n");

        assertThat(e.line()).hasValue(4);
        assertThat(e.getMessage()).startsWith("program.md:4: the front matter is not valid YAML: ")
                .contains("TAB")
                .endsWith("(indent with spaces)");
    }

    @Test
    void valueStartingWithAReservedCharacterExplainsTheQuotes() {
        ProgramSpecException e = error("---\nmetric: score\nrun: @make bench\n---\n");

        assertThat(e.line()).hasValue(3);
        assertThat(e.getMessage()).startsWith("program.md:3: the front matter is not valid YAML: ")
                .contains("found character '@' that cannot start any token")
                .endsWith("(quote a value that starts with '@' or '`', such as run: \"@make\")");
    }

    @Test
    void keyThatIsNotAPlainName() {
        ProgramSpecException e = error("---\nmetric: score\n? [a, b]\n: c\n---\n");

        assertThat(e.line()).hasValue(3);
        assertThat(e.getMessage())
                .isEqualTo("program.md:3: the front matter is not valid YAML: a key must be a plain name such as metric");
    }

    @Test
    void frontMatterThatIsAList() {
        ProgramSpecException e = error("---\n- metric: score\n- run: make\n---\n");

        assertThat(e.key()).isEmpty();
        assertThat(e.line()).hasValue(2);
        assertThat(e.getMessage()).isEqualTo("program.md:2: the front matter must be a mapping of keys such as"
                + " 'metric: val_bpb', got a list");
    }

    @Test
    void frontMatterThatIsPlainText() {
        ProgramSpecException e = error("---\nTitle of my research\n---\n");

        assertThat(e.line()).hasValue(2);
        assertThat(e.getMessage()).isEqualTo("program.md:2: the front matter must be a mapping of keys such as"
                + " 'metric: val_bpb', got 'Title of my research'");
    }

    @Test
    void yamlAliasIsRefused() {
        ProgramSpecException e = error("---\nrun: &cmd make bench\nchecks: *cmd\n---\n");

        assertError(e, "checks", 3, "program.md:3: key 'checks': YAML aliases (*name) are not supported in the"
                + " front matter; write the value out");
    }

    // ---- slurm ----------------------------------------------------------------------------------

    @Test
    void gpusUnderSlurmPointsToGres() {
        ProgramSpecException e = error("---\nslurm:\n  partition: gpu\n  gpus: 1\n---\n");

        assertError(e, "slurm.gpus", 4, "program.md:4: unknown key 'slurm.gpus': GPUs are asked for as generic"
                + " resources, such as 'gres: gpu:1'. Known keys under slurm: partition, account, qos, gres, cpus, mem,"
                + " time, extra");
    }

    @Test
    void unknownKeyUnderSlurmSuggestsTheNearestOne() {
        ProgramSpecException e = error("---\nslurm:\n  partiton: gpu\n---\n");

        assertError(e, "slurm.partiton", 3, "program.md:3: unknown key 'slurm.partiton'; did you mean"
                + " 'slurm.partition'? Known keys under slurm: partition, account, qos, gres, cpus, mem, time, extra");
    }

    // ---- runner and strategy --------------------------------------------------------------------

    @Test
    void aRunnerOptionMustBeAValue() {
        ProgramSpecException e = error("---\nrunner: kube\nrunner-options:\n  namespace: [a, b]\n---\n");

        assertError(e, "runner-options.namespace", 4, "program.md:4: key 'runner-options.namespace': expected a value "
                + "such as research or 4, got [a, b]");
    }

    @Test
    void aRunnersNameIsOneWord() {
        ProgramSpecException e = error("---\nrunner: my runner\n---\n");

        assertError(e, "runner", 2, "program.md:2: key 'runner': a runner name must be one word without spaces, "
                + "such as 'local', got 'my runner'");
    }

    @Test
    void slurmMustBeAMapping() {
        ProgramSpecException e = error("---\nslurm: gpu\n---\n");

        assertError(e, "slurm", 2, "program.md:2: key 'slurm': expected a mapping with any of partition, account, qos,"
                + " gres, cpus, mem, time, extra, such as partition: gpu, got 'gpu'");
    }

    @Test
    void aSlurmValueWithSpacesIsRefused() {
        ProgramSpecException e = error("---\nslurm:\n  gres: gpu 1\n---\n");

        assertError(e, "slurm.gres", 3, "program.md:3: key 'slurm.gres': expected generic resources such as gpu:1"
                + " or gpu:a100:2 (one word, no spaces), got 'gpu 1'");
    }

    @Test
    void slurmCpusMustBeAWholeNumberOfAtLeastOne() {
        ProgramSpecException e = error("---\nslurm:\n  cpus: 0\n---\n");

        assertError(e, "slurm.cpus", 3, "program.md:3: key 'slurm.cpus': expected a whole number >= 1 (CPUs per task),"
                + " got 0");
    }

    @Test
    void slurmTimeIsADuration() {
        ProgramSpecException e = error("---\nslurm:\n  time: soon\n---\n");

        assertThat(e.getMessage()).startsWith("program.md:3: key 'slurm.time': ");
        assertThat(e.key()).contains("slurm.time");
    }

    @Test
    void aSlurmExtraOptionMustStartWithADash() {
        ProgramSpecException e = error("---\nslurm:\n  extra:\n    - --constraint=a100\n    - exclusive\n---\n");

        assertError(e, "slurm.extra", 5, "program.md:5: key 'slurm.extra': expected an sbatch option such as"
                + " --constraint=a100 (one option, starting with -), got 'exclusive'");
    }

    private static ProgramSpecException error(String text) {
        ProgramSpecException e = catchThrowableOfType(ProgramSpecException.class,
                () -> ProgramSpec.parse(text, Path.of("program.md")));
        assertThat(e).as("parsing should fail:%n%s", text).isNotNull();
        return e;
    }

    private static void assertError(ProgramSpecException e, String key, int line, String message) {
        assertThat(e.getMessage()).isEqualTo(message);
        assertThat(e.key()).contains(key);
        assertThat(e.line()).hasValue(line);
    }
}
