package dev.autoresearch.core.internal.decide;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * How the wins of one round land together. Lanes that start from the same champion find several
 * changes that beat it; one is kept first, and each other win is made again on the new champion. Made
 * again one by one, k wins would cost k rounds, and a fresh change kept first each round would send
 * them round again. So a win is made on top of the wins already being measured on the champion (a
 * stack, each judged against the one below it, all measured in the same round), and a fresh change
 * that beat the champion waits for the verdict of a win under way there, then joins the stack.
 */
final class Stacking {
    private Stacking() {
    }

    /**
     * The wins under way on {@code champion}, from the one made on it to the last made on top (the top):
     * trials made again there, or on top of one made there, whose own commits are being measured.
     */
    static List<Trial> stack(LoopState state, String champion, int except) {
        String at = champion;
        List<Trial> stack = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        while (true) {
            String below = at;
            Optional<Trial> next = state.trials().values().stream()
                    .filter(r -> r.experiment() != except && !seen.contains(r.experiment()) && madeAgain(r)
                            && r.parent().equals(below) && !r.commit().equals(below))
                    .min(Comparator.comparingInt(Trial::experiment));
            if (next.isEmpty()) {
                return stack;
            }
            seen.add(next.get().experiment());
            stack.add(next.get());
            at = next.get().commit();
        }
    }

    /**
     * The experiment whose verdict comes before {@code t}'s keep: for a win made on top of another
     * still under way, that one (what it is judged against is not known before); for a fresh change,
     * a win of an earlier round under way on the same parent, which it is then made on top of.
     */
    static OptionalInt ahead(LoopState state, Trial t) {
        if (t.replaying().isPresent()) {
            OptionalInt below = t.replaying().get().stackedOn();
            return below.isPresent() && state.trial(below.getAsInt()).isPresent() ? below : OptionalInt.empty();
        }
        return state.trials().values().stream()
                .filter(r -> r.experiment() != t.experiment() && r.replaying().isPresent()
                        && (r.parent().equals(t.parent()) || r.replaying().get().onto().equals(t.parent())))
                .mapToInt(Trial::experiment).min();
    }

    /**
     * A win being made again on {@code commit} by the mutator just now (a remake takes a moment, on the
     * proposer's thread): the next win is made on top of it once it is made, not beside it.
     */
    static Optional<Trial> beingMadeOn(LoopState state, String commit, int except) {
        return state.trials().values().stream()
                .filter(r -> r.experiment() != except && r.replaying().isPresent()
                        && r.replaying().get().onto().equals(commit) && !madeAgain(r))
                .min(Comparator.comparingInt(Trial::experiment));
    }

    /** Whether {@code t} measures a win made again on a newer champion (its replay or remake is done). */
    private static boolean madeAgain(Trial t) {
        return t.replaying().isPresent() && t.parent().equals(t.replaying().get().onto());
    }
}
