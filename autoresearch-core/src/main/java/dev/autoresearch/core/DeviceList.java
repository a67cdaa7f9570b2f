package dev.autoresearch.core;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * Accelerator ids as people write them: {@code 0,1,2,3}, {@code 0-7}, {@code 0-3,6}. Split into
 * groups, one group per lane.
 */
public final class DeviceList {
    private DeviceList() {
    }

    /**
     * The ids of a list with ranges, in order, each once.
     *
     * @throws IllegalArgumentException naming the part that is not an id or a range
     */
    public static List<String> parse(String text) {
        Objects.requireNonNull(text, "text");
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (String part : text.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            if (p.matches("\\d+-\\d+")) {
                int from = Integer.parseInt(p.substring(0, p.indexOf('-')));
                int to = Integer.parseInt(p.substring(p.indexOf('-') + 1));
                if (to < from || to - from > 4096) {
                    throw new IllegalArgumentException("'" + p + "' is not a range of device ids such as 0-7");
                }
                for (int i = from; i <= to; i++) {
                    ids.add(Integer.toString(i));
                }
            } else if (p.matches("[A-Za-z0-9_.:-]+")) {
                ids.add(p);
            } else {
                throw new IllegalArgumentException("'" + p + "' is not a device id or a range such as 0-7");
            }
        }
        return List.copyOf(ids);
    }

    /**
     * The ids in groups of {@code perGroup}, in order: the devices of each lane.
     *
     * @throws IllegalArgumentException when the ids do not split evenly
     */
    public static List<List<String>> groups(List<String> ids, int perGroup) {
        if (perGroup < 1) {
            throw new IllegalArgumentException("devices-per-experiment must be >= 1, got " + perGroup);
        }
        if (ids.size() % perGroup != 0) {
            throw new IllegalArgumentException(ids.size() + " devices " + ids + " do not split into groups of "
                    + perGroup + "; give a multiple of devices-per-experiment");
        }
        List<List<String>> groups = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += perGroup) {
            groups.add(List.copyOf(ids.subList(i, i + perGroup)));
        }
        return groups;
    }
}
