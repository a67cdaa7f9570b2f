package dev.autoresearch.core.search;

import dev.autoresearch.core.ExperimentRecord;

/** How a migration is named: the strategy {@value #STRATEGY} and a title that says what moved where. */
public final class Migration {
    /** The strategy name of a migration experiment. */
    public static final String STRATEGY = "migrate";

    private Migration() {
    }

    /** {@code Migrate island 2's best (#14) to island 3}. */
    public static String title(int from, ExperimentRecord best, int to) {
        return "Migrate island " + from + "'s best (#" + best.experiment() + ") to island " + to;
    }

    /** True when {@code title} names the migration of experiment {@code best} to island {@code to}. */
    static boolean brings(String title, int best, int to) {
        return title.contains("(#" + best + ") to island " + to);
    }
}
