package dev.autoresearch.core.program;

import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ProgramSpecException;
import dev.autoresearch.core.keep.Holdout;
import dev.autoresearch.core.keep.KeepSettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** program.md's keep-rule keys: their defaults, their values, and every error they report. */
class KeepKeysTest {
    private static final String REQUIRED = "metric: score\ndirection: minimize\nrun: ./bench\n";

    @Test
    void defaultsAreSignificantAt95PercentWithThreeBaselineRunsAndNoHoldout() {
        KeepSettings keep = spec("").keep();

        assertThat(keep).isEqualTo(KeepSettings.DEFAULT);
        assertThat(keep.rule()).isEqualTo(KeepSettings.Rule.SIGNIFICANT);
        assertThat(keep.confidence()).isEqualTo(0.95);
        assertThat(keep.baselineRepeats()).isEqualTo(3);
        assertThat(keep.maxRepeats()).isEqualTo(5);
        assertThat(keep.remeasureEvery()).isEqualTo(10);
        assertThat(keep.holdout()).isEmpty();
        assertThat(keep.holdoutEvery()).isEqualTo(1);
        assertThat(keep.holdoutGuard()).isFalse();
    }

    @Test
    void everyKeyIsRead() {
        KeepSettings keep = spec("""
                keep: greedy
                confidence: 0.99
                baseline-repeats: 4
                max-repeats: "8"
                remeasure-every: 20
                holdout:
                  run: ./eval-test.sh --split test
                  metric: test_acc
                  timeout: 15m
                holdout-every: 3
                holdout-guard: true
                """).keep();

        assertThat(keep).isEqualTo(new KeepSettings(KeepSettings.Rule.GREEDY, 0.99, 4, 8, 20,
                Optional.of(Holdout.of("./eval-test.sh --split test", "test_acc").withTimeout(Duration.ofMinutes(15))),
                3, true));
        assertThat(keep.holdout().orElseThrow().run().display()).isEqualTo("./eval-test.sh --split test");
    }

    @Test
    void aNonDefaultKeepSettingChangesTheContractHashAndTheDefaultDoesNot() {
        ProgramSpec plain = spec("");

        assertThat(spec("keep: significant\nconfidence: 0.95\n").hash()).isEqualTo(plain.hash());
        assertThat(spec("confidence: 0.99\n").hash()).isNotEqualTo(plain.hash());
    }

    @Test
    void badValuesNameTheFileTheLineTheKeyAndWhatIsExpected() {
        assertError("keep: lucky\n", "keep", 2,
                "program.md:2: key 'keep': expected 'greedy' or 'significant', got 'lucky'");
        assertError("confidence: 95\n", "confidence", 2,
                "program.md:2: key 'confidence': expected a number from 0.5 to 0.999, such as 0.95, got 95");
        assertError("confidence: high\n", "confidence", 2,
                "program.md:2: key 'confidence': expected a number from 0.5 to 0.999, such as 0.95, got 'high'");
        assertError("baseline-repeats: 0\n", "baseline-repeats", 2,
                "program.md:2: key 'baseline-repeats': expected a whole number from 1 to 1000, got 0");
        assertError("max-repeats: 2.5\n", "max-repeats", 2,
                "program.md:2: key 'max-repeats': expected a whole number from 1 to 1000, got 2.5");
        assertError("remeasure-every: 0\n", "remeasure-every", 2,
                "program.md:2: key 'remeasure-every': expected a whole number >= 1 (comparisons of a champion), got 0");
        assertError("holdout-every: -1\n", "holdout-every", 2, "program.md:2: key 'holdout-every': expected a whole "
                + "number >= 1 (run the holdout for every k-th new champion), got -1");
        assertError("holdout-guard: yes\n", "holdout-guard", 2,
                "program.md:2: key 'holdout-guard': expected true or false, got 'yes'");
    }

