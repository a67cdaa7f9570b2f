package dev.autoresearch.host;

import dev.autoresearch.core.Durations;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Status;

import java.util.OptionalDouble;

/**
 * One experiment as a line of text, as {@code run} prints it when the experiment finishes and
 * {@code status} lists it:
 *
 * <pre>
 *   #1   LEARNING_RATE 0.002 -&gt; 0.0045           val_loss 0.700100   -13.8%   keep        5.9s
 * </pre>
 *
 * The change is against the best result before the experiment. A failed experiment shows the first
 * line of its reason, and the last line of its log when the reason quotes the log's end.
 */
public final class ExperimentLine {
    public static final int TITLE_WIDTH = 38;

    private ExperimentLine() {
    }

    /**
     * @param record     the experiment
     * @param metric     the primary metric's name
     * @param bestBefore the best metric before this experiment (empty for the baseline)
     */
    public static String format(ExperimentRecord record, String metric, OptionalDouble bestBefore) {
        String value = record.metric().isPresent() ? Format.metric(record.metric().getAsDouble()) : "-";
        String change = "";
        if (!record.isBaseline() && record.metric().isPresent() && bestBefore.isPresent()) {
            change = Format.percent(record.metric().getAsDouble(), bestBefore.getAsDouble());
        }
        StringBuilder line = new StringBuilder(String.format(java.util.Locale.ROOT, "%s%-38s  %s %-12s %8s   %-13s %7s",
                prefix(record.experiment()), Format.truncate(record.hypothesis().title(), TITLE_WIDTH),
                metric, value, change, status(record), Durations.format(record.duration())));
        if (showsReason(record) && !record.reason().isBlank()) {
            line.append("   ").append(Format.reasonLine(record.reason()));
        }
        return line.toString();
    }

    /**
     * The status as the line shows it: a keep that did not become the champion (a tree's kept node, an
     * island's new champion) says so.
     */
    static String status(ExperimentRecord record) {
        if (record.status() != Status.KEEP || record.champion()) {
            return record.status().keyword();
        }
        return record.island() > 0 ? "keep (island)" : "keep (node)";
    }

    /** {@code "  #3   "}: the indent and the experiment number, padded. */
    public static String prefix(int experiment) {
        return String.format(java.util.Locale.ROOT, "  %-5s", "#" + experiment);
    }

    // The reason says something for a failure, or for a discard held back by a constraint or the
    // minimum improvement; "worse than the best" is what the numbers already show.
    private static boolean showsReason(ExperimentRecord r) {
        if (r.status() == Status.KEEP) {
            return false;
        }
        if (r.status() != Status.DISCARD) {
            return true;
        }
        String reason = r.reason().toLowerCase(java.util.Locale.ROOT);
        return !reason.startsWith("worse than") && !reason.startsWith("no change from");
    }
}
