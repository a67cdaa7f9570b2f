package dev.autoresearch.core;

import dev.autoresearch.core.program.ProgramKeys;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * How many experiments run at once and on which devices: program.md's {@code workers},
 * {@code devices} and {@code devices-per-experiment}. With devices and no workers there is one lane
 * per group of {@code devicesPerExperiment} devices; with neither, one lane.
 *
 * @param workers              lanes, when given
 * @param devices              accelerator ids to share out, in order
 * @param devicesPerExperiment devices each lane gets
 */
public record LaneSettings(OptionalInt workers, List<String> devices, int devicesPerExperiment) {
    /** One lane, the runner's own devices. */
    public static final LaneSettings DEFAULT = new LaneSettings(OptionalInt.empty(), List.of(), 1);

    public LaneSettings {
        Objects.requireNonNull(workers, "workers");
        devices = List.copyOf(devices);
        workers.ifPresent(ProgramKeys.WORKERS::check);
        ProgramKeys.DEVICES_PER_EXPERIMENT.check(devicesPerExperiment);
    }

    /**
     * The devices of each lane: one empty list per lane without devices.
     *
     * @throws IllegalArgumentException when the devices do not split into groups, or there are fewer groups than workers
     */
    public List<List<String>> laneDevices() {
        if (devices.isEmpty()) {
            return java.util.Collections.nCopies(workers.orElse(1), List.of());
        }
        List<List<String>> groups = DeviceList.groups(devices, devicesPerExperiment);
        if (workers.isEmpty()) {
            return groups;
        }
        if (workers.getAsInt() > groups.size()) {
            throw new IllegalArgumentException(workers.getAsInt() + " workers need " + workers.getAsInt() * devicesPerExperiment
                    + " devices at " + devicesPerExperiment + " per experiment, but only " + devices.size()
                    + " are given (" + String.join(",", devices) + ")");
        }
        return groups.subList(0, workers.getAsInt());
    }
}
