package dev.autoresearch.core.journal;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ResearchState;

import java.util.List;
import java.util.Optional;

/**
 * What a journal holds: its header (absent in a journal that was never started) and its records.
 *
 * @param header    the first line
 * @param records   the experiments, in order
 * @param tornLines 1 when the last line was incomplete (a write cut short) and was left out, else 0
 */
public record JournalContents(Optional<JournalHeader> header, List<ExperimentRecord> records, int tornLines) {
    public JournalContents {
        records = List.copyOf(records);
    }

    /** The session state these records describe. */
    public ResearchState state() {
        return ResearchState.of(records);
    }
}
