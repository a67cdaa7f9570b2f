package dev.autoresearch.host;

import dev.autoresearch.core.Durations;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.keep.FinalGain;
import dev.autoresearch.host.report.ReportNumbers;
import dev.autoresearch.host.report.SearchTree;

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
 * when the keep rule measured the noise), the changes that led to the best, where the branch and
 * the session's files are, and how to take the result.
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
        boolean moved = printChanges(out, state, report.kept());
        out.printf(Locale.ROOT, "  branch   %s (worktree %s)%n", report.branch(), display.apply(report.worktree()));
        out.println("  journal  " + display.apply(report.journal()));
        out.println("  results  " + display.apply(report.results()));
        out.println("  patches  " + display.apply(report.patches()) + "/");
        if (chartWritten) {
            out.println("  chart    " + display.apply(report.sessionDirectory().resolve("progress.png")));
        }
        if (moved) {
            out.printf(Locale.ROOT, "  to take the result: git merge %s   (to review it first: git diff HEAD %s)%n",
                    report.branch(), report.branch());
        }
        out.flush();
    }

    /**
     * The changes that led to the best: a greedy session's kept changes in order; for a search that
     * left one hill, the champion's lineage (a step may be a discard the search went on from), each
     * step against the one before, and how many kept nodes are off it. Returns whether the branch moved.
     */
    private static boolean printChanges(PrintWriter out, ResearchState state, List<ExperimentRecord> kept) {
        SearchTree tree = SearchTree.of(state);
        boolean branched = tree.branches();
        List<ExperimentRecord> lineage = tree.lineage();
        List<ExperimentRecord> steps = branched ? lineage.subList(Math.min(1, lineage.size()), lineage.size()) : kept;
        if (steps.isEmpty()) {
            out.println("  no change beat the baseline; the branch is where it started");
        } else {
            out.println(branched ? "  the champion's lineage:" : "  kept changes:");
            for (int i = 0; i < steps.size(); i++) {
                ExperimentRecord r = steps.get(i);
                OptionalDouble before = branched ? lineage.get(i).metric() : state.bestBefore(r);
                out.printf(Locale.ROOT, "  %s%-38s  %s %s%s%n", ExperimentLine.prefix(r.experiment()),
                        Format.truncate(r.hypothesis().title(), ExperimentLine.TITLE_WIDTH),
                        r.metric().isPresent() ? Format.metric(r.metric().getAsDouble()) : "-",
                        r.metric().isPresent() && before.isPresent()
                                ? Format.percent(r.metric().getAsDouble(), before.getAsDouble()) : "",
                        r.status() == Status.KEEP ? "" : "  discarded; the search went on from it");
            }
        }
        long off = branched ? kept.size() - steps.stream().filter(r -> r.status() == Status.KEEP).count() : 0;
        if (off > 0) {
            out.printf(Locale.ROOT, "    and %d kept node%s off the lineage: see the report%n", off, off == 1 ? "" : "s");
        }
        return !steps.isEmpty();
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
