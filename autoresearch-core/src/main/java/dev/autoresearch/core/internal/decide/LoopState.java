package dev.autoresearch.core.internal.decide;

import dev.autoresearch.core.ResearchState;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 * @param winsOn          by parent commit, the trials that beat it (their measurement there), kept while a
 *                        trial measured on that parent is in flight: a stale win is weighed against them
 */
public record LoopState(ResearchState research, Map<Integer, Trial> trials, Map<Integer, Integer> laneFailures,
                        Set<Integer> retiredLanes, Set<Integer> notReproducing, Optional<String> exhausted,
                        Map<String, String> setAside, int duplicatesSkipped, Map<String, List<Win>> winsOn) {

    /** A trial's measurement that beat the parent it was made on: the commit measured and its metric. */
    public record Win(int experiment, String commit, double metric) {
        public Win {
            Objects.requireNonNull(commit, "commit");
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
        winsOn = Map.copyOf(winsOn);
    }

    /** A session about to go on from {@code research}: nothing on the lanes yet. */
    public static LoopState of(ResearchState research) {
        return new LoopState(research, Map.of(), Map.of(), Set.of(), Set.of(), Optional.empty(), Map.of(), 0, Map.of());
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
        return new LoopState(next, trials, laneFailures, retiredLanes, notReproducing, exhausted, setAside, duplicatesSkipped, winsOn);
    }

    LoopState withTrial(Trial trial) {
        Map<Integer, Trial> next = new TreeMap<>(trials);
        next.put(trial.experiment(), trial);
        return new LoopState(research, next, laneFailures, retiredLanes, notReproducing, exhausted, setAside, duplicatesSkipped, winsOn);
    }

    LoopState withoutTrial(int experiment) {
        if (!trials.containsKey(experiment)) {
            return this;
        }
        Map<Integer, Trial> next = new TreeMap<>(trials);
        next.remove(experiment);
        // A parent's wins matter while a trial measured on it may still be replayed.
        Set<String> parents = new HashSet<>();
        next.values().forEach(t -> parents.add(t.parent()));
        Map<String, List<Win>> wins = new HashMap<>(winsOn);
        wins.keySet().retainAll(parents);
        return new LoopState(research, next, laneFailures, retiredLanes, notReproducing, exhausted, setAside,
                duplicatesSkipped, wins);
    }

    LoopState withLaneFailures(int lane, int inARow) {
        Map<Integer, Integer> next = new HashMap<>(laneFailures);
        next.put(lane, inARow);
        return new LoopState(research, trials, next, retiredLanes, notReproducing, exhausted, setAside, duplicatesSkipped, winsOn);
    }

    LoopState withRetired(int lane) {
        Set<Integer> next = new HashSet<>(retiredLanes);
        next.add(lane);
        return new LoopState(research, trials, laneFailures, next, notReproducing, exhausted, setAside, duplicatesSkipped, winsOn);
    }

    LoopState withNotReproducing(Set<Integer> next) {
        return new LoopState(research, trials, laneFailures, retiredLanes, next, exhausted, setAside, duplicatesSkipped, winsOn);
    }

    LoopState withExhausted(Optional<String> reason) {
        return new LoopState(research, trials, laneFailures, retiredLanes, notReproducing, reason, setAside, duplicatesSkipped, winsOn);
    }

    LoopState withSetAside(String node, String reason) {
        Map<String, String> next = new HashMap<>(setAside);
        next.put(node, reason);
        return withSetAside(next);
    }

    LoopState withSetAside(Map<String, String> next) {
        return new LoopState(research, trials, laneFailures, retiredLanes, notReproducing, exhausted, next,
                duplicatesSkipped, winsOn);
    }

    LoopState withDuplicatesSkipped(int more) {
        return new LoopState(research, trials, laneFailures, retiredLanes, notReproducing, exhausted,
                setAside, duplicatesSkipped + more, winsOn);
    }

    /** This state with {@code win} measured on {@code parent} (once: a trial judged again adds nothing). */
    LoopState withWin(String parent, Win win) {
        List<Win> there = winsOn.getOrDefault(parent, List.of());
        if (there.stream().anyMatch(w -> w.experiment() == win.experiment() && w.commit().equals(win.commit()))) {
            return this;
        }
        Map<String, List<Win>> next = new HashMap<>(winsOn);
        List<Win> more = new java.util.ArrayList<>(there);
        more.add(win);
        next.put(parent, List.copyOf(more));
        return new LoopState(research, trials, laneFailures, retiredLanes, notReproducing, exhausted, setAside,
                duplicatesSkipped, next);
    }
}
