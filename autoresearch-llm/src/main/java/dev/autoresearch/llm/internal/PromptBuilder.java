package dev.autoresearch.llm.internal;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.PendingExperiment;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchContext;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.Status;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * Writes the text a model reads: the system prompt with the reply format, the user prompt with
 * the contract, the metric, the editable files in full, the history, the ideas tried (the ledger's
 * bounded view, {@link LedgerSection}), the experiments under way, the last failure and what the loop
 * refused of the last proposal, and the follow-up messages. The history table shows the baseline and a fixed number of rows: every kept
 * experiment (up to a cap, beyond which the oldest kept ones are counted) and, in the rows left, the
 * most recent others, the older ones folded into counts by status. Once a session has run as many
 * experiments as there are rows, the table holds the same number of rows however long it goes on,
 * so the prompt's size stays flat; titles are shortened so that a row stays short. Pure: a context
 * and files in, text out.
 */
public final class PromptBuilder {
    /** The most characters of a hypothesis title shown in the history and the objective. */
    static final int TITLE_CHARS = 60;
    /** The most lines and characters of a failed experiment's log tail shown. */
    static final int TAIL_LINES = 60;
    static final int TAIL_CHARS = 4000;
    /** The most experiments under way listed, and the most lines of the loop's feedback shown. */
    static final int UNDER_WAY_LINES = 16;
    static final int FEEDBACK_LINES = 8;

    /** The system prompt: the role, the reply format and the rules. */
    public static final String SYSTEM = String.join("\n",
            "You are a researcher improving a program by experiment. Each turn you propose one experiment:",
            "a hypothesis and the code change that tests it. The change is applied, the program runs, and one",
            "metric decides: when it improves, the change is kept and becomes the code every later experiment",
            "starts from; otherwise it is discarded.",
            "",
            "Reply in exactly this format:",
            "",
            "HYPOTHESIS: <one line of at most 80 characters naming the change, e.g. Raise the matrix learning rate to 0.05>",
            "RATIONALE: <a few sentences: why this should improve the metric, given the code and the history>",
            "",
            "<path of the file to change, relative to the repository root>",
            "<<<<<<< SEARCH",
            "<lines copied exactly from the current file>",
            "=======",
            "<the lines that replace them>",
            ">>>>>>> REPLACE",
            "",
            "Rules:",
            "- One idea per reply, small enough that its effect on the metric can be measured. Its title must",
            "  differ from every experiment already tried.",
            "- Put the file's path alone on the line before each block. Use as many blocks as the change needs;",
            "  they are applied together, or none of them is.",
            "- SEARCH must match the file exactly, character for character, comments and indentation included,",
            "  and in one place only: quote a few lines around the change, not the whole file.",
            "- To create a new file, leave SEARCH empty.",
            "- Change only the editable files, never a readonly one, and do not change what the program",
            "  measures or how: results must stay comparable.");

    private final int historyRows;
    private final int keptRows;

    /**
     * @param historyRows the most experiments after the baseline shown in the history table
     * @param keptRows    the most kept experiments among them (kept rows left unused go to others)
     */
    public PromptBuilder(int historyRows, int keptRows) {
        if (historyRows < 1 || keptRows < 0 || keptRows > historyRows) {
            throw new IllegalArgumentException("need 1 <= historyRows and 0 <= keptRows <= historyRows, got "
                    + historyRows + " and " + keptRows);
        }
        this.historyRows = historyRows;
        this.keptRows = keptRows;
    }

    /** The user prompt for the experiment {@code context} prepares. */
    public String user(ResearchContext context, EditableFiles files) {
        ProgramSpec spec = context.spec();
        ResearchState state = context.state();
        StringBuilder sb = new StringBuilder();
        sb.append("# The research program\n\n").append(spec.prose().strip()).append("\n\n");
        objective(sb, spec, state, context.experiment());
        files(sb, spec, files);
        history(sb, spec, state);
        SearchSection.write(sb, context.search(), state);
        LedgerSection.write(sb, context.ideas());
        underWay(sb, state, context.experiment());
        lastFailure(sb, state);
        feedback(sb, context.feedback());
        sb.append("# Your task\n\nPropose experiment ").append(context.experiment())
                .append(context.ideas().offered().isPresent() ? ": the user's idea above, as one hypothesis"
                        : ": one hypothesis not tried before")
                .append(", with the edit blocks that implement it, in the reply format described.\n");
        return sb.toString();
    }

