package dev.autoresearch.core.internal.decide;

import java.util.List;
import java.util.Set;

/**
 * What the guard found changed outside the worktrees after a run, and which lanes' runs could have
 * changed it: every lane with a run in flight at some time since the guard last looked. With one
 * suspect the change is that run's; with several, convicting the run that happened to end first
 * would blame the innocent, so each suspect is measured again instead.
 *
 * @param changed  what was changed and has been put back; empty when nothing was
 * @param suspects the lanes whose runs were in flight since the previous check
 */
public record Tampering(List<String> changed, Set<Integer> suspects) {
    public Tampering {
        changed = List.copyOf(changed);
        suspects = Set.copyOf(suspects);
    }

    /** True when something outside the worktrees was changed. */
    public boolean found() {
        return !changed.isEmpty();
    }

    /** True when the change can only be the run of {@code lane}: no other run was in flight meanwhile. */
    public boolean attributableTo(int lane) {
        return found() && suspects.equals(Set.of(lane));
    }
}
