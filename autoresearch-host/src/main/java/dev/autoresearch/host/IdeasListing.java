package dev.autoresearch.host;

import dev.autoresearch.core.Status;
import dev.autoresearch.core.ideas.Idea;
import dev.autoresearch.core.ideas.IdeasLedger;
import dev.autoresearch.core.ideas.UserIdeas;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a host prints of a repository's ideas: the ledger listed as kept, tried and open (the user's
 * ideas of {@code ideas.md} not tried yet), and the line {@code status} adds on the user's ideas.
 */
public final class IdeasListing {
    private static final int TITLE_CHARS = 70;

    private IdeasListing() {
    }

    /** {@code ideas.md} beside the program file {@code directory} uses, else at the repository's root. */
    public static Path userIdeasFile(Path directory) {
        return ProgramFile.find(directory).map(p -> p.resolveSibling(UserIdeas.FILE))
                .orElseGet(() -> Sessions.repositoryRoot(directory).resolve(UserIdeas.FILE));
    }

    /** How many of the user's ideas are left to try, when there is an {@code ideas.md} with some. */
    public static Optional<String> userIdeasLine(Path directory, Function<Path, String> display) {
        Path file = userIdeasFile(directory);
        UserIdeas user = UserIdeas.read(file);
        if (user.ideas().isEmpty()) {
            return Optional.empty();
        }
        int open = user.open(IdeasLedger.of(Sessions.repositoryRoot(directory)).read()).size();
        return Optional.of("your ideas (" + display.apply(file) + "): " + open + " of " + user.ideas().size()
                + " left to try");
    }

    /** Prints the ledger of the repository containing {@code directory}: kept, tried, open. */
    public static void print(PrintWriter out, Path directory, Function<Path, String> display) {
        Path root = Sessions.repositoryRoot(directory);
        IdeasLedger ledger = IdeasLedger.of(root);
        List<Idea> ideas = ledger.read().stream().filter(i -> !i.change().files().isEmpty()).toList();
        UserIdeas user = UserIdeas.read(userIdeasFile(directory));
        List<String> open = user.open(ledger.read());
        long sessions = ideas.stream().map(Idea::session).distinct().count();
        List<Idea> kept = ideas.stream().filter(i -> i.status() == Status.KEEP).toList();
        List<Idea> tried = ideas.stream().filter(i -> i.status() != Status.KEEP).toList();
        out.println("ideas ledger " + display.apply(ledger.file()) + ": " + ideas.size() + " tried in " + sessions
                + (sessions == 1 ? " session" : " sessions") + ", " + kept.size() + " kept; " + open.size()
                + " of your ideas open");
        section(out, "kept", kept);
        section(out, "tried", tried);
        if (!open.isEmpty()) {
            out.println();
            out.println("open (" + display.apply(user.file()) + ")");
            open.forEach(i -> out.println("  " + i));
        }
    }

    private static void section(PrintWriter out, String name, List<Idea> ideas) {
        if (ideas.isEmpty()) {
            return;
        }
        out.println();
        out.println(name);
        int width = ideas.stream().mapToInt(i -> i.id().length()).max().orElse(0);
        for (Idea i : ideas) {
            String title = i.title().length() <= TITLE_CHARS ? i.title() : i.title().substring(0, TITLE_CHARS - 3) + "...";
            out.println("  " + String.format("%-" + width + "s", i.id()) + "  " + title + "  [" + i.outcome() + "; "
                    + i.change().words() + "]" + i.userIdea().map(u -> " (your idea)").orElse(""));
        }
    }
}
