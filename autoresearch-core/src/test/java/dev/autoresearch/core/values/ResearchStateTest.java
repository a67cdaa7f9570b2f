package dev.autoresearch.core.values;

import dev.autoresearch.core.testing.TestRecords;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.PendingExperiment;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.TokenUsage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The state's records are shared by the states of one lineage: each must still be the value it was made as. */
class ResearchStateTest {
    private static ExperimentRecord rec(int n, Status status, String commit, String parent, String title,
                                        long startSecond, long seconds) {
        return TestRecords.record(n).commit(commit).parent(parent).status(status).metric(n)
                .hypothesis(new Hypothesis(title, "")).strategy("s").startedAt(Instant.EPOCH.plusSeconds(startSecond))
                .duration(Duration.ofSeconds(seconds)).log("").usage(new TokenUsage(n, 0)).build();
    }

    private static ExperimentRecord baseline() {
        return rec(0, Status.KEEP, "c0", "c0", "baseline", 0, 10);
    }

    @Test
    void theRecordsMadeOnACommitAndItsKeepAreFoundInTheOrderRecordedAndOnlyInTheirOwnState() {
        ResearchState s = ResearchState.of(List.of(baseline(), rec(1, Status.KEEP, "c1", "c0", "a", 10, 10),
                rec(3, Status.DISCARD, "c3", "c1", "b", 20, 10), rec(2, Status.DISCARD, "c2", "c0", "c", 15, 20)));
        ResearchState more = s.with(rec(4, Status.DISCARD, "c4", "c1", "d", 30, 10));

        assertThat(s.madeOn("c0")).extracting(ExperimentRecord::experiment).containsExactly(1, 2);
        assertThat(s.madeOn("c1")).extracting(ExperimentRecord::experiment).containsExactly(3);
        assertThat(more.madeOn("c1")).extracting(ExperimentRecord::experiment).containsExactly(3, 4);
        assertThat(s.madeOn("nothing")).isEmpty();
        assertThat(s.keepOf("c1")).map(ExperimentRecord::experiment).hasValue(1);
        assertThat(s.keepOf("c0")).map(ExperimentRecord::experiment).hasValue(0);
        assertThat(s.keepOf("c3")).isEmpty();
    }

    @Test
    void anOlderStateExtendedDoesNotSeeTheNewerStatesRecordsNorTheyIts() {
        ResearchState older = ResearchState.of(List.of(baseline(), rec(1, Status.DISCARD, "c1", "c0", "a", 10, 10)));
        ResearchState newer = older.with(rec(2, Status.KEEP, "c2", "c0", "b", 20, 10));
        ResearchState other = older.with(rec(2, Status.DISCARD, "d2", "c0", "other b", 20, 10))
                .with(rec(3, Status.KEEP, "d3", "c0", "c", 30, 10));

        assertThat(newer.history()).extracting(ExperimentRecord::commit).containsExactly("c0", "c1", "c2");
        assertThat(other.history()).extracting(ExperimentRecord::commit).containsExactly("c0", "c1", "d2", "d3");
        assertThat(older.history()).hasSize(2);
        assertThat(older.record(2)).isEmpty();
        assertThat(newer.record(2).orElseThrow().commit()).isEqualTo("c2");
        assertThat(other.record(2).orElseThrow().commit()).isEqualTo("d2");
        assertThat(newer.best().orElseThrow().commit()).isEqualTo("c2");
        assertThat(other.best().orElseThrow().commit()).isEqualTo("d3");
        assertThat(older.best().orElseThrow().commit()).isEqualTo("c0");
        assertThat(newer.lastTried("B")).isPresent();
        assertThat(other.lastTried("b")).isEmpty();
        assertThat(older.hasTried("c")).isFalse();
        // Extending the newer one again still works in place, and the fork is untouched.
        ResearchState newest = newer.with(rec(3, Status.DISCARD, "c3", "c2", "c", 30, 10));
        assertThat(newest.parentOf(newest.record(3).orElseThrow()).orElseThrow().commit()).isEqualTo("c2");
        assertThat(other.parentOf(rec(4, Status.DISCARD, "x", "c2", "x", 40, 1))).isEqualTo(other.baseline());
        assertThat(other.record(3).orElseThrow().commit()).isEqualTo("d3");
    }