    /** The follow-up after an empty reply. */
    public static String emptyReply() {
        return "Your reply was empty. Reply in the required format: a HYPOTHESIS line, a RATIONALE line, then"
                + " the SEARCH/REPLACE blocks that implement it.";
    }

    /** The follow-up after a reply without a {@code HYPOTHESIS:} line. */
    public static String noHypothesis() {
        return "Your reply has no line starting with 'HYPOTHESIS:'. Reply again in the required format: a"
                + " HYPOTHESIS line, a RATIONALE line, then the SEARCH/REPLACE blocks that implement it.";
    }

    /** The follow-up after a hypothesis whose title was already tried. */
    public static String duplicate(String title, ResearchState state) {
        String before = state.lastTried(title)
                .map(r -> " (experiment " + r.experiment() + ", " + r.status().keyword()
                        + (r.metric().isPresent() ? ", " + number(r.metric().getAsDouble()) : "") + ")")
                .orElse("");
        return "\"" + title + "\" was already tried" + before + ". Propose a different idea, under a new title,"
                + " with the edit blocks that implement it, in the required format.";
    }

    /** The follow-up after edits that did not apply. */
    public static String correction(String account) {
        return "Your edits could not be applied, so none of them was; the files are unchanged:\n"
                + account + "\n\n"
                + "Reply with the complete, corrected set of SEARCH/REPLACE blocks for the same hypothesis, the"
                + " blocks that were fine included. Copy the SEARCH lines exactly from the files as shown in the"
                + " first message.";
    }

    /** What to ask when the hypothesis came from elsewhere and carries no edits. */
    public static String implement(Hypothesis hypothesis) {
        return "The hypothesis for this experiment is already chosen. Implement it:\n\n"
                + "HYPOTHESIS: " + hypothesis.title() + "\n"
                + (hypothesis.rationale().isBlank() ? "" : "RATIONALE: " + hypothesis.rationale().strip() + "\n")
                + (hypothesis.plan().isBlank() ? "" : "PLAN:\n" + hypothesis.plan().strip() + "\n")
                + "\nReply in the required format, repeating the HYPOTHESIS line, with the SEARCH/REPLACE blocks"
                + " that implement it.";
    }

    private static void objective(StringBuilder sb, ProgramSpec spec, ResearchState state, int experiment) {
        sb.append("# Objective\n\n");
        sb.append("Metric: ").append(spec.metric()).append(", ")
                .append(spec.direction() == Direction.MINIMIZE ? "lower" : "higher")
                .append(" is better (").append(spec.direction().keyword()).append(").\n");
        if (state.baseline().isEmpty()) {
            sb.append("No experiment has run yet.\n\n");
            return;
        }
        ExperimentRecord baseline = state.baseline().get();
        sb.append("Baseline (experiment 0): ").append(metric(baseline.metric())).append('\n');
        state.best().ifPresent(best -> {
            sb.append("Current best: ").append(metric(best.metric()));
            if (!best.isBaseline()) {
                sb.append(" (experiment ").append(best.experiment()).append(", \"")
                        .append(shorten(best.hypothesis().title())).append("\"");
                if (best.metric().isPresent() && baseline.metric().isPresent()) {
                    sb.append(", ").append(change(best.metric().getAsDouble(), baseline.metric().getAsDouble()))
                            .append(" from the baseline");
                }
                sb.append(')');
            } else {
                sb.append(" (the baseline)");
            }
            sb.append('\n');
        });
        sb.append("Experiments so far: ").append(state.experimentsRun()).append(" after the baseline, ")
                .append(state.kept()).append(" kept.\n");
        sb.append("This is experiment ").append(experiment).append(".\n\n");
    }

