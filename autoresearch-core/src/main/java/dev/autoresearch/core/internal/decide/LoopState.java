package dev.autoresearch.core.internal.decide;

import dev.autoresearch.core.ResearchState;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything the decisions read and nothing else: the research state (records, proposals, work in
 * flight, the champion), the trials on the lanes, and what the loop has learnt of its lanes and its
 * kept changes. A value: {@link Decisions#next} returns the next one.
 *
 * @param research        records, proposals and work in flight
 * @param trials          the experiments on the lanes, by number
 * @param laneFailures    crashes and timeouts in a row, by lane
 * @param retiredLanes    lanes taken out of rotation
 * @param notReproducing  kept experiments the last re-measure found not reproducing, so each is warned of once
 * @param exhausted       why the strategy has nothing left to propose, until a new record opens new ground
 * @param setAside        the nodes (commits) the strategy had nothing left to propose from, with why, until a new record
 * @param duplicatesSkipped proposals refused because they repeated code measured or under way
 * @param wins            the latest trials that beat their parent, oldest first, at most {@link #WINS_KEPT}:
 *                        a stale win is weighed against those whose changes it would be made on
 */
public record LoopState(ResearchState research, Map<Integer, Trial> trials, Map<Integer, Integer> laneFailures,
                        Set<Integer> retiredLanes, Set<Integer> notReproducing, Optional<String> exhausted,
                        Map<String, String> setAside, int duplicatesSkipped, List<Win> wins) {

    /** Wins remembered: enough for every lane's trials of the last rounds. */
    public static final int WINS_KEPT = 256;

    /**
     * A trial's measurement that beat the parent it was made on.
     *
     * @param parent       the commit it beat
     * @param commit       the commit measured
     * @param metric       its primary metric there
     * @param parentMetric the parent's, when a record of it holds one
     */
    public record Win(int experiment, String parent, String commit, double metric, OptionalDouble parentMetric) {
        public Win {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(commit, "commit");
            Objects.requireNonNull(parentMetric, "parentMetric");
        }
    }

    public LoopState {
        Objects.requireNonNull(research, "research");
        // By number, so that what is decided for several trials at once is decided in one order every time.
        trials = Collections.unmodifiableSortedMap(new TreeMap<>(trials));
        laneFailures = Map.copyOf(laneFailures);
        retiredLanes = Set.copyOf(retiredLanes);
        notReproducing = Set.copyOf(notReproducing);
        Objects.requireNonNull(exhausted, "exhausted");
        setAside = Map.copyOf(setAside);
        wins = List.copyOf(wins);
    }

    /** A session about to go on from {@code research}: nothing on the lanes yet. */
    public static LoopState of(ResearchState research) {
        return new LoopState(research, Map.of(), Map.of(), Set.of(), Set.of(), Optional.empty(), Map.of(), 0, List.of());
    }

    /** The trial numbered {@code experiment}, if it is on a lane. */
    public Optional<Trial> trial(int experiment) {
        return Optional.ofNullable(trials.get(experiment));
    }

    public boolean retired(int lane) {
        return retiredLanes.contains(lane);
    }

    /** This state with proposal {@code number} asked of the strategy: it counts as work in flight. */
    public LoopState proposing(int number) {
        return withResearch(research.withProposing(number));
    }

    LoopState withResearch(ResearchState next) {
        return new LoopState(next, trials, laneFailures, retiredLanes, notReproducing, exhausted, setAside, duplicatesSkipped, wins);
    }

    LoopState withTrial(Trial trial) {
        Map<Integer, Trial> next = new TreeMap<>(trials);
        next.put(trial.experiment(), trial);
        return new LoopState(research, next, laneFailures, retiredLanes, notReproducing, exhausted, setAside, duplicatesSkipped, wins);
    }

    LoopState withoutTrial(int experiment) {
        if (!trials.containsKey(experiment)) {
            return this;
        }
        Map<Integer, Trial> next = new TreeMap<>(trials);
        next.remove(experiment);
        return new LoopState(research, next, laneFailures, retiredLanes, notReproducing, exhausted, setAside,
                duplicatesSkipped, wins);
    }

    LoopState withLaneFailures(int lane, int inARow) {
        Map<Integer, Integer> next = new HashMap<>(laneFailures);
        next.put(lane, inARow);
        return new LoopState(research, trials, next, retiredLanes, notReproducing, exhausted, setAside, duplicatesSkipped, wins);
    }

    LoopState withRetired(int lane) {
        Set<Integer> next = new HashSet<>(retiredLanes);
        next.add(lane);
        return new LoopState(research, trials, laneFailures, next, notReproducing, exhausted, setAside, duplicatesSkipped, wins);
    }

    LoopState withNotReproducing(Set<Integer> next) {
        return new LoopState(research, trials, laneFailures, retiredLanes, next, exhausted, setAside, duplicatesSkipped, wins);
    }

    LoopState withExhausted(Optional<String> reason) {
        return new LoopState(research, trials, laneFailures, retiredLanes, notReproducing, reason, setAside, duplicatesSkipped, wins);
    }

    LoopState withSetAside(String node, String reason) {
        Map<String, String> next = new HashMap<>(setAside);
        next.put(node, reason);
        return withSetAside(next);
    }

    LoopState withSetAside(Map<String, String> next) {
        return new LoopState(research, trials, laneFailures, retiredLanes, notReproducing, exhausted, next,
                duplicatesSkipped, wins);
    }

    LoopState withDuplicatesSkipped(int more) {
        return new LoopState(research, trials, laneFailures, retiredLanes, notReproducing, exhausted,
                setAside, duplicatesSkipped + more, wins);
    }

    /** This state with {@code win} remembered (once: a trial judged again adds nothing), the oldest forgotten. */
    LoopState withWin(Win win) {
        if (wins.contains(win)) {
            return this;
        }
        List<Win> next = new java.util.ArrayList<>(wins.subList(Math.max(0, wins.size() - WINS_KEPT + 1), wins.size()));
        next.add(win);
        return new LoopState(research, trials, laneFailures, retiredLanes, notReproducing, exhausted, setAside,
                duplicatesSkipped, next);
    }
}
