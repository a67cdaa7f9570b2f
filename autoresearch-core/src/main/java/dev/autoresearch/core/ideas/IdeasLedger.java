package dev.autoresearch.core.ideas;

import dev.autoresearch.core.AutoresearchException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The ideas ledger of a repository, {@code .autoresearch/ideas.jsonl} beside the session folders:
 * one JSON line per experiment of every session, appended and synced after the experiment's journal
 * line, so that a resume can add what a killed loop recorded in its journal but not here. Removing
 * a session's folder leaves its lines; {@link #forget} removes them.
 *
 * <p>Each line is written whole with one append; a line torn by a kill, or cut by another session's
 * write, is skipped on reading and never joined to the next one.
 */
public final class IdeasLedger {
    /** The ledger's name in {@code .autoresearch/}. */
    public static final String FILE = "ideas.jsonl";
    private static final Logger LOG = LoggerFactory.getLogger(IdeasLedger.class);

    private final Path file;

    private IdeasLedger(Path file) {
        this.file = file;
    }

    /** The ledger of the repository whose root is {@code repositoryRoot}. */
    public static IdeasLedger of(Path repositoryRoot) {
        return at(repositoryRoot.resolve(".autoresearch").resolve(FILE));
    }

    /** The ledger in {@code file}. */
    public static IdeasLedger at(Path file) {
        return new IdeasLedger(Objects.requireNonNull(file, "file"));
    }

    public Path file() {
        return file;
    }

    /** Every whole line's idea, oldest first; nothing when there is no ledger yet. */
    public List<Idea> read() {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AutoresearchException("cannot read the ideas ledger " + file + ": " + e.getMessage()
                    + "; fix its permissions, or start with fresh memory (--fresh-memory)", e);
        }
        List<Idea> ideas = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        int damaged = 0;
        // The last element is what follows the last newline: empty, or a line a kill tore.
        for (int i = 0; i < lines.length - 1; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            Optional<Idea> idea = IdeaJson.read(lines[i]);
            if (idea.isPresent()) {
                ideas.add(idea.get());
            } else {
                damaged++;
            }
        }
        if (damaged > 0) {
            // Most often a line a kill tore before the next session appended; never worth alarming a user.
            LOG.info("{}: {} line(s) are not ideas (torn by a kill, or edited by hand) and were skipped", file, damaged);
        }
        return ideas;
    }

    /**
     * Appends {@code ideas}, one line each, and syncs them to disk.
     *
     * @return the text appended: the lines, after a line end when a kill had torn the last line
     */
    public String append(List<Idea> ideas) {
        if (ideas.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        if (endsTorn()) {
            // A kill tore the last line: end it, so that it stays a damaged line of its own.
            sb.append('\n');
        }
        ideas.forEach(i -> sb.append(IdeaJson.write(i)).append('\n'));
        try {
            Files.createDirectories(file.getParent());
            // A stream rather than a channel: a channel closes when the writing thread is interrupted.
            try (FileOutputStream out = new FileOutputStream(file.toFile(), true)) {
                out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                out.getFD().sync();
            }
        } catch (IOException e) {
            throw new AutoresearchException("cannot append to the ideas ledger " + file + ": " + e.getMessage(), e);
        }
        return sb.toString();
    }

    /** Appends one idea; the text appended. */
    public String append(Idea idea) {
        return append(List.of(idea));
    }

    /** Whether {@code line} (without its line end) is one idea's line. */
    public static Optional<Idea> parse(String line) {
        return IdeaJson.read(line);
    }

    private boolean endsTorn() {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            if (length == 0) {
                return false;
            }
            in.seek(length - 1);
            return in.read() != '\n';
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Removes every line of session {@code session} (for a session removed with its ideas), writing
     * the rest to a new file that replaces the ledger.
     *
     * @return how many lines were removed
     */
    public int forget(String session) {
        Objects.requireNonNull(session, "session");
        List<Idea> all = read();
        List<Idea> rest = all.stream().filter(i -> !i.session().equals(session)).toList();
        if (rest.size() == all.size()) {
            return 0;
        }
        Path next = file.resolveSibling(FILE + ".new");
        StringBuilder sb = new StringBuilder();
        rest.forEach(i -> sb.append(IdeaJson.write(i)).append('\n'));
        try {
            Files.writeString(next, sb.toString(), StandardCharsets.UTF_8);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new AutoresearchException("cannot rewrite the ideas ledger " + file + " without session '" + session
                    + "': " + e.getMessage() + "; the ledger is unchanged", e);
        }
        return all.size() - rest.size();
    }
}
