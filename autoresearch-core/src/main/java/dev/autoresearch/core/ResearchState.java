package dev.autoresearch.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The state of a session as an immutable value: every record so far, in the order they were
 * recorded (the baseline first), and the experiments proposed but not yet recorded. Experiments are
 * numbered when they are proposed; with several lanes they may be recorded in another order.
 * Everything else (the champion, streaks, time and tokens spent) is derived, in one place.
 */
public final class ResearchState {
    private static final ResearchState EMPTY = new ResearchState(List.of(), new TreeMap<>(), new TreeMap<>());

    private final List<ExperimentRecord> history;
    // Never handed out, so they stay as they were built.
    private final TreeMap<Integer, ExperimentRecord> byNumber;
    private final TreeMap<Integer, PendingExperiment> pending;

    private ResearchState(List<ExperimentRecord> history, TreeMap<Integer, ExperimentRecord> byNumber,
                          TreeMap<Integer, PendingExperiment> pending) {
        this.history = history;
        this.byNumber = byNumber;
        this.pending = pending;
    }

    /** A session with no experiment yet. */
    public static ResearchState empty() {
        return EMPTY;
    }

    /**
     * A state from journal records in the order they were recorded.
     *
     * @throws IllegalArgumentException when a number repeats, or the first record is not the baseline
     */
    public static ResearchState of(List<ExperimentRecord> records) {
        ResearchState s = EMPTY;
        for (ExperimentRecord r : records) {
            s = s.with(r);
        }
        return s;
    }

    /** The next state: this one with {@code record} added (and no longer pending). */
    public ResearchState with(ExperimentRecord record) {
        Objects.requireNonNull(record, "record");
        if (byNumber.containsKey(record.experiment())) {
            throw new IllegalArgumentException("experiment " + record.experiment() + " is recorded already");
        }
        if (history.isEmpty() != record.isBaseline()) {
            throw new IllegalArgumentException(history.isEmpty()
                    ? "the first record must be the baseline, experiment 0; got " + record.experiment()
                    : "the baseline is recorded already");
        }
        List<ExperimentRecord> next = new ArrayList<>(history.size() + 1);
        next.addAll(history);
        next.add(record);
        TreeMap<Integer, ExperimentRecord> numbers = new TreeMap<>(byNumber);
        numbers.put(record.experiment(), record);
        TreeMap<Integer, PendingExperiment> stillPending = new TreeMap<>(pending);
        stillPending.remove(record.experiment());
        return new ResearchState(Collections.unmodifiableList(next), numbers, stillPending);
    }

    /** The next state: this one with {@code experiment} proposed or started (replacing what was pending under its number). */
    public ResearchState withPending(PendingExperiment experiment) {
        Objects.requireNonNull(experiment, "experiment");
        if (byNumber.containsKey(experiment.experiment())) {
            throw new IllegalArgumentException("experiment " + experiment.experiment() + " is recorded already");
        }
        TreeMap<Integer, PendingExperiment> next = new TreeMap<>(pending);
        next.put(experiment.experiment(), experiment);
        return new ResearchState(history, byNumber, next);
    }

    /** The next state: this one without the pending experiment {@code number} (it was withdrawn). */
    public ResearchState withoutPending(int number) {
        if (!pending.containsKey(number)) {
            return this;
        }
        TreeMap<Integer, PendingExperiment> next = new TreeMap<>(pending);
        next.remove(number);
        return new ResearchState(history, byNumber, next);
    }

    /** Every record, in the order recorded (the baseline first). */
    public List<ExperimentRecord> history() {
        return history;
    }

    /** Every record, by experiment number. */
    public List<ExperimentRecord> byNumber() {
        return List.copyOf(byNumber.values());
    }

    /** The record of experiment {@code number}, once recorded. */
    public Optional<ExperimentRecord> record(int number) {
        return Optional.ofNullable(byNumber.get(number));
    }

    /** The experiments proposed or running, without a record yet, by number. */
    public List<PendingExperiment> pending() {
        return List.copyOf(pending.values());
    }

    /** The number the next proposal gets: one past every number recorded or pending. */
    public int nextExperiment() {
        int max = -1;
        if (!byNumber.isEmpty()) {
            max = byNumber.lastKey();
        }
        if (!pending.isEmpty()) {
            max = Math.max(max, pending.lastKey());
        }
        return max + 1;
    }