    private static void files(StringBuilder sb, ProgramSpec spec, EditableFiles files) {
        sb.append("# Files\n\n");
        sb.append("Editable: files matching ").append(patterns(spec.editable())).append('.');
        if (!spec.readonly().isEmpty()) {
            sb.append(" Readonly, never to be changed: ").append(patterns(spec.readonly())).append('.');
        }
        sb.append('\n');
        if (files.text().isEmpty() && files.binary().isEmpty()) {
            sb.append("\nNo editable file exists yet; create one with an empty SEARCH section.\n");
        } else {
            sb.append("The editable files as they are now, in full:\n");
        }
        files.text().forEach((path, content) -> {
            String fence = fenceFor(content);
            sb.append("\n## ").append(path).append("\n\n").append(fence).append('\n').append(content);
            if (!content.isEmpty() && !content.endsWith("\n")) {
                sb.append('\n');
            }
            sb.append(fence).append('\n');
        });
        for (String path : files.binary()) {
            sb.append("\n## ").append(path).append("\n\n(a binary file: not shown, cannot be edited)\n");
        }
        sb.append('\n');
    }

    private void history(StringBuilder sb, ProgramSpec spec, ResearchState state) {
        List<ExperimentRecord> all = state.history();
        if (all.size() <= 1) {
            return;
        }
        List<Integer> kept = new ArrayList<>();
        List<Integer> others = new ArrayList<>();
        for (int i = 1; i < all.size(); i++) {
            (all.get(i).status() == Status.KEEP ? kept : others).add(i);
        }
        int keptShown = Math.min(kept.size(), keptRows);
        int othersShown = Math.min(others.size(), historyRows - keptShown);
        keptShown = Math.min(kept.size(), historyRows - othersShown);
        List<Integer> shown = new ArrayList<>();
        shown.add(0);
        shown.addAll(kept.subList(kept.size() - keptShown, kept.size()));
        shown.addAll(others.subList(others.size() - othersShown, others.size()));
        shown.sort(Integer::compare);

        sb.append("# History\n\n");
        int keptHidden = kept.size() - keptShown;
        List<Integer> othersHidden = others.subList(0, others.size() - othersShown);
        if (keptHidden > 0 || !othersHidden.isEmpty()) {
            List<String> parts = new ArrayList<>();
            if (keptHidden > 0) {
                parts.add(keptHidden + " earlier kept " + plural(keptHidden, "experiment"));
            }
            if (!othersHidden.isEmpty()) {
                Map<Status, Long> counts = new LinkedHashMap<>();
                Arrays.stream(Status.values()).forEach(s -> counts.put(s, 0L));
                othersHidden.forEach(i -> counts.merge(all.get(i).status(), 1L, Long::sum));
                String byStatus = counts.entrySet().stream().filter(e -> e.getValue() > 0)
                        .map(e -> e.getValue() + " " + e.getKey().keyword()).collect(Collectors.joining(", "));
                parts.add(othersHidden.size() + " earlier other " + plural(othersHidden.size(), "experiment")
                        + " (" + byStatus + ")");
            }
            sb.append("Not shown: ").append(String.join("; ", parts)).append(".\n\n");
        }
        sb.append("| # | hypothesis | ").append(spec.metric()).append(" | change | status |\n");
        sb.append("|---|---|---|---|---|\n");
        for (int i : shown) {
            ExperimentRecord r = all.get(i);
            sb.append("| ").append(r.experiment()).append(" | ").append(cell(shorten(r.hypothesis().title())))
                    .append(" | ").append(r.metric().isPresent() ? number(r.metric().getAsDouble()) : "-")
                    .append(" | ").append(changeCell(all, i))
                    .append(" | ").append(r.status().keyword()).append(" |\n");
        }
        sb.append("\nchange: against the best metric when the experiment ran. The changes of kept experiments are"
                + " in the code above.\n\n");
    }

    /**
     * The experiments proposed or running (other than the one being prepared), so that the model does
     * not propose them again; with several lanes or a proposal made ahead there are some in most prompts.
     * The most recent are listed, the others counted, so the section stays a few lines long.
     */
    private static void underWay(StringBuilder sb, ResearchState state, int experiment) {
        List<PendingExperiment> pending = state.pending().stream().filter(p -> p.experiment() != experiment).toList();
        if (pending.isEmpty()) {
            return;
        }
        sb.append("# Under way now (do not propose these again)\n\n");
        int hidden = Math.max(0, pending.size() - UNDER_WAY_LINES);
        if (hidden > 0) {
            sb.append(hidden).append(" earlier ").append(plural(hidden, "experiment")).append(" not listed.\n");
        }
        for (PendingExperiment p : pending.subList(hidden, pending.size())) {
            sb.append('#').append(p.experiment()).append(' ').append(shorten(p.hypothesis().title())).append('\n');
        }
        sb.append('\n');
    }

