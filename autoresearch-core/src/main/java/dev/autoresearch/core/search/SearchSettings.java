package dev.autoresearch.core.search;

import dev.autoresearch.core.program.ProgramKeys;

import java.util.Locale;
import java.util.Objects;

/**
 * How a session searches, from program.md's keys {@code search}, {@code exploration}, {@code islands},
 * {@code migrate-every}, {@code plateau} and {@code on-plateau}. Each value is checked on its own here.
 *
 * @param kind         greedy (one hill), tree or islands
 * @param exploration  the tree's weight of how little a node was explored against how good it is
 * @param islands      how many islands an island search keeps
 * @param migrateEvery experiments between migrations of an island search
 * @param plateau      experiments in a row without a keep that make a plateau
 * @param onPlateau    what the session does on a plateau
 */
public record SearchSettings(Kind kind, double exploration, int islands, int migrateEvery, int plateau,
                             OnPlateau onPlateau) {
    /** Greedy, exploration 0, 4 islands migrating every 10 experiments, a plateau after 20, explore on it. */
    public static final SearchSettings DEFAULT = new SearchSettings(Kind.GREEDY, 0, 4, 10, 20, OnPlateau.EXPLORE);

    public SearchSettings {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(onPlateau, "onPlateau");
        ProgramKeys.EXPLORATION.check(exploration);
        ProgramKeys.ISLANDS.check(islands);
        ProgramKeys.MIGRATE_EVERY.check(migrateEvery);
        ProgramKeys.PLATEAU.check(plateau);
    }

    public SearchSettings withKind(Kind k) {
        return new SearchSettings(k, exploration, islands, migrateEvery, plateau, onPlateau);
    }

    public SearchSettings withExploration(double e) {
        return new SearchSettings(kind, e, islands, migrateEvery, plateau, onPlateau);
    }

    public SearchSettings withIslands(int n) {
        return new SearchSettings(kind, exploration, n, migrateEvery, plateau, onPlateau);
    }

    public SearchSettings withMigrateEvery(int n) {
        return new SearchSettings(kind, exploration, islands, n, plateau, onPlateau);
    }

    public SearchSettings withPlateau(int n) {
        return new SearchSettings(kind, exploration, islands, migrateEvery, n, onPlateau);
    }

    public SearchSettings withOnPlateau(OnPlateau o) {
        return new SearchSettings(kind, exploration, islands, migrateEvery, plateau, o);
    }

    /** The policy these settings describe. */
    public SearchPolicy policy() {
        return switch (kind) {
            case GREEDY -> SearchPolicies.greedy();
            case TREE -> SearchPolicies.tree(exploration);
            case ISLANDS -> SearchPolicies.islands(islands, migrateEvery);
        };
    }

    /** The search policies a program can name. */
    public enum Kind {
        /** Every proposal from the champion: one hill. */
        GREEDY,
        /** Every kept experiment is a node a proposal may start from, chosen by how good and how little explored. */
        TREE,
        /** Several lineages, each with its champion, whose bests migrate to one another. */
        ISLANDS;

        /** {@code greedy}, {@code tree} or {@code islands}. */
        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses a keyword. */
        public static Kind parse(String keyword) {
            return byKeyword(values(), keyword, "'" + keyword + "' is not a search; use greedy, tree or islands");
        }
    }

    /** What a session does on a plateau. */
    public enum OnPlateau {
        /**
         * Look elsewhere: the tree starts from its best other node by its bound, islands migrate, and a strategy
         * that reads it (a model) is asked for a different kind of change, with what was tried.
         */
        EXPLORE,
        /** Stop, with stop reason {@code plateau}. */
        STOP;

        /** {@code explore} or {@code stop}. */
        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses a keyword. */
        public static OnPlateau parse(String keyword) {
            return byKeyword(values(), keyword, "'" + keyword + "' is not a plateau action; use explore or stop");
        }
    }

    /** The constant whose lower-case name is {@code keyword}, spacing and case ignored. */
    private static <E extends Enum<E>> E byKeyword(E[] values, String keyword, String otherwise) {
        for (E e : values) {
            if (e.name().toLowerCase(Locale.ROOT).equals(keyword.strip().toLowerCase(Locale.ROOT))) {
                return e;
            }
        }
        throw new IllegalArgumentException(otherwise);
    }
}