    @Test
    void aHoldoutNeedsARunAndAMetricAndNothingElse() {
        assertError("holdout: ./eval.sh\n", "holdout", 2, "program.md:2: key 'holdout': expected a mapping with run, "
                + "metric and optionally timeout, such as {run: ./eval-test.sh, metric: test_acc}, got './eval.sh'");
        assertError("holdout:\n  metric: test_acc\n", "holdout.run", 2,
                "program.md:2: key 'holdout.run' is missing; expected the holdout command, such as './eval-test.sh'");
        assertError("holdout:\n  run: ./eval.sh\n", "holdout.metric", 2, "program.md:2: key 'holdout.metric' is "
                + "missing; expected the metric the holdout command prints, such as test_acc");
        assertError("holdout:\n  run: ./eval.sh\n  metric: test acc\n", "holdout.metric", 4,
                "program.md:4: key 'holdout.metric': expected a metric name such as test_acc (no spaces), got 'test acc'");
        assertError("holdout:\n  run: ./eval.sh\n  metric: acc\n  timeout: soon\n", "holdout.timeout", 5,
                "program.md:5: key 'holdout.timeout': expected a duration such as 90s, 10m, 2h or 1h30m, got 'soon'");
        assertError("holdout:\n  run: ./eval.sh\n  metrc: acc\n", "holdout.metrc", 4, "program.md:4: unknown key "
                + "'holdout.metrc'; did you mean 'holdout.metric'? Known keys under holdout: run, metric, timeout");
    }

    @Test
    void theSignificantRuleNeedsTwoBaselineRunsAndTwoRunsACandidate() {
        ProgramSpecException noNoise = buildError("baseline-repeats: 1\n");
        ProgramSpecException noRepeat = buildError("max-repeats: 1\n");

        assertThat(noNoise.getMessage()).isEqualTo("program.md: keep 'significant' measures the noise on the "
                + "baseline's runs and needs baseline-repeats >= 2, got 1; raise baseline-repeats "
                + "or set keep: greedy");
        assertThat(noNoise.advice()).containsExactly(ProgramSpecException.KeyAdvice.set("baseline-repeats"),
                ProgramSpecException.KeyAdvice.set("keep", "greedy"));
        assertThat(noNoise.key()).contains("baseline-repeats");
        assertThat(noRepeat.getMessage()).isEqualTo("program.md: keep 'significant' needs max-repeats >= 2 to test a "
                + "candidate, got 1; raise max-repeats or set keep: greedy");
        assertThat(noRepeat.advice()).containsExactly(ProgramSpecException.KeyAdvice.set("max-repeats"),
                ProgramSpecException.KeyAdvice.set("keep", "greedy"));
        assertThat(spec("keep: greedy\nbaseline-repeats: 1\nmax-repeats: 1\n").keep().baselineRepeats()).isEqualTo(1);
    }

    @Test
    void aHoldoutThatUsesAFileAChangeMayEditIsRefused() {
        ProgramSpecException e = buildError("editable: [train.py, eval/*.py]\nholdout:\n  run: python ./eval/test.py --split test\n"
                + "  metric: test_acc\n");

        assertThat(e.getMessage()).isEqualTo("program.md: holdout: its run command uses eval/test.py, which a change "
                + "may edit: the strategy would see it and could change it; keep the holdout's files out of editable "
                + "and tune (best: untracked files of your checkout, which no worktree has)");
        assertThat(e.key()).contains("holdout");
        assertThat(spec("editable: [train.py]\nholdout:\n  run: python holdout/test.py\n  metric: test_acc\n")
                .keep().holdout()).isPresent();
    }

    private static ProgramSpec spec(String keys) {
        return ProgramSpec.parse("---\n" + REQUIRED + keys + "---\n", Path.of("program.md")).build();
    }

    private static ProgramSpecException buildError(String keys) {
        ProgramSpecException e = catchThrowableOfType(ProgramSpecException.class, () -> spec(keys));
        assertThat(e).as("building should fail:%n%s", keys).isNotNull();
        return e;
    }

    /** Parses {@code front} (without the required keys, so that errors sit on known lines). */
    private static void assertError(String front, String key, int line, String message) {
        ProgramSpecException e = catchThrowableOfType(ProgramSpecException.class,
                () -> ProgramSpec.parse("---\n" + front + "---\n", Path.of("program.md")));
        assertThat(e).as("parsing should fail:%n%s", front).isNotNull();
        assertThat(e.getMessage()).isEqualTo(message);
        assertThat(e.key()).contains(key);
        assertThat(e.line()).hasValue(line);
    }
}
