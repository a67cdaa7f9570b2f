package dev.autoresearch.host;

import dev.autoresearch.core.Durations;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.keep.FinalGain;
import dev.autoresearch.host.report.ReportNumbers;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The end of a run: why it stopped, baseline to best with the change in percent (with its interval
 * when the keep rule measured the noise), the kept changes, where the branch and the session's
 * files are, and how to take the result.
 */
public final class Summary {
    private Summary() {
    }

    /**
     * @param out          where to print
     * @param report       the session's report
     * @param spec         the session's contract: its primary metric, and the keep rule and confidence
     *                     of the final gain's interval ({@link FinalGain})
     * @param display      how to show a path (relative to the working directory where possible)
     * @param chartWritten whether progress.png was drawn
     */
    public static void print(PrintWriter out, ResearchReport report, ProgramSpec spec, Function<Path, String> display,
                      boolean chartWritten) {
        print(out, report, spec, display, chartWritten, false);
    }

    /**
     * As {@link #print(PrintWriter, ResearchReport, ProgramSpec, Function, boolean)}; {@code finishedBefore}
     * says that the session had met a stopping criterion before this run, which ran nothing.
     */
    public static void print(PrintWriter out, ResearchReport report, ProgramSpec spec, Function<Path, String> display,
                             boolean chartWritten, boolean finishedBefore) {
        ResearchState state = report.state();
        String metric = spec.metric();
        if (finishedBefore && !report.interrupted()) {
            out.println("autoresearch: session " + report.tag() + " is finished, nothing was run: " + report.stopReason()
                    + "; to go on, raise that limit");
        } else if (report.interrupted()) {
            out.printf(Locale.ROOT, "autoresearch: interrupted with %d experiment%s recorded after the baseline; run the"
                    + " same command to resume%n", state.experimentsRun(), state.experimentsRun() == 1 ? "" : "s");
            Format.unrecorded(state).ifPresent(line -> out.println("  " + line));
        } else {
            out.println("autoresearch: stopped: " + report.stopReason());
        }
        out.println("  " + ReportNumbers.improvementLine(metric, report.baselineMetric(), report.bestMetric(),
                FinalGain.of(state, spec)));
        out.println("  " + countsLine(state));
        if (report.duplicatesSkipped() > 0) {
            out.printf(Locale.ROOT, "  %d proposal%s repeated code already measured or under way and %s not run%n",
                    report.duplicatesSkipped(), report.duplicatesSkipped() == 1 ? "" : "s",
                    report.duplicatesSkipped() == 1 ? "was" : "were");
        }
        List<ExperimentRecord> kept = report.kept();
        if (kept.isEmpty()) {
            out.println("  no change beat the baseline; the branch is where it started");
        } else {
            out.println("  kept changes:");
            for (ExperimentRecord r : kept) {
                OptionalDouble before = state.bestBefore(r);
                out.printf(Locale.ROOT, "  %s%-38s  %s %s%n", ExperimentLine.prefix(r.experiment()),
                        Format.truncate(r.hypothesis().title(), ExperimentLine.TITLE_WIDTH),
                        r.metric().isPresent() ? Format.metric(r.metric().getAsDouble()) : "-",
                        r.metric().isPresent() && before.isPresent()
                                ? Format.percent(r.metric().getAsDouble(), before.getAsDouble()) : "");
            }
        }
        out.printf(Locale.ROOT, "  branch   %s (worktree %s)%n", report.branch(), display.apply(report.worktree()));
        out.println("  journal  " + display.apply(report.journal()));
        out.println("  results  " + display.apply(report.results()));
        out.println("  patches  " + display.apply(report.patches()) + "/");
        if (chartWritten) {
            out.println("  chart    " + display.apply(report.sessionDirectory().resolve("progress.png")));
        }
        if (!kept.isEmpty()) {
            out.printf(Locale.ROOT, "  to take the result: git merge %s   (to review it first: git diff HEAD %s)%n",
                    report.branch(), report.branch());
        }
        out.flush();
    }

    /** {@code val_loss: baseline 0.812345 -> best 0.600000 (-26.1%)}. */
    public static String improvementLine(String metric, OptionalDouble baseline, OptionalDouble best) {
        return dev.autoresearch.host.report.ReportNumbers.improvementLine(metric, baseline, best);
    }

    /** {@code 20 experiments in 4m12s: 5 keep, 12 discard, 3 crash}. */
    public static String countsLine(ResearchState state) {
        Map<Status, Integer> counts = new LinkedHashMap<>();
        state.history().stream().skip(1).forEach(r -> counts.merge(r.status(), 1, Integer::sum));
        StringBuilder s = new StringBuilder();
        int n = state.experimentsRun();
        s.append(n).append(n == 1 ? " experiment" : " experiments").append(" after the baseline, ")
                .append(Durations.format(state.activeTime()));
        if (!counts.isEmpty()) {
            s.append(": ");
            boolean first = true;
            for (Status st : Status.values()) {
                Integer c = counts.get(st);
                if (c != null) {
                    s.append(first ? "" : ", ").append(c).append(' ').append(st.keyword());
                    first = false;
                }
            }
        }
        if (state.usage().total() > 0) {
            s.append("; ").append(state.usage().total()).append(" model tokens");
        }
        return s.toString();
    }
}
