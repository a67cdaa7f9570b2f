package dev.autoresearch.core;

import java.time.Duration;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.RandomAccess;
import java.util.Set;
import java.util.TreeMap;

/**
 * The state of a session as an immutable value: every record so far, in the order they were
 * recorded (the baseline first), and the experiments proposed but not yet recorded. Experiments are
 * numbered when they are proposed; with several lanes they may be recorded in another order.
 * Everything else (the champion, streaks, time and tokens spent) is derived, in one place.
 */
public final class ResearchState {
    private static final ResearchState EMPTY = new ResearchState(new RecordStore(), new ExperimentRecord[0][], 0,
            Tally.NONE, new TreeMap<>(), Set.of(), Set.of());

    /** Shared with the other states of this lineage; this state sees its first {@link #size} records. */
    private final RecordStore store;
    private final ExperimentRecord[][] chunks;
    private final int size;
    private final Tally tally;
    // Never handed out, so it stays as it was built.
    private final TreeMap<Integer, PendingExperiment> pending;
    /** Work in flight: the experiments started on a lane, and the numbers of proposals in the making. */
    private final Set<Integer> running;
    private final Set<Integer> proposing;

    private ResearchState(RecordStore store, ExperimentRecord[][] chunks, int size, Tally tally,
                          TreeMap<Integer, PendingExperiment> pending, Set<Integer> running, Set<Integer> proposing) {
        this.store = store;
        this.chunks = chunks;
        this.size = size;
        this.tally = tally;
        this.pending = pending;
        this.running = running;
        this.proposing = proposing;
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
        if (store.indexOf(record.experiment(), size) >= 0) {
            throw new IllegalArgumentException("experiment " + record.experiment() + " is recorded already");
        }
        if ((size == 0) != record.isBaseline()) {
            throw new IllegalArgumentException(size == 0
                    ? "the first record must be the baseline, experiment 0; got " + record.experiment()
                    : "the baseline is recorded already");
        }
        // The empty state is every lineage's start: each session's records get a store of their own.
        RecordStore target = size == 0 ? new RecordStore() : store;
        ExperimentRecord[][] table = target.appendAfter(size, record);
        if (table == null) {
            // An older state extended: the newer states' records are not its history.
            target = RecordStore.copyOf(chunks, size);
            table = target.appendAfter(size, record);
        }
        TreeMap<Integer, PendingExperiment> stillPending = pending;
        if (pending.containsKey(record.experiment())) {
            stillPending = new TreeMap<>(pending);
            stillPending.remove(record.experiment());
        }
        Duration covered = tally.inOrder(record) ? tally.newlyCovered(record) : uncovered(record);
        return new ResearchState(target, table, size + 1, tally.with(size, record, covered), stillPending,
                without(running, record.experiment()), without(proposing, record.experiment()));
    }