    @Test
    void aNumberRecordedInAnotherBranchOfTheLineageCanBeRecordedHere() {
        ResearchState base = ResearchState.of(List.of(baseline()));
        ResearchState one = base.with(rec(1, Status.KEEP, "c1", "c0", "a", 10, 1));
        ResearchState two = base.with(rec(1, Status.DISCARD, "x1", "c0", "a", 10, 1));
        assertThat(one.record(1).orElseThrow().commit()).isEqualTo("c1");
        assertThat(two.record(1).orElseThrow().commit()).isEqualTo("x1");
        assertThatThrownBy(() -> one.with(rec(1, Status.DISCARD, "y1", "c0", "a", 10, 1)))
                .hasMessageContaining("experiment 1 is recorded already");
        assertThatThrownBy(() -> one.withPending(PendingExperiment.builder().experiment(1).hypothesis(new Hypothesis("p", ""))
                .strategy("s").parent("c1").commit("p1").proposedAt(Instant.EPOCH).lane(1).build()))
                .hasMessageContaining("experiment 1 is recorded already");
        assertThatThrownBy(() -> ResearchState.empty().with(rec(1, Status.KEEP, "c1", "c0", "a", 0, 1)))
                .hasMessageContaining("the first record must be the baseline");
        assertThatThrownBy(() -> one.with(baseline())).hasMessageContaining("experiment 0 is recorded already");
    }

    @Test
    void theParentIsTheFirstKeepOfTheParentCommitAndTheBaselineOtherwise() {
        ResearchState s = ResearchState.of(List.of(baseline(),
                rec(1, Status.KEEP, "c1", "c0", "a", 10, 1),
                rec(2, Status.DISCARD, "c2", "c1", "b", 20, 1),
                rec(3, Status.DISCARD, "c3", "gone", "c", 30, 1)));
        assertThat(s.parentOf(s.record(2).orElseThrow()).orElseThrow().experiment()).isEqualTo(1);
        assertThat(s.parentOf(s.record(3).orElseThrow()).orElseThrow().experiment()).isEqualTo(0);
        assertThat(s.parentOf(s.baseline().orElseThrow())).isEmpty();
        assertThat(s.bestBefore(s.record(2).orElseThrow())).hasValue(1.0);
    }

    @Test
    void aKeptNodeThatWasNotCrownedIsAParentButNotTheChampion() {
        ExperimentRecord node = rec(2, Status.KEEP, "c2", "c0", "b", 20, 1).toBuilder().champion(false).build();
        ResearchState s = ResearchState.of(List.of(baseline(), rec(1, Status.KEEP, "c1", "c0", "a", 10, 1), node,
                rec(3, Status.DISCARD, "c3", "c2", "c", 30, 1)));

        assertThat(s.best().orElseThrow().experiment()).as("the champion is the last keep crowned").isEqualTo(1);
        assertThat(s.parentOf(s.record(3).orElseThrow()).orElseThrow().experiment()).isEqualTo(2);
        assertThat(s.kept()).isEqualTo(2);
        assertThat(s.sinceLastKeep()).isEqualTo(1);
        assertThat(node.toBuilder().build().champion()).isFalse();
        assertThat(node.toBuilder().status(Status.DISCARD).build().champion()).isFalse();
        assertThat(rec(4, Status.DISCARD, "c4", "c0", "d", 40, 1).toBuilder().status(Status.KEEP).build().champion())
                .as("a keep is crowned unless it says otherwise").isTrue();
    }

