package dev.autoresearch.cli;

import java.nio.file.Path;
import dev.autoresearch.core.testing.TestRecords;
import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchEvent;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.Status;
import dev.autoresearch.host.Format;
import dev.autoresearch.host.Summary;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressPrinterTest {
    static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    static ExperimentRecord record(int n, String title, Status status, Double metric, long millis, String reason) {
        // Measured on the champion of the time: #0 for #1, then #1 (kept in the test below).
        String parent = n == 0 ? "c0000000" : n == 1 ? "c0000000" : "c1000000";
        return TestRecords.record(n).commit("c" + n + "000000").parent(parent).status(status)
                .metric(metric == null ? OptionalDouble.empty() : OptionalDouble.of(metric))
                .metrics(metric == null ? Map.of() : Map.of("val_loss", List.of(metric)))
                .hypothesis(new Hypothesis(title, "")).strategy("tune").startedAt(T0).duration(Duration.ofMillis(millis))
                .reason(reason).build();
    }

    ProgramSpec spec(Direction direction) {
        return ProgramSpec.builder().metric("val_loss").direction(direction).run("./train").build();
    }

    @Test
    void linesShowNumberTitleMetricChangeAgainstTheBestStatusAndDuration() {
        StringWriter text = new StringWriter();
        ProgressPrinter printer = new ProgressPrinter(new PrintWriter(text), spec(Direction.MINIMIZE), "program.md",
                false, InstantSource.fixed(T0));
        List<ExperimentRecord> records = List.of(
                record(0, "baseline", Status.KEEP, 0.812345, 6100, ""),
                record(1, "LEARNING_RATE 0.002 -> 0.0045", Status.KEEP, 0.7001, 5900, ""),
                record(2, "HIDDEN 8 -> 12", Status.DISCARD, 0.731, 6300, "worse than the best 0.7001"),
                record(3, "WEIGHT_DECAY 0 -> 0.0001", Status.CRASH, null, 1200,
                        "exit code 1; last lines of runs/3.log:\nTraceback\nValueError"),
                record(4, "a hypothesis whose title is much longer than the column is wide", Status.DISCARD, 0.69, 61_000,
                        "constraint memory_gb <= 80.0 violated (91)"));
        ResearchState state = ResearchState.empty();
        printer.onEvent(new ResearchEvent.SessionStarted("nov28", "autoresearch/nov28", Path.of(".autoresearch/nov28"), state, false, T0));
        for (ExperimentRecord r : records) {
            printer.onEvent(new ResearchEvent.ExperimentStarted(r.experiment(), r.hypothesis(), T0));
            state = state.with(r);
            printer.onEvent(new ResearchEvent.ExperimentFinished(r, state));
        }

        List<String> lines = text.toString().lines().toList();
        assertThat(lines).containsExactly(
                "autoresearch: session nov28 on branch autoresearch/nov28 (program.md: val_loss, minimize)",
                "  #0   baseline                                val_loss 0.812345                keep             6.1s",
                "  #1   LEARNING_RATE 0.002 -> 0.0045           val_loss 0.700100       -13.8%   keep             5.9s",
                "  #2   HIDDEN 8 -> 12                          val_loss 0.731000        +4.4%   discard          6.3s",
                "  #3   WEIGHT_DECAY 0 -> 0.0001                val_loss -                       crash            1.2s"
                        + "   exit code 1; last lines of runs/3.log: ... ValueError",
                "  #4   a hypothesis whose title is much lo...  val_loss 0.690000        -1.4%   discard         1m01s"
                        + "   constraint memory_gb <= 80.0 violated (91)");
    }

    @Test
    void forAMaximizedMetricAnImprovementIsPositive() {
        StringWriter text = new StringWriter();
        ProgressPrinter printer = new ProgressPrinter(new PrintWriter(text), spec(Direction.MAXIMIZE), "program.md",
                false, InstantSource.fixed(T0));
        ResearchState state = ResearchState.empty().with(record(0, "baseline", Status.KEEP, 200.0, 1000, ""));
        ExperimentRecord r = record(1, "unroll", Status.KEEP, 250.0, 1000, "");

        assertThat(printer.line(r, state.with(r))).contains("val_loss 250.000000", "+25.0%", "keep");
    }

    @Test
    void aResumedSessionSaysWhereItGoesOn() {
        StringWriter text = new StringWriter();
        ProgressPrinter printer = new ProgressPrinter(new PrintWriter(text), spec(Direction.MINIMIZE), "program.md",
                false, InstantSource.fixed(T0));
        ResearchState state = ResearchState.of(List.of(record(0, "baseline", Status.KEEP, 1.0, 1000, ""),
                record(1, "a", Status.KEEP, 0.9, 1000, ""), record(2, "b", Status.DISCARD, 0.95, 1000, "")));

        printer.onEvent(new ResearchEvent.SessionStarted("nov28", "autoresearch/nov28", Path.of(".autoresearch/nov28"), state, true, T0));

        assertThat(text.toString()).contains("  resuming with 2 experiments recorded after the baseline; best val_loss"
                + " 0.900000 at #1\n").doesNotContain("not recorded");
    }

    @Test
    void theLiveLineShowsTheElapsedTime() {
        ProgressPrinter printer = new ProgressPrinter(new PrintWriter(new StringWriter()), spec(Direction.MINIMIZE),
                "program.md", true, InstantSource.fixed(T0));

        assertThat(printer.liveText(3, "WEIGHT_DECAY 0 -> 0.0001", Duration.ofMillis(4300)))
                .isEqualTo("  #3   WEIGHT_DECAY 0 -> 0.0001 ... 4s");
        assertThat(printer.liveText(3, "x", Duration.ofSeconds(75))).endsWith("... 1m15s");
    }

    @Test
    void theSummaryLineGivesTheImprovementInPercent() {
        assertThat(Summary.improvementLine("val_loss", OptionalDouble.of(0.812345), OptionalDouble.of(0.6)))
                .isEqualTo("val_loss: baseline 0.812345 -> best 0.600000 (-26.1%)");
        assertThat(Summary.improvementLine("tok_s", OptionalDouble.of(100), OptionalDouble.of(153)))
                .isEqualTo("tok_s: baseline 100.000000 -> best 153.000000 (+53.0%)");
        assertThat(Format.metric(123456789.0)).isEqualTo("1.23457e+08");
        assertThat(Format.percent(1, 0)).isEmpty();
    }

    @Test
    void aSmallChangeShowsEnoughDigitsToSeeIt() {
        // Karpathy-sized gains: about 0.01% of val_bpb.
        assertThat(Format.percent(0.997800, 0.997900)).isEqualTo("-0.010%");
        assertThat(Format.percent(1.0000001, 1.0)).isEqualTo("+0.000010%");
        assertThat(Format.percent(0.9, 1.0)).isEqualTo("-10.0%");
        assertThat(Format.percent(1.0, 1.0)).isEqualTo("+0.0%");
    }

    @Test
    void aReasonThatEndsOnAColonShowsTheLastLineOfTheLogAfterIt() {
        assertThat(Format.reasonLine("metric 'score' not found in the output; last lines of runs/3.log:\n"
                + "Traceback (most recent call last):\n  boom()\nValueError: crash\n"))
                .isEqualTo("metric 'score' not found in the output; last lines of runs/3.log: ... ValueError: crash");
        assertThat(Format.reasonLine("exit code 1; runs/3.log is empty")).isEqualTo("exit code 1; runs/3.log is empty");
        assertThat(Format.reasonLine("last lines of runs/3.log:")).isEqualTo("last lines of runs/3.log:");
    }
}
