package dev.autoresearch.core.values;

import dev.autoresearch.core.ComputedColumn;
import dev.autoresearch.core.MetricExtractor;
import dev.autoresearch.core.Metrics;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ProgramSpecException;
import dev.autoresearch.core.RunResult;
import dev.autoresearch.core.TunedParameter;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Computed results.tsv columns ({@code columns:} / {@code --column}) and what a program may not combine. */
class ComputedColumnTest {
    private static final RunResult RUN = new RunResult(0, java.time.Instant.EPOCH, Duration.ZERO, false, false, false, Path.of("."),
            Path.of("run.log"), "");

    @Test
    void aMetricDividedOrMultipliedByANumberOrCopied() {
        Metrics read = Metrics.of(Map.of("peak_vram_mb", 45060.0, "seconds", 2.5));

        assertThat(ComputedColumn.parse("memory_gb", "peak_vram_mb / 1024").valueIn(read).getAsDouble())
                .isCloseTo(44.00390625, within(1e-12));
        assertThat(ComputedColumn.parse("ms", "seconds*1e3").valueIn(read).getAsDouble()).isEqualTo(2500.0);
        assertThat(ComputedColumn.parse("s", " seconds ").valueIn(read).getAsDouble()).isEqualTo(2.5);
        assertThat(ComputedColumn.parse("x", "missing / 2").valueIn(read)).isEmpty();
    }

    @Test
    void anythingElseIsRefusedWithTheExpectedForm() {
        for (String bad : List.of("peak_vram_mb / 1024 + 1", "1024 / peak_vram_mb x", "a / b", "", "a ** 2", "a / 1e400x")) {
            assertThatThrownBy(() -> ComputedColumn.parse("m", bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expected a metric, optionally multiplied or divided by a number");
        }
        assertThatThrownBy(() -> ComputedColumn.parse("m", "a / 0")).hasMessageContaining("cannot multiply or divide by 0");
        assertThatThrownBy(() -> ComputedColumn.parse("a", "a * 2")).hasMessageContaining("computed from itself");
    }

    @Test
    void theColumnsAreAddedToWhatTheExtractorRead() throws Exception {
        MetricExtractor printed = run -> Metrics.of(Map.of("val_bpb", 0.99, "peak_vram_mb", 2048.0, "memory_gb", 7.0));
        MetricExtractor withColumns = ComputedColumn.appendTo(printed,
                List.of(ComputedColumn.parse("memory_gb", "peak_vram_mb / 1024")));

        Metrics m = withColumns.extract(RUN);

        assertThat(m.get("memory_gb")).hasValue(2.0);
        assertThat(m.get("val_bpb")).hasValue(0.99);
        assertThat(ComputedColumn.appendTo(printed, List.of())).isSameAs(printed);
    }

    @Test
    void programMdColumnsAreRecordedAfterTheSecondaryMetrics() {
        ProgramSpec spec = ProgramSpec.parse("---\nmetric: val_bpb\ndirection: minimize\nrun: uv run train.py\n"
                + "secondary: [mfu]\ncolumns:\n  memory_gb: \"peak_vram_mb / 1024\"\nconstraints:\n  tok: \">= 1\"\n---\n",
                Path.of("program.md")).build();

        assertThat(spec.columns()).extracting(ComputedColumn::toString).containsExactly("memory_gb = peak_vram_mb / 1024");
        assertThat(spec.recordedMetrics()).containsExactly("val_bpb", "mfu", "memory_gb", "tok");
    }

    @Test
    void aBadColumnInProgramMdNamesTheLine() {
        assertThatThrownBy(() -> ProgramSpec.parse("---\nmetric: val_bpb\ncolumns:\n  memory_gb: peak_vram_mb - 1\n---\n",
                Path.of("program.md")))
                .isInstanceOf(ProgramSpecException.class)
                .hasMessage("program.md:4: key 'columns.memory_gb': expected a metric, optionally multiplied or divided "
                        + "by a number, such as \"peak_vram_mb / 1024\", got 'peak_vram_mb - 1'");
    }

    @Test
    void aColumnNamedAsThePrimaryMetricOrComputedFromAColumnIsRefused() {
        ProgramSpec.Builder b = ProgramSpec.builder().metric("loss").direction(dev.autoresearch.core.Direction.MINIMIZE).run("x");

        assertThatThrownBy(() -> b.column(ComputedColumn.parse("loss", "other")).build())
                .isInstanceOf(ProgramSpecException.class).hasMessageContaining("'loss' is the primary metric");
        assertThatThrownBy(() -> b.clearColumns().column(ComputedColumn.parse("a", "b / 2"))
                .column(ComputedColumn.parse("c", "a * 2")).build())
                .isInstanceOf(ProgramSpecException.class).hasMessageContaining("'c' is computed from 'a', another computed column");
    }

    @Test
    void aTunedFileThatIsAlsoReadonlyIsRefusedAtTheStart() {
        assertThatThrownBy(() -> ProgramSpec.parse("---\nmetric: loss\ndirection: minimize\nrun: x\nreadonly: ['*.py']\n---\n",
                Path.of("program.md"))
                .tune(List.of(new TunedParameter("train.py", "LR", 0.01, 0.1, TunedParameter.Scale.LOG))).build())
                .isInstanceOf(ProgramSpecException.class)
                .hasMessage("program.md: tune: train.py (LR) is also readonly (pattern '*.py'), so no experiment "
                        + "could change it; remove it from readonly or from tune");
    }
}
