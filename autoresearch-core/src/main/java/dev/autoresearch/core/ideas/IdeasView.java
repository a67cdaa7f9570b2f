package dev.autoresearch.core.ideas;

import dev.autoresearch.core.Status;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a strategy is shown of the ideas ledger: the tried ideas grouped by what they changed, with
 * their outcomes, the groups most relevant to the node the proposal starts from first, at most
 * {@link #MAX_GROUPS} groups of {@link #MAX_ENTRIES} ideas whatever the ledger's size; and the
 * user's idea offered for this proposal, if one is left.
 *
 * @param groups        the groups shown, most relevant first
 * @param omitted       how many ideas of the ledger are not shown
 * @param userIdeasOpen how many of the user's ideas are not tried yet
 * @param offered       the user's idea to try now, if any is left
 */
public record IdeasView(List<Group> groups, int omitted, int userIdeasOpen, Optional<String> offered) {
    /** The most groups shown. */
    public static final int MAX_GROUPS = 8;
    /** The most ideas shown per group. */
    public static final int MAX_ENTRIES = 3;
    /** The most characters of a title or of what was changed. */
    public static final int TEXT_CHARS = 60;
    /** A view of an empty ledger. */
    public static final IdeasView EMPTY = new IdeasView(List.of(), 0, 0, Optional.empty());

    public IdeasView {
        groups = List.copyOf(groups);
        Objects.requireNonNull(offered, "offered");
    }

    /** How an idea stands now. */
    public enum Mark {
        KEPT("kept"), TRIED("tried"), WORTH_RETRYING("worth retrying: the code moved since");

        private final String words;

        Mark(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /**
     * The ideas that changed one thing.
     *
     * @param changed what they changed, as a file and a name
     * @param entries the ideas shown, most relevant first
     * @param more    how many more of the group are not shown
     */
    public record Group(String changed, List<Entry> entries, int more) {
        public Group {
            Objects.requireNonNull(changed, "changed");
            entries = List.copyOf(entries);
        }
    }

    /**
     * One tried idea.
     *
     * @param id      {@code <session>/<experiment>}
     * @param title   its title, shortened
     * @param outcome its status and metric change, in words
     * @param mark    how it stands now
     */
    public record Entry(String id, String title, String outcome, Mark mark) {
        public Entry {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(mark, "mark");
        }
    }

    /**
     * The view of {@code ideas} from the champion {@code lineage} describes: ideas tried on the
     * champion itself first, then on its ancestors, then elsewhere, the most recent first within each.
     */
    public static IdeasView of(List<Idea> ideas, CodeLineage lineage, int userIdeasOpen, Optional<String> offered) {
        List<Idea> tried = ideas.stream().filter(i -> !i.change().files().isEmpty()).toList();
        Map<Idea, Integer> order = new java.util.IdentityHashMap<>();
        for (int i = 0; i < tried.size(); i++) {
            order.put(tried.get(i), i);
        }
        Comparator<Idea> relevance = Comparator.<Idea>comparingInt(i -> tier(i, lineage))
                .thenComparing(Comparator.<Idea>comparingInt(order::get).reversed());
        Map<String, List<Idea>> bySubject = new LinkedHashMap<>();
        tried.stream().sorted(relevance).forEach(i -> bySubject.computeIfAbsent(i.change().subject(),
                k -> new ArrayList<>()).add(i));
        List<Group> groups = new ArrayList<>();
        int shown = 0;
        for (Map.Entry<String, List<Idea>> e : bySubject.entrySet()) {
            if (groups.size() == MAX_GROUPS) {
                break;
            }
            List<Idea> members = e.getValue();
            List<Entry> entries = members.stream().limit(MAX_ENTRIES).map(i -> new Entry(i.id(), shorten(i.title()),
                    i.outcome(), mark(i, lineage))).toList();
            shown += entries.size();
            groups.add(new Group(shorten(e.getKey()), entries, members.size() - entries.size()));
        }
        return new IdeasView(groups, tried.size() - shown, userIdeasOpen, offered);
    }

    /** Kept, tried, or worth retrying because the champion moved far from where it was tried. */
    public static Mark mark(Idea idea, CodeLineage lineage) {
        if (idea.status() == Status.KEEP) {
            return Mark.KEPT;
        }
        return lineage.movedFrom(idea) ? Mark.WORTH_RETRYING : Mark.TRIED;
    }

    private static int tier(Idea idea, CodeLineage lineage) {
        if (idea.parent().equals(lineage.champion())) {
            return 0;
        }
        return lineage.ancestors().contains(idea.parent()) ? 1 : 2;
    }

    private static String shorten(String text) {
        String line = text.strip().replace('\n', ' ');
        return line.length() <= TEXT_CHARS ? line : line.substring(0, TEXT_CHARS - 3) + "...";
    }
}