    /**
     * How much of the span of {@code record}, which started before some record already here, no
     * record here covers: the spans that overlap it are clipped to it and merged. One pass over the
     * history, without sorting it; with lanes only records recorded out of order of start pay it.
     */
    private Duration uncovered(ExperimentRecord record) {
        Instant from = record.startedAt();
        Instant to = from.plus(record.duration());
        if (!to.isAfter(from)) {
            return Duration.ZERO;
        }
        List<Instant[]> overlaps = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ExperimentRecord r = at(i);
            Instant start = r.startedAt().isAfter(from) ? r.startedAt() : from;
            Instant end = r.startedAt().plus(r.duration());
            end = end.isBefore(to) ? end : to;
            if (end.isAfter(start)) {
                overlaps.add(new Instant[] {start, end});
            }
        }
        overlaps.sort(Comparator.comparing((Instant[] span) -> span[0]));
        Duration open = Duration.ZERO;
        Instant reached = from;
        for (Instant[] span : overlaps) {
            if (span[0].isAfter(reached)) {
                open = open.plus(Duration.between(reached, span[0]));
            }
            if (span[1].isAfter(reached)) {
                reached = span[1];
            }
        }
        return open.plus(Duration.between(reached, to));
    }

    private ExperimentRecord at(int index) {
        return chunks[index / RecordStore.CHUNK][index % RecordStore.CHUNK];
    }

    /** The next state: this one with {@code experiment} proposed or started (replacing what was pending under its number). */
    public ResearchState withPending(PendingExperiment experiment) {
        Objects.requireNonNull(experiment, "experiment");
        if (store.indexOf(experiment.experiment(), size) >= 0) {
            throw new IllegalArgumentException("experiment " + experiment.experiment() + " is recorded already");
        }
        TreeMap<Integer, PendingExperiment> next = new TreeMap<>(pending);
        next.put(experiment.experiment(), experiment);
        return new ResearchState(store, chunks, size, tally, next, running, without(proposing, experiment.experiment()));
    }

    /** The next state: this one with {@code experiment} started on its lane (and pending until it is recorded). */
    public ResearchState withRunning(PendingExperiment experiment) {
        ResearchState next = withPending(experiment);
        return new ResearchState(store, chunks, size, tally, next.pending, with(running, experiment.experiment()),
                next.proposing);
    }

    /** The next state: this one with proposal {@code number} in the making (not yet pending). */
    public ResearchState withProposing(int number) {
        return new ResearchState(store, chunks, size, tally, pending, running, with(proposing, number));
    }

    /** The next state: this one without proposal {@code number} in the making (it came to nothing, or was made). */
    public ResearchState withoutProposing(int number) {
        return proposing.contains(number) ? new ResearchState(store, chunks, size, tally, pending, running,
                without(proposing, number)) : this;
    }

    /**
     * This state as if every proposal, made or in the making, had started: what a stopping policy is
     * asked before one more proposal is made, so that a session never proposes past its budget.
     */
    public ResearchState assumingStarted() {
        Set<Integer> all = new HashSet<>(pending.keySet());
        all.addAll(proposing);
        all.addAll(running);
        return new ResearchState(store, chunks, size, tally, pending, Set.copyOf(all), proposing);
    }

    private static Set<Integer> with(Set<Integer> set, int number) {
        if (set.contains(number)) {
            return set;
        }
        Set<Integer> next = new HashSet<>(set);
        next.add(number);
        return Set.copyOf(next);
    }

    private static Set<Integer> without(Set<Integer> set, int number) {
        if (!set.contains(number)) {
            return set;
        }
        Set<Integer> next = new HashSet<>(set);
        next.remove(number);
        return Set.copyOf(next);
    }

    /** The next state: this one without the pending experiment {@code number} (it was withdrawn). */
    public ResearchState withoutPending(int number) {
        if (!pending.containsKey(number)) {
            return this;
        }
        TreeMap<Integer, PendingExperiment> next = new TreeMap<>(pending);
        next.remove(number);
        return new ResearchState(store, chunks, size, tally, next, without(running, number), proposing);
    }

    /** Every record, in the order recorded (the baseline first): a view that does not copy them. */
    public List<ExperimentRecord> history() {
        return new History();
    }

    /** Every record, by experiment number. */
    public List<ExperimentRecord> byNumber() {
        List<ExperimentRecord> all = new ArrayList<>(history());
        // Mostly in order already (lanes finish a little out of order), which the sort is linear on.
        all.sort(Comparator.comparingInt(ExperimentRecord::experiment));
        return Collections.unmodifiableList(all);
    }

    /** The record of experiment {@code number}, once recorded. */
    public Optional<ExperimentRecord> record(int number) {
        int i = store.indexOf(number, size);
        return i < 0 ? Optional.empty() : Optional.of(at(i));
    }

    /** The experiments proposed or running, without a record yet, by number. */
    public List<PendingExperiment> pending() {
        return List.copyOf(pending.values());
    }

    /** The number the next proposal gets: one past every number recorded or pending. */
    public int nextExperiment() {
        int max = tally.maxNumber();
        if (!pending.isEmpty()) {
            max = Math.max(max, pending.lastKey());
        }
        return max + 1;
    }

    /** The baseline record, once it ran. */
    public Optional<ExperimentRecord> baseline() {
        return size == 0 ? Optional.empty() : Optional.of(at(0));
    }

    /** The champion: the most recently kept record (the baseline counts as kept), whose commit is the branch's head. */
    public Optional<ExperimentRecord> best() {
        return tally.bestIndex() < 0 ? Optional.empty() : Optional.of(at(tally.bestIndex()));
    }

    /**
     * The record whose commit {@code record} was measured against: the kept record of its parent
     * commit (under a tree search, which may start from any measured experiment, the record that
     * measured it). This is "the best before" an experiment, also when lanes finished out of order.
     */
    public Optional<ExperimentRecord> parentOf(ExperimentRecord record) {
        if (record.isBaseline()) {
            return Optional.empty();
        }
        int i = store.nodeOf(record.parent(), size);
        return i >= 0 ? Optional.of(at(i)) : baseline();
    }

    /**
     * The node of {@code commit}: its first kept record, else the first record that measured it; empty
     * when no record measured it.
     */
    public Optional<ExperimentRecord> nodeOf(String commit) {
        int i = store.nodeOf(Objects.requireNonNull(commit, "commit"), size);
        return i >= 0 ? Optional.of(at(i)) : Optional.empty();
    }

    /** The first kept record of {@code commit} (the baseline's for the baseline commit), when there is one. */
    public Optional<ExperimentRecord> keepOf(String commit) {
        int i = store.firstKeepOf(Objects.requireNonNull(commit, "commit"), size);
        return i >= 0 ? Optional.of(at(i)) : Optional.empty();
    }

    /** The records measured on {@code commit} (their parent), in the order recorded; the baseline is not among them. */
    public List<ExperimentRecord> madeOn(String commit) {
        int[] indexes = store.madeOn(Objects.requireNonNull(commit, "commit"), size);
        List<ExperimentRecord> out = new ArrayList<>(indexes.length);
        for (int i : indexes) {
            out.add(at(i));
        }
        return Collections.unmodifiableList(out);
    }

    /** The primary metric of the champion an experiment was measured against, when known. */
    public OptionalDouble bestBefore(ExperimentRecord record) {
        return parentOf(record).map(ExperimentRecord::metric).orElse(OptionalDouble.empty());
    }

    /** The most recent record. */
    public Optional<ExperimentRecord> last() {
        return size == 0 ? Optional.empty() : Optional.of(at(size - 1));
    }

    /** Recorded experiments after the baseline. */
    public int experimentsRun() {
        return Math.max(0, size - 1);
    }

    /**
     * Experiments after the baseline that have started: recorded ones and those running on a lane. A
     * proposal waiting for a lane has not started (see {@link #assumingStarted()}).
     */
    public int experimentsStarted() {
        return experimentsRun() + running.size();
    }

    /** The experiments running on a lane now, by number. */
    public List<PendingExperiment> running() {
        return running.stream().sorted().map(pending::get).filter(Objects::nonNull).toList();
    }

    /** The numbers of proposals in the making: asked of the strategy, not yet made. */
    public Set<Integer> proposing() {
        return proposing;
    }

    /** Kept experiments after the baseline. */
    public int kept() {
        return tally.kept();
    }

    /** Experiments recorded since the last keep (or since the baseline). */
    public int sinceLastKeep() {
        return tally.sinceLastKeep();
    }

    /** Crash, invalid and timeout outcomes in a row at the end of the history. */
    public int failureStreak() {
        return tally.failureStreak();
    }

    /**
     * Active wall-clock time: how long any experiment was in hand, the spans of the records merged
     * so that experiments on parallel lanes count once, summed over resumes.
     */
    public Duration activeTime() {
        return tally.activeTime();
    }

    /** Model tokens spent: on every recorded experiment and on the proposals still pending. */
    public TokenUsage usage() {
        TokenUsage u = tally.usage();
        for (PendingExperiment p : pending.values()) {
            u = u.plus(p.hypothesis().usage());
        }
        return u;
    }

    /** True when some earlier or pending experiment had this hypothesis title (case and spacing ignored). */
    public boolean hasTried(String title) {
        String key = RecordStore.normalize(title);
        return lastTried(title).isPresent()
                || pending.values().stream().anyMatch(p -> RecordStore.normalize(p.hypothesis().title()).equals(key));
    }

    /** The most recent record with this hypothesis title (case and spacing ignored). */
    public Optional<ExperimentRecord> lastTried(String title) {
        int i = store.lastWithTitle(title, size);
        return i < 0 ? Optional.empty() : Optional.of(at(i));
    }

    /** Statuses counted over the records after the baseline, in {@link Status} order. */
    public Map<Status, Integer> statusCounts() {
        Map<Status, Integer> counts = new LinkedHashMap<>();
        int[] n = tally.statusCounts();
        for (Status s : Status.values()) {
            if (n[s.ordinal()] > 0) {
                counts.put(s, n[s.ordinal()]);
            }
        }
        return counts;
    }

    /** The records this state holds, read in place: states of one lineage share them. */
    private final class History extends AbstractList<ExperimentRecord> implements RandomAccess {
        @Override
        public ExperimentRecord get(int index) {
            Objects.checkIndex(index, size);
            return at(index);
        }

        @Override
        public int size() {
            return size;
        }
    }

    @Override
    public String toString() {
        return "ResearchState[experiments=" + size + ", pending=" + pending.keySet() + ", best="
                + best().map(r -> r.metric()).orElse(null) + "]";
    }
}
