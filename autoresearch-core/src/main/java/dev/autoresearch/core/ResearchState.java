package dev.autoresearch.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The state of a session as an immutable value: every record so far, baseline first. One step of
 * the loop maps a state and a new record to the next state; a resumed session rebuilds it from the
 * journal. Everything else (the best record, streaks, time and tokens spent) is derived.
 */
public final class ResearchState {
    private static final ResearchState EMPTY = new ResearchState(List.of());

    private final List<ExperimentRecord> history;

    private ResearchState(List<ExperimentRecord> history) {
        this.history = history;
    }

    /** A session with no experiment yet. */
    public static ResearchState empty() {
        return EMPTY;
    }

    /**
     * A state from journal records in order.
     *
     * @throws IllegalArgumentException when the numbers are not 0, 1, 2, ... in order
     */
    public static ResearchState of(List<ExperimentRecord> records) {
        ResearchState s = EMPTY;
        for (ExperimentRecord r : records) {
            s = s.with(r);
        }
        return s;
    }

    /** The next state: this one with {@code record} appended. */
    public ResearchState with(ExperimentRecord record) {
        Objects.requireNonNull(record, "record");
        if (record.experiment() != history.size()) {
            throw new IllegalArgumentException("expected experiment " + history.size() + ", got " + record.experiment());
        }
        List<ExperimentRecord> next = new ArrayList<>(history.size() + 1);
        next.addAll(history);
        next.add(record);
        return new ResearchState(Collections.unmodifiableList(next));
    }

    /** Every record, baseline first. */
    public List<ExperimentRecord> history() {
        return history;
    }

    /** The number the next experiment gets. */
    public int nextExperiment() {
        return history.size();
    }

    /** The baseline record, once it ran. */
    public Optional<ExperimentRecord> baseline() {
        return history.isEmpty() ? Optional.empty() : Optional.of(history.get(0));
    }

    /** The most recent kept record (the baseline counts as kept): the branch's head. */
    public Optional<ExperimentRecord> best() {
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).status() == Status.KEEP) {
                return Optional.of(history.get(i));
            }
        }
        return Optional.empty();
    }

    /** The most recent record. */
    public Optional<ExperimentRecord> last() {
        return history.isEmpty() ? Optional.empty() : Optional.of(history.get(history.size() - 1));
    }

    /** Experiments after the baseline. */
    public int experimentsRun() {
        return Math.max(0, history.size() - 1);
    }

    /** Kept experiments after the baseline. */
    public int kept() {
        return (int) history.stream().skip(1).filter(r -> r.status() == Status.KEEP).count();
    }

    /** Experiments since the last keep (or since the baseline). */
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

    /** Active time: the sum of every recorded step, so it carries across resumes. */
    public Duration activeTime() {
        return history.stream().map(ExperimentRecord::duration).reduce(Duration.ZERO, Duration::plus);
    }

    /** Model tokens spent on every recorded experiment. */
    public TokenUsage usage() {
        return history.stream().map(ExperimentRecord::usage).reduce(TokenUsage.ZERO, TokenUsage::plus);
    }

    /** True when some earlier experiment had this hypothesis title (case and spacing ignored). */
    public boolean hasTried(String title) {
        return lastTried(title).isPresent();
    }

    /** The most recent experiment with this hypothesis title (case and spacing ignored). */
    public Optional<ExperimentRecord> lastTried(String title) {
        String key = normalize(title);
        for (int i = history.size() - 1; i >= 0; i--) {
            if (normalize(history.get(i).hypothesis().title()).equals(key)) {
                return Optional.of(history.get(i));
            }
        }
        return Optional.empty();
    }

    private static String normalize(String title) {
        return title.strip().replaceAll("\\s+", " ").toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
        return "ResearchState[experiments=" + history.size() + ", best=" + best().map(r -> r.metric()).orElse(null) + "]";
    }
}
