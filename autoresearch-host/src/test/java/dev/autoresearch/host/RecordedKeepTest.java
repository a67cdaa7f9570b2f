package dev.autoresearch.host;

import dev.autoresearch.core.testing.TestRecords;
import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.journal.JournalHeader;
import dev.autoresearch.core.journal.SessionFiles;
import dev.autoresearch.core.keep.KeepSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;

/** How status and the report learn the keep rule and confidence of a session from its files. */
class RecordedKeepTest {
    private static final String PROGRAM = """
            ---
            metric: score
            direction: minimize
            run: ./train
            editable: [score.txt]
            confidence: 0.99
            ---
            Make the score small.
            """;

    @TempDir
    Path root;

    SessionFiles files() {
        return SessionFiles.of(root, "t1");
    }

    JournalHeader header(String programHash) {
        return new JournalHeader("t1", programHash, "score", Direction.MINIMIZE, List.of(), "base",
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    static ResearchState session(OptionalDouble bestConfidence) {
        return ResearchState.of(List.of(
                record(0, "c0", "c0", Map.of("score", List.of(10.0, 10.02, 9.99)), OptionalDouble.empty()),
                record(1, "c1", "c0", Map.of("score", List.of(8.0, 8.01), "score@champion", List.of(10.01)),
                        bestConfidence)));
    }

    @Test
    void theJournalsHeaderSaysHowTheSessionKeptWhateverProgramMdSaysNow() throws Exception {
        Files.writeString(root.resolve("program.md"), PROGRAM);
        ResearchState state = session(OptionalDouble.of(0.999));
        JournalHeader h = header("another contract");
        JournalHeader recorded = new JournalHeader(h.tag(), h.programHash(), h.metric(), h.direction(), h.secondary(),
                h.baseCommit(), h.startedAt(), java.util.Optional.of(
                        new JournalHeader.RecordedRule(KeepSettings.Rule.SIGNIFICANT, 0.9)));

        RecordedKeep keep = RecordedKeep.of(files(), recorded, state);

        assertThat(keep).isEqualTo(new RecordedKeep(KeepSettings.Rule.SIGNIFICANT, 0.9));
        assertThat(keep.finalGain(state, recorded).orElseThrow().differenceWithInterval()).endsWith(" at 90%");
    }

    @Test
    void theProgramAtTheRootGivesTheSettingsWhileItIsTheContractTheSessionStartedWith() throws Exception {
        Files.writeString(root.resolve("program.md"), PROGRAM);
        String hash = ProgramSpec.parse(root.resolve("program.md")).build().hash();
        ResearchState state = session(OptionalDouble.of(0.999));

        RecordedKeep keep = RecordedKeep.of(files(), header(hash), state);

        assertThat(keep).isEqualTo(new RecordedKeep(KeepSettings.Rule.SIGNIFICANT, 0.99));
        assertThat(keep.finalGain(state, header(hash)).orElseThrow().differenceWithInterval()).endsWith(" at 99%");
    }

    @Test
    void withoutTheSessionsProgramATestedBestMeansTheSignificantRuleAtTheDefaultConfidence() throws Exception {
        Files.writeString(root.resolve("program.md"), PROGRAM);
        ResearchState state = session(OptionalDouble.of(0.999));

        RecordedKeep changed = RecordedKeep.of(files(), header("another contract"), state);

        assertThat(changed).isEqualTo(new RecordedKeep(KeepSettings.Rule.SIGNIFICANT, 0.95));
        assertThat(changed.finalGain(state, header("another contract")).orElseThrow().differenceWithInterval())
                .matches("-20\\.0% \\+/- \\S+% at 95%");
    }

    @Test
    void aBestKeptWithoutATestGetsNoInterval() {
        ResearchState state = session(OptionalDouble.empty());

        RecordedKeep keep = RecordedKeep.of(files(), header("hash"), state);

        assertThat(keep.rule()).isEqualTo(KeepSettings.Rule.GREEDY);
        assertThat(keep.finalGain(state, header("hash")).orElseThrow().halfWidth()).isEmpty();
    }

    static ExperimentRecord record(int n, String commit, String parent, Map<String, List<Double>> metrics,
                                   OptionalDouble confidence) {
        return TestRecords.record(n).commit(commit).parent(parent).metric(metrics.get("score").get(0)).metrics(metrics)
                .startedAt(Instant.parse("2026-01-01T00:00:00Z")).duration(Duration.ofSeconds(1)).confidence(confidence)
                .build();
    }
}
