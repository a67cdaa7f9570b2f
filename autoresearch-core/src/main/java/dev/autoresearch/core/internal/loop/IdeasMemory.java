package dev.autoresearch.core.internal.loop;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.PendingExperiment;
import dev.autoresearch.core.ideas.CodeLineage;
import dev.autoresearch.core.ideas.Idea;
import dev.autoresearch.core.ideas.IdeaText;
import dev.autoresearch.core.ideas.IdeasView;
import dev.autoresearch.core.ideas.UserIdeas;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a session remembers of the ideas ledger while it runs, shared by the proposer's threads and
 * the loop's: the ideas of earlier sessions (none with fresh memory) and of this one, the code each
 * measured (its parent's tree and its own), the user's ideas offered to proposals under way, and the
 * champion's lineage for the view a strategy is shown.
 */
final class IdeasMemory {
    private final String session;
    private final boolean diffs;
    private final List<Idea> earlier;
    private final Map<String, Idea> earlierCode = new HashMap<>();
    private final Map<Integer, Idea> mine = new LinkedHashMap<>();
    /** The commit of each of this session's experiments in the ledger (all that a memory that keeps no ideas keeps). */
    private final Map<Integer, String> inLedger = new HashMap<>();
    private final boolean ideas;
    private final Supplier<UserIdeas> user;
    private final Map<Integer, String> offered = new HashMap<>();
    private final Map<String, String> trees = new ConcurrentHashMap<>();
    private final Function<String, CodeLineage> lineageOf;
    private CodeLineage lineage = CodeLineage.UNKNOWN;

    /**
     * @param ledger    every idea of the ledger
     * @param session   this session's tag
     * @param records   this session's records: a line of the ledger that matches one (tag, number, commit) is this
     *                  session's; the others, a session of the same name removed since included, are earlier ones
     * @param pending   this session's experiments proposed and not recorded: the user's ideas they were offered
     *                  stay theirs
     * @param fresh     whether to forget the earlier sessions' ideas
     * @param ideas     whether to keep this session's ideas, which only a strategy that reads them or a novelty
     *                  check needs (without, a long session's memory holds a number and a commit per experiment)
     * @param diffs     whether to keep each idea's diff, which only a novelty check reads
     * @param user      reads the user's ideas (again at each offer, so that an edit while running counts)
     * @param lineageOf reads a champion's lineage
     */
    IdeasMemory(List<Idea> ledger, String session, Collection<ExperimentRecord> records,
                Collection<PendingExperiment> pending, boolean fresh,
                boolean ideas, boolean diffs, Supplier<UserIdeas> user, Function<String, CodeLineage> lineageOf) {
        this.session = session;
        this.ideas = ideas;
        this.diffs = diffs;
        Set<String> recorded = new HashSet<>();
        records.forEach(r -> recorded.add(r.experiment() + " " + r.commit()));
        List<Idea> others = new ArrayList<>();
        for (Idea idea : ledger) {
            if (idea.session().equals(session) && recorded.contains(idea.experiment() + " " + idea.commit())) {
                add(idea);
            } else if (!fresh) {
                idea = kept(idea);
                others.add(idea);
                if (idea.measuredCode()) {
                    earlierCode.putIfAbsent(code(idea.parentTree(), idea.tree()), idea);
                }
            }
        }
        this.earlier = List.copyOf(others);
        pending.forEach(p -> p.userIdea().ifPresent(idea -> offered.put(p.experiment(), idea)));
        this.user = user;
        this.lineageOf = lineageOf;
    }

    private static String code(String parentTree, String tree) {
        return parentTree + " " + tree;
    }

    /** The earlier session's idea that measured {@code tree} made from {@code parentTree}, if one did. */
    synchronized Optional<Idea> measuredEarlier(String parentTree, String tree) {
        return Optional.ofNullable(earlierCode.get(code(parentTree, tree)));
    }

    /** Whether any earlier session measured code: without, a proposal's parent tree need not be asked for. */
    synchronized boolean hasEarlierCode() {
        return !earlierCode.isEmpty();
    }

    /** The ideas measured so far, earlier sessions' and this one's, as a novelty check compares them. */
    synchronized List<IdeaText> measured() {
        List<IdeaText> all = new ArrayList<>();
        earlier.stream().filter(Idea::measuredCode).forEach(i -> all.add(i.asText()));
        mine.values().stream().filter(Idea::measuredCode).forEach(i -> all.add(i.asText()));
        return all;
    }

    /** The idea of {@code id} ({@code <session>/<experiment>}), if remembered. */
    synchronized Optional<Idea> byId(String id) {
        return java.util.stream.Stream.concat(earlier.stream(), mine.values().stream())
                .filter(i -> i.id().equals(id)).findFirst();
    }

    /** Whether this session's record {@code r} has its line in the ledger. */
    synchronized boolean has(ExperimentRecord r) {
        return r.commit().equals(inLedger.get(r.experiment()));
    }

    /** Remembers this session's idea, just added to the ledger. */
    synchronized void add(Idea idea) {
        inLedger.put(idea.experiment(), idea.commit());
        if (ideas) {
            mine.put(idea.experiment(), kept(idea));
        }
    }

    /** {@code idea} as remembered: without its diff unless a novelty check reads diffs. */
    private Idea kept(Idea idea) {
        return diffs || idea.change().diff().isEmpty() ? idea : idea.withoutDiff();
    }

    /** Every idea remembered, earlier sessions' first. */
    synchronized List<Idea> all() {
        List<Idea> all = new ArrayList<>(earlier);
        all.addAll(mine.values());
        return all;
    }

    /**
     * Offers the user's first idea not tried and not offered to another proposal under way to
     * proposal {@code n}, if one is left.
     */
    synchronized Optional<String> offer(int n) {
        List<String> open = new ArrayList<>(user.get().open(all()));
        open.removeAll(offered.values());
        if (open.isEmpty()) {
            return Optional.empty();
        }
        offered.put(n, open.get(0));
        return Optional.of(open.get(0));
    }

    /** The user's idea offered to proposal {@code n}, which its journal line keeps. */
    synchronized Optional<String> offeredTo(int n) {
        return Optional.ofNullable(offered.get(n));
    }

    /** Takes back what was offered to proposal {@code n}, which came to nothing. */
    synchronized void withdraw(int n) {
        offered.remove(n);
    }

    /** The user's idea experiment {@code n} was offered, no longer under way once recorded. */
    synchronized Optional<String> settle(int n) {
        return Optional.ofNullable(offered.remove(n));
    }

    /** The view a strategy is shown from {@code champion}, with {@code offer}. */
    IdeasView view(String champion, Optional<String> offer) {
        CodeLineage from = lineage(champion);
        List<Idea> all;
        int open;
        synchronized (this) {
            all = all();
            open = user.get().open(all).size();
        }
        return IdeasView.of(all, from, open, offer);
    }

    /** The champion's lineage, read again only when the champion changed. */
    private CodeLineage lineage(String champion) {
        synchronized (this) {
            if (lineage.champion().equals(champion)) {
                return lineage;
            }
        }
        CodeLineage read = lineageOf.apply(champion);
        synchronized (this) {
            lineage = read;
        }
        return read;
    }

    /** The tree of {@code commit}, when it was seen. */
    Optional<String> tree(String commit) {
        return Optional.ofNullable(trees.get(commit));
    }

    /** Remembers the tree of {@code commit}, so that the ledger need not ask git again. */
    void rememberTree(String commit, String tree) {
        trees.put(commit, tree);
    }

    /** Forgets the tree of {@code commit}, which no proposal will start from. */
    void forgetTree(String commit) {
        trees.remove(commit);
    }

    String session() {
        return session;
    }
}
