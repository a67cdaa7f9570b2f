package dev.autoresearch.core.internal.decide;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.Status;

import java.time.Instant;

/**
 * A lane whose runs crash or time out {@value Decisions#LANE_FAILURES_TO_RETIRE} times in a row while
 * the other lanes succeed is taken out of rotation: its device or node is the likelier cause than the
 * changes it ran. The last lane is never retired.
 */
final class LaneRetirement {
    private LaneRetirement() {
    }

    static void count(Decisions.Plan p, int lanes, ExperimentRecord record) {
        int lane = record.lane();
        boolean failed = record.status() == Status.CRASH || record.status() == Status.TIMEOUT;
        int inARow = failed ? p.state.laneFailures().getOrDefault(lane, 0) + 1 : 0;
        p.state = p.state.withLaneFailures(lane, inARow);
        if (inARow < Decisions.LANE_FAILURES_TO_RETIRE || lanes - p.state.retiredLanes().size() < 2) {
            return;
        }
        ResearchState state = p.state.research();
        Instant since = record.startedAt();
        for (int i = state.history().size() - 1, seen = 0; i >= 1 && seen < inARow; i--) {
            ExperimentRecord r = state.history().get(i);
            if (r.lane() == lane) {
                since = r.startedAt();
                seen++;
            }
        }
        Instant from = since;
        boolean othersSucceed = state.history().stream().anyMatch(r -> r.lane() != lane
                && !r.isBaseline() && !r.status().isFailure() && !r.startedAt().isBefore(from));
        if (othersSucceed) {
            p.state = p.state.withRetired(lane);
            p.steps.add(new Step.RetireLane(lane, inARow));
        }
    }
}