    /** The baseline record, once it ran. */
    public Optional<ExperimentRecord> baseline() {
        return Optional.ofNullable(byNumber.get(0));
    }

    /** The champion: the most recently kept record (the baseline counts as kept), whose commit is the branch's head. */
    public Optional<ExperimentRecord> best() {
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).status() == Status.KEEP) {
                return Optional.of(history.get(i));
            }
        }
        return Optional.empty();
    }

    /**
     * The record whose commit {@code record} was measured against: the kept record of its parent
     * commit. This is "the best before" an experiment, also when lanes finished out of order.
     */
    public Optional<ExperimentRecord> parentOf(ExperimentRecord record) {
        if (record.isBaseline()) {
            return Optional.empty();
        }
        for (ExperimentRecord r : history) {
            if (r.status() == Status.KEEP && r.commit().equals(record.parent())) {
                return Optional.of(r);
            }
        }
        return baseline();
    }

    /** The primary metric of the champion an experiment was measured against, when known. */
    public OptionalDouble bestBefore(ExperimentRecord record) {
        return parentOf(record).map(ExperimentRecord::metric).orElse(OptionalDouble.empty());
    }

    /** The most recent record. */
    public Optional<ExperimentRecord> last() {
        return history.isEmpty() ? Optional.empty() : Optional.of(history.get(history.size() - 1));
    }

    /** Recorded experiments after the baseline. */
    public int experimentsRun() {
        return Math.max(0, history.size() - 1);
    }

    /** Experiments after the baseline that have started or been proposed: recorded ones and pending ones. */
    public int experimentsStarted() {
        return experimentsRun() + pending.size();
    }

    /** Kept experiments after the baseline. */
    public int kept() {
        return (int) history.stream().skip(1).filter(r -> r.status() == Status.KEEP).count();
    }

    /** Experiments recorded since the last keep (or since the baseline). */
    public int sinceLastKeep() {
        int n = 0;
        for (int i = history.size() - 1; i >= 1; i--) {
            if (history.get(i).status() == Status.KEEP) {
                break;
            }
            n++;
        }
        return n;
    }

    /** Crash, invalid and timeout outcomes in a row at the end of the history. */
    public int failureStreak() {
        int n = 0;
        for (int i = history.size() - 1; i >= 1 && history.get(i).status().isFailure(); i--) {
            n++;
        }
        return n;
    }

    /**
     * Active wall-clock time: how long any experiment was in hand, the spans of the records merged
     * so that experiments on parallel lanes count once, summed over resumes.
     */
    public Duration activeTime() {
        List<ExperimentRecord> spans = new ArrayList<>(history);
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

    /** Model tokens spent: on every recorded experiment and on the proposals still pending. */
    public TokenUsage usage() {
        TokenUsage recorded = history.stream().map(ExperimentRecord::usage).reduce(TokenUsage.ZERO, TokenUsage::plus);
        return pending.values().stream().map(p -> p.hypothesis().usage()).reduce(recorded, TokenUsage::plus);
    }

    /** True when some earlier or pending experiment had this hypothesis title (case and spacing ignored). */
    public boolean hasTried(String title) {
        String key = normalize(title);
        return lastTried(title).isPresent()
                || pending.values().stream().anyMatch(p -> normalize(p.hypothesis().title()).equals(key));
    }

    /** The most recent record with this hypothesis title (case and spacing ignored). */
    public Optional<ExperimentRecord> lastTried(String title) {
        String key = normalize(title);
        for (int i = history.size() - 1; i >= 0; i--) {
            if (normalize(history.get(i).hypothesis().title()).equals(key)) {
                return Optional.of(history.get(i));
            }
        }
        return Optional.empty();
    }

    /** Statuses counted over the records after the baseline, in {@link Status} order. */
    public Map<Status, Integer> statusCounts() {
        Map<Status, Integer> counts = new LinkedHashMap<>();
        for (Status s : Status.values()) {
            int n = (int) history.stream().skip(1).filter(r -> r.status() == s).count();
            if (n > 0) {
                counts.put(s, n);
            }
        }
        return counts;
    }

    private static String normalize(String title) {
        return title.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "ResearchState[experiments=" + history.size() + ", pending=" + pending.keySet() + ", best="
                + best().map(r -> r.metric()).orElse(null) + "]";
    }
}
