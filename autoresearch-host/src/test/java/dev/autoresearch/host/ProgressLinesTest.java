package dev.autoresearch.host;

import dev.autoresearch.core.testing.TestRecords;
import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchEvent;
import dev.autoresearch.core.Status;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressLinesTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void warningsGoToTheWarningSinkWithWhatTheyName() {
        ProgramSpec spec = ProgramSpec.builder().metric("val_loss").direction(Direction.MINIMIZE).run("./train").build();
        List<String> info = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        ProgressLines lines = new ProgressLines(spec, "program.md", info::add).warnings(warnings::add);
        ExperimentRecord kept = TestRecords.record(3).parent("c0").metric(0.9).metrics(Map.of("val_loss", List.of(0.9)))
                .hypothesis(new Hypothesis("seed 42 -> 137", "")).strategy("llm").startedAt(T0)
                .duration(Duration.ofMinutes(5)).build();

        lines.onEvent(new ResearchEvent.KeptChangeNotReproduced(kept, "its pooled runs are no longer better than its "
                + "parent's: -0.2% +/- 0.9% at 95%", T0));
        lines.onEvent(new ResearchEvent.LaneRetired(2, "lane 2 failed 3 runs in a row while other lanes succeeded", T0));

        assertThat(info).isEmpty();
        assertThat(warnings).containsExactly(
                "autoresearch: warning: kept experiment #3 (\"seed 42 -> 137\") no longer reproduces: its pooled runs "
                        + "are no longer better than its parent's: -0.2% +/- 0.9% at 95%; it stays kept, and status names it",
                "autoresearch: warning: lane 2 failed 3 runs in a row while other lanes succeeded");
    }

    private static ExperimentRecord recorded(int n, Status status, double metric) {
        return TestRecords.record(n).parent("c0").status(status).metric(metric).metrics(Map.of("val_loss", List.of(metric)))
                .strategy("llm").startedAt(T0.plusSeconds(n)).duration(Duration.ofSeconds(1)).build();
    }

    private static dev.autoresearch.core.PendingExperiment pending(int n) {
        return dev.autoresearch.core.PendingExperiment.builder().experiment(n).hypothesis(new Hypothesis("change " + n, ""))
                .strategy("llm").parent("c0").commit("p" + n).proposedAt(T0).build();
    }

    @Test
    void aResumeAfterAKillSaysWhatWasRecordedAndWhatRunsAgain() {
        ProgramSpec spec = ProgramSpec.builder().metric("val_loss").direction(Direction.MINIMIZE).run("./train").build();
        // Killed with #3 and #4 proposed or running: #1 and #2 are recorded, #4 is the highest number.
        dev.autoresearch.core.ResearchState state = dev.autoresearch.core.ResearchState.of(List.of(
                        recorded(0, Status.KEEP, 1.0), recorded(1, Status.KEEP, 0.9), recorded(2, Status.DISCARD, 0.95)))
                .withPending(pending(3)).withPending(pending(4));

        List<String> header = ProgressLines.header(new ResearchEvent.SessionStarted("t", "autoresearch/t",
                java.nio.file.Path.of(".autoresearch/t"), state, true, T0), spec, "program.md", 1);

        assertThat(header).containsExactly(
                "autoresearch: session t on branch autoresearch/t (program.md: val_loss, minimize)",
                "  resuming with 2 experiments recorded after the baseline; best val_loss 0.900000 at #1",
                "  #3 and #4 were proposed or under way, not recorded; they run again under their numbers");
    }

    @Test
    void anInterruptedSessionSaysHowManyWereRecordedNotTheNumberInHand() {
        ProgramSpec spec = ProgramSpec.builder().metric("val_loss").direction(Direction.MINIMIZE).run("./train").build();
        // Ctrl-C during #1: only the baseline is recorded, #1 is pending.
        dev.autoresearch.core.ResearchState state = dev.autoresearch.core.ResearchState.of(List.of(
                recorded(0, Status.KEEP, 1.0))).withPending(pending(1));
        dev.autoresearch.core.ResearchReport report = new dev.autoresearch.core.ResearchReport("t", "autoresearch/t",
                state, new dev.autoresearch.core.StopReason(dev.autoresearch.core.StopReason.Kind.INTERRUPTED, "interrupted"), true, java.nio.file.Path.of(".autoresearch/t"),
                java.nio.file.Path.of(".autoresearch/t/worktree"), 0);
        java.io.StringWriter text = new java.io.StringWriter();

        Summary.print(new java.io.PrintWriter(text), report, spec, java.nio.file.Path::toString, false);

        assertThat(text.toString()).startsWith("autoresearch: interrupted with 0 experiments recorded after the baseline;"
                + " run the same command to resume\n  #1 was proposed or under way, not recorded; it runs again under its"
                + " number\n");
    }
}
