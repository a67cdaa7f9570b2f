package dev.autoresearch.host;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchEvent;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.TokenUsage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressLinesTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void warningsGoToTheWarningSinkWithWhatTheyName() {
        ProgramSpec spec = ProgramSpec.builder().metric("val_loss").direction(Direction.MINIMIZE).run("./train").build();
        List<String> info = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        ProgressLines lines = new ProgressLines(spec, "program.md", info::add).warnings(warnings::add);
        ExperimentRecord kept = new ExperimentRecord(3, "c3", "c0", Status.KEEP, OptionalDouble.of(0.9),
                Map.of("val_loss", List.of(0.9)), new Hypothesis("seed 42 -> 137", ""), "llm", T0, Duration.ofMinutes(5),
                "runs/3.log", "", TokenUsage.ZERO, 1);

        lines.onEvent(new ResearchEvent.KeptChangeNotReproduced(kept, "its pooled runs are no longer better than its "
                + "parent's: -0.2% +/- 0.9% at 95%", T0));
        lines.onEvent(new ResearchEvent.LaneRetired(2, "lane 2 failed 3 runs in a row while other lanes succeeded", T0));

        assertThat(info).isEmpty();
        assertThat(warnings).containsExactly(
                "autoresearch: warning: kept experiment #3 (\"seed 42 -> 137\") no longer reproduces: its pooled runs "
                        + "are no longer better than its parent's: -0.2% +/- 0.9% at 95%; it stays kept, and status names it",
                "autoresearch: warning: lane 2 failed 3 runs in a row while other lanes succeeded");
    }
}
