package dev.autoresearch.core.journal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.PendingExperiment;
import dev.autoresearch.core.RunRequest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Folds a journal's complete lines, in order, into what they say: a whole file at once when a
 * journal is read or opened, or a line at a time as it grows ({@link JournalFollower}), with the
 * same result either way.
 */
final class JournalParser {
    private final Path file;
    private Optional<JournalHeader> header = Optional.empty();
    private final List<ExperimentRecord> records = new ArrayList<>();
    private final Set<Integer> numbers = new HashSet<>();
    private final Map<Integer, PendingExperiment> proposals = new TreeMap<>();
    private final Map<Integer, RunStart> runs = new TreeMap<>();
    private final Map<Integer, List<RunMeasured>> measured = new TreeMap<>();
    private final Map<Integer, String> notReproduced = new TreeMap<>();
    /** An experiment's run started and not yet followed by what it measured: open until then. */
    private final Set<Integer> open = new HashSet<>();
    private final Map<Integer, Integer> unseenEnds = new TreeMap<>();
    /** Lines taken so far, so that an error names the line of the file. */
    private int lineNumber;

    JournalParser(Path file) {
        this.file = file;
    }

    /** Takes every line of {@code text}, which ends at a line end or at the end of the file's complete lines. */
    void accept(String text) {
        String[] lines = text.split("\n", -1);
        // What follows the last line end is empty when text ends at one; it is not a line of the file.
        int count = lines[lines.length - 1].isEmpty() ? lines.length - 1 : lines.length;
        for (int i = 0; i < count; i++) {
            acceptLine(lines[i]);
        }
    }

    /** The records taken so far, in the order recorded. */
    List<ExperimentRecord> records() {
        return records;
    }

    private void acceptLine(String raw) {
        lineNumber++;
        String line = raw.strip();
        if (line.isEmpty()) {
            return;
        }
        try {
            JsonNode node = JournalCodec.JSON.readTree(line);
            String type = node.path("type").asText("experiment");
            if (type.equals("header")) {
                header = Optional.of(JournalCodec.decodeHeader(node));
            } else if (type.equals("experiment")) {
                record(JournalCodec.decodeRecord(node));
            } else if (type.equals("proposed")) {
                PendingExperiment p = JournalCodec.decodeProposal(node);
                if (!numbers.contains(p.experiment())) {
                    proposals.put(p.experiment(), p);
                }
            } else if (type.equals("run")) {
                RunStart run = JournalCodec.decodeRun(node);
                if (!numbers.contains(run.experiment())) {
                    runs.put(run.experiment(), run);
                    // A start (the line without a ticket) while the last one is open: that one never ended.
                    if (run.ticket().isEmpty() && run.purpose() == RunRequest.Purpose.EXPERIMENT
                            && !open.add(run.experiment())) {
                        unseenEnds.merge(run.experiment(), 1, Integer::sum);
                    }
                }
            } else if (type.equals("measured")) {
                RunMeasured run = JournalCodec.decodeMeasured(node);
                if (!numbers.contains(run.experiment())) {
                    measured.computeIfAbsent(run.experiment(), k -> new ArrayList<>()).add(run);
                    open.remove(run.experiment());
                }
            } else if (type.equals("reproduction")) {
                int experiment = node.path("experiment").asInt(-1);
                if (node.path("reproduces").asBoolean(true)) {
                    notReproduced.remove(experiment);
                } else {
                    notReproduced.put(experiment, node.path("reason").asText(""));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new AutoresearchException(file + ":" + lineNumber + ": not a valid journal line ("
                    + e.getMessage() + "); the journal was changed by hand or damaged. "
                    + "Restore it, or start a new session with another tag", e);
        }
    }

    private void record(ExperimentRecord r) {
        if (records.isEmpty() != r.isBaseline() || !numbers.add(r.experiment())) {
            throw new IllegalArgumentException(records.isEmpty()
                    ? "the first record must be the baseline, experiment 0, but found " + r.experiment()
                    : "experiment " + r.experiment() + " is recorded twice");
        }
        records.add(r);
        proposals.remove(r.experiment());
        runs.remove(r.experiment());
        measured.remove(r.experiment());
        open.remove(r.experiment());
        unseenEnds.remove(r.experiment());
    }

    /**
     * What the lines taken so far say, as if the file ended here.
     *
     * @param torn 1 when an incomplete last line was left out, else 0
     */
    JournalContents contents(int torn) {
        // A run still open when the file ends never ended in the loop's sight (so far).
        Map<Integer, Integer> ends = new HashMap<>(unseenEnds);
        open.forEach(experiment -> ends.merge(experiment, 1, Integer::sum));
        Map<Integer, List<RunMeasured>> measuredSoFar = new HashMap<>();
        measured.forEach((experiment, list) -> measuredSoFar.put(experiment, List.copyOf(list)));
        return new JournalContents(header, records, List.copyOf(proposals.values()), runs, torn, measuredSoFar,
                notReproduced, ends);
    }
}
