package dev.autoresearch.core.internal.loop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code plans/<n>.txt}: every plan an experiment's change was made from, in order (a model's first
 * reply, then the reply whose edits applied, then each making again on a newer champion). The last
 * one is the plan in force: a resumed session makes the change again from it.
 */
final class PlanFile {
    /** The line between two plans; chosen so that no model reply or assignment contains it by chance. */
    static final String SEPARATOR = "\n----- autoresearch: the next plan of this experiment follows -----\n";

    private PlanFile() {
    }

    /** Appends the plans not already last in the file (written afresh when {@code fresh}); blank plans are skipped. */
    static void write(Path file, List<String> plans, boolean fresh) {
        List<String> all = new ArrayList<>(fresh ? List.of() : read(file));
        for (String plan : plans) {
            if (!plan.isBlank() && (all.isEmpty() || !all.get(all.size() - 1).equals(plan))) {
                all.add(plan);
            }
        }
        if (!all.isEmpty()) {
            SessionContext.writeText(file, String.join(SEPARATOR, all));
        }
    }

    /** The plan in force: the last of the file, when there is one. */
    static Optional<String> current(Path file) {
        List<String> plans = read(file);
        return plans.isEmpty() ? Optional.empty() : Optional.of(plans.get(plans.size() - 1));
    }

    private static List<String> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            return List.of(Files.readString(file, StandardCharsets.UTF_8).split(java.util.regex.Pattern.quote(SEPARATOR), -1));
        } catch (IOException e) {
            return List.of();
        }
    }
}
