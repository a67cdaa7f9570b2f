package dev.autoresearch.core.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A search policy and its settings as a study names it on its command line, {@code tree} or
 * {@code islands,islands=4,migrate-every=10}: the policy, then program.md keys and values, so that
 * a study can compare settings of one policy side by side. Greedy with no setting writes nothing,
 * so the study's program is that of a session at the defaults.
 *
 * @param label   what the study prints: the argument as given
 * @param program the program.md lines it stands for, each ending in a newline
 */
record SearchChoice(String label, String program) {
    /** The default search: no line in program.md. */
    static final SearchChoice GREEDY = new SearchChoice("greedy", "");

    SearchChoice {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(program, "program");
    }

    /**
     * Reads {@code policy[,key=value...]}.
     *
     * @throws IllegalArgumentException naming the argument when a setting is not {@code key=value}
     */
    static SearchChoice parse(String argument) {
        String[] parts = argument.strip().split(",");
        if (parts.length == 1 && parts[0].equals(GREEDY.label())) {
            return GREEDY;
        }
        StringBuilder program = new StringBuilder("search: ").append(parts[0].strip()).append('\n');
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("search choice '" + argument + "': '" + parts[i] + "' is not "
                        + "key=value; write e.g. tree,exploration=0.5");
            }
            program.append(parts[i].substring(0, eq).strip()).append(": ").append(parts[i].substring(eq + 1).strip())
                    .append('\n');
        }
        return new SearchChoice(argument.strip(), program.toString());
    }

    /** Each of {@code arguments} read by {@link #parse}; greedy first, added when missing, as the others are measured against it. */
    static List<SearchChoice> withGreedyFirst(List<String> arguments) {
        List<SearchChoice> choices = new ArrayList<>(List.of(GREEDY));
        for (String a : arguments) {
            SearchChoice c = parse(a);
            if (!c.equals(GREEDY)) {
                choices.add(c);
            }
        }
        return List.copyOf(choices);
    }
}