    @Test
    void theCountsAndStreaksOfEachStateAreItsOwn() {
        ResearchState s = ResearchState.of(List.of(baseline()));
        List<ResearchState> states = new ArrayList<>(List.of(s));
        Status[] script = {Status.CRASH, Status.TIMEOUT, Status.KEEP, Status.DISCARD, Status.INVALID, Status.CRASH};
        for (int i = 0; i < script.length; i++) {
            s = s.with(rec(i + 1, script[i], "c" + (i + 1), "c0", "t" + i, 10L * (i + 1), 10));
            states.add(s);
        }
        assertThat(states.get(2).failureStreak()).isEqualTo(2);
        assertThat(states.get(2).sinceLastKeep()).isEqualTo(2);
        assertThat(states.get(3).sinceLastKeep()).isZero();
        assertThat(states.get(3).failureStreak()).isZero();
        assertThat(s.failureStreak()).isEqualTo(2);
        assertThat(s.sinceLastKeep()).isEqualTo(3);
        assertThat(s.kept()).isEqualTo(1);
        assertThat(states.get(2).kept()).isZero();
        assertThat(s.statusCounts()).containsExactly(Map.entry(Status.KEEP, 1), Map.entry(Status.DISCARD, 1),
                Map.entry(Status.CRASH, 2), Map.entry(Status.TIMEOUT, 1), Map.entry(Status.INVALID, 1));
        assertThat(states.get(1).statusCounts()).containsExactly(Map.entry(Status.CRASH, 1));
        assertThat(s.usage().inputTokens()).isEqualTo(21);
        assertThat(states.get(3).usage().inputTokens()).isEqualTo(6);
        assertThat(s.nextExperiment()).isEqualTo(7);
        assertThat(s.withPending(PendingExperiment.builder().experiment(9)
                .hypothesis(new Hypothesis("p", "", "", new TokenUsage(100, 0))).strategy("s").parent("c3").commit("p9")
                .proposedAt(Instant.EPOCH).lane(1).build()).usage().inputTokens()).isEqualTo(121);
    }

    @Test
    void activeTimeIsTheUnionOfTheSpansWhateverTheOrderTheyAreRecordedIn() {
        Random random = new Random(7);
        List<ExperimentRecord> records = new ArrayList<>(List.of(baseline()));
        for (int n = 1; n < 400; n++) {
            // Eight lanes: spans overlap, gaps between some, recorded in order of their end, not their start.
            long start = 10L * n + random.nextInt(40);
            long seconds = random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(120);
            records.add(rec(n, Status.DISCARD, "c" + n, "c0", "t" + n, start, seconds));
        }
        records.subList(1, records.size()).sort(Comparator.comparing(r -> r.startedAt().plus(r.duration())));
        ResearchState s = ResearchState.empty();
        for (int i = 0; i < records.size(); i++) {
            s = s.with(records.get(i));
            assertThat(s.activeTime()).as("after %d records", i + 1).isEqualTo(unionOf(records.subList(0, i + 1)));
        }
    }

    /** The union of the spans, as it was computed before the state kept a running total. */
    private static Duration unionOf(List<ExperimentRecord> records) {
        List<ExperimentRecord> spans = new ArrayList<>(records);
        spans.sort(Comparator.comparing(ExperimentRecord::startedAt));
        Duration total = Duration.ZERO;
        Instant coveredUntil = Instant.MIN;
        for (ExperimentRecord r : spans) {
            Instant start = r.startedAt().isAfter(coveredUntil) ? r.startedAt() : coveredUntil;
            Instant end = r.startedAt().plus(r.duration());
            if (end.isAfter(start)) {
                total = total.plus(Duration.between(start, end));
                coveredUntil = end;
            }
        }
        return total;
    }

    @Test
    void aStateReadOnAnotherThreadSeesItsRecordsWhileTheLoopAppends() throws Exception {
        AtomicReference<ResearchState> published = new AtomicReference<>(ResearchState.of(List.of(baseline())));
        AtomicReference<String> wrong = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            for (int round = 0; round < 2_000 && wrong.get() == null; round++) {
                ResearchState s = published.get();
                List<ExperimentRecord> h = s.history();
                for (int i = 0; i < h.size(); i++) {
                    if (h.get(i) == null || h.get(i).experiment() != i) {
                        wrong.set("record " + i + " of " + h.size() + " was " + h.get(i));
                    }
                }
            }
        });
        reader.start();
        ResearchState s = published.get();
        for (int n = 1; n < 20_000; n++) {
            s = s.with(rec(n, Status.DISCARD, "c" + n, "c0", "same title", n, 1));
            published.set(s);
        }
        reader.join();
        assertThat(wrong.get()).isNull();
        assertThat(s.history()).hasSize(20_000);
        assertThat(s.lastTried("Same  Title").orElseThrow().experiment()).isEqualTo(19_999);
    }
}
