package dev.autoresearch.core.journal;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.PendingExperiment;
import dev.autoresearch.core.ResearchState;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a journal holds: its header (absent in a journal that was never started), its records, and
 * what was under way when it was last written.
 *
 * @param header    the first line
 * @param records   the experiments recorded, in the order they were recorded
 * @param pending   the experiments proposed and not recorded, by number
 * @param runs      the last run started of each experiment not recorded, by number
 * @param tornLines 1 when the last line was incomplete (a write cut short) and was left out, else 0
 * @param measured  the runs each experiment not recorded has made so far, in order, by number
 * @param notReproduced the kept experiments whose last re-measure found they no longer reproduce,
 *                  with why, by number
 * @param unseenEnds how many runs of each experiment not recorded started and never ended in the
 *                  loop's sight (the loop was killed or stopped while they ran), by number
 */
public record JournalContents(Optional<JournalHeader> header, List<ExperimentRecord> records,
                              List<PendingExperiment> pending, Map<Integer, RunStart> runs, int tornLines,
                              Map<Integer, List<RunMeasured>> measured, Map<Integer, String> notReproduced,
                              Map<Integer, Integer> unseenEnds) {
    public JournalContents {
        records = List.copyOf(records);
        pending = List.copyOf(pending);
        runs = Map.copyOf(runs);
        measured = Map.copyOf(measured);
        notReproduced = Map.copyOf(notReproduced);
        unseenEnds = Map.copyOf(unseenEnds);
    }

    /** Contents without runs measured or re-measure findings. */
    public JournalContents(Optional<JournalHeader> header, List<ExperimentRecord> records,
                           List<PendingExperiment> pending, Map<Integer, RunStart> runs, int tornLines) {
        this(header, records, pending, runs, tornLines, Map.of(), Map.of(), Map.of());
    }

    /**
     * How many times a run of {@code experiment}, not recorded, started and the loop never saw it end:
     * each time, the loop was killed (perhaps by the run itself) or stopped meanwhile. A resumed
     * session records an experiment whose runs ended the loop twice as a crash rather than running
     * it a third time.
     */
    public int runsTheLoopDidNotSeeEnd(int experiment) {
        return unseenEnds.getOrDefault(experiment, 0);
    }

    /** The session state these records describe, with the pending experiments. */
    public ResearchState state() {
        ResearchState s = ResearchState.of(records);
        for (PendingExperiment p : pending) {
            s = s.withPending(runs.containsKey(p.experiment()) ? p.onLane(runs.get(p.experiment()).lane()) : p);
        }
        return s;
    }
}