    /** Why the loop refused the last proposal for this experiment (its code repeats an earlier experiment's). */
    private static void feedback(StringBuilder sb, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        sb.append("# Your last proposal for this experiment was refused\n\n");
        for (String line : lines.subList(Math.max(0, lines.size() - FEEDBACK_LINES), lines.size())) {
            sb.append("- ").append(line.strip().replace("\n", " ")).append('\n');
        }
        sb.append('\n');
    }

    private static void lastFailure(StringBuilder sb, ResearchState state) {
        state.last().filter(r -> !r.isBaseline() && r.status() != Status.KEEP && r.status() != Status.DISCARD)
                .filter(r -> !r.reason().isBlank())
                .ifPresent(r -> {
                    sb.append("# The last experiment failed\n\n");
                    sb.append("Experiment ").append(r.experiment()).append(" (\"").append(shorten(r.hypothesis().title()))
                            .append("\") ended with status ").append(r.status().keyword())
                            .append(". Its reason, with the end of its log:\n\n");
                    String tail = tail(r.reason());
                    String fence = fenceFor(tail);
                    sb.append(fence).append('\n').append(tail).append('\n').append(fence).append("\n\n");
                    sb.append(r.status() == Status.INVALID
                            ? "Avoid that mistake this time.\n\n"
                            : "Repair the idea under a new title if it is worth it, or abandon it for another.\n\n");
                });
    }

    /** The change cell: this record's metric against the best one before it. */
    private static String changeCell(List<ExperimentRecord> all, int index) {
        ExperimentRecord r = all.get(index);
        if (index == 0 || r.metric().isEmpty()) {
            return "";
        }
        for (int i = index - 1; i >= 0; i--) {
            ExperimentRecord earlier = all.get(i);
            if (earlier.status() == Status.KEEP && earlier.metric().isPresent()) {
                return change(r.metric().getAsDouble(), earlier.metric().getAsDouble());
            }
        }
        return "";
    }

    private static String change(double value, double reference) {
        double delta = value - reference;
        String s = (delta >= 0 ? "+" : "") + number(delta);
        if (reference != 0 && Double.isFinite(reference)) {
            s += String.format(Locale.ROOT, " (%+.2f%%)", delta / Math.abs(reference) * 100);
        }
        return s;
    }

    static String tail(String reason) {
        String text = EditBlockParser.normalize(reason).stripTrailing();
        String[] lines = text.split("\n", -1);
        if (lines.length > TAIL_LINES) {
            text = String.join("\n", Arrays.asList(lines).subList(lines.length - TAIL_LINES, lines.length));
        }
        if (text.length() > TAIL_CHARS) {
            text = "..." + text.substring(text.length() - TAIL_CHARS);
        }
        return text;
    }

    /** A metric value with at most six significant digits. */
    static String number(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1e9 || a < 1e-4) {
            return String.format(Locale.ROOT, "%.5e", v);
        }
        return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }

    private static String metric(OptionalDouble m) {
        return m.isPresent() ? number(m.getAsDouble()) : "not measured";
    }

    static String shorten(String title) {
        return title.length() <= TITLE_CHARS ? title : title.substring(0, TITLE_CHARS - 3) + "...";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    private static String patterns(List<?> globs) {
        return globs.stream().map(Object::toString).collect(Collectors.joining(", "));
    }

    private static String plural(long n, String word) {
        return n == 1 ? word : word + "s";
    }

    /** A code fence longer than any run of backticks that starts a line of {@code content}. */
    static String fenceFor(String content) {
        int longest = 0;
        for (String line : content.split("\n", -1)) {
            String s = line.stripLeading();
            int run = 0;
            while (run < s.length() && s.charAt(run) == '`') {
                run++;
            }
            longest = Math.max(longest, run);
        }
        return "`".repeat(Math.max(3, longest + 1));
    }
}
