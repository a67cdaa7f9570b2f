package dev.autoresearch.core.internal.loop;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.ideas.Idea;
import dev.autoresearch.core.ideas.IdeasLedger;
import dev.autoresearch.core.internal.session.WrittenStamp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Keeps the ideas ledger as the loops wrote it. The ledger belongs to the repository, not to one
 * session: other sessions append to it while this one runs, and tomorrow's sessions read it and show
 * it to their model. So it is not put back whole, as the journal is: what the loop has seen of it
 * must stay as it was (a run that rewrites, cuts or removes it changed it), and each idea added since
 * must be one this loop appended or one in the name of another session at work (holding its lock);
 * this loop's own lines must all be there.
 * An idea in the name of this session that this loop did not write, or of a session not at work,
 * was written by a run: it is taken out. A line that is not an idea (torn by a kill) is left, as the
 * ledger's readers skip it. What it cannot tell apart: a run that forges an idea in the name of
 * another session at work, as the session guard cannot for that session's branch.
 */
final class LedgerGuard {
    private final IdeasLedger ledger;
    private final String session;
    private final Predicate<String> atWork;
    /** The ledger as accepted last: the file must still begin with these bytes. */
    private final Accepted accepted = new Accepted();
    /** Lines this loop appended that a check has not accepted yet. */
    private final Set<String> ours = new HashSet<>();
    private Optional<WrittenStamp> stamp;

    /**
     * @param ledger  the repository's ledger, as it is now (read by the session as it starts)
     * @param session this session's tag
     * @param atWork  whether the session of a tag, as an idea's line names it (any text), holds its lock now
     */
    LedgerGuard(IdeasLedger ledger, String session, Predicate<String> atWork) {
        this.ledger = ledger;
        this.session = session;
        this.atWork = atWork;
        byte[] now = SessionGuard.read(ledger.file());
        accepted.write(now, 0, now.length);
        stamp = WrittenStamp.of(ledger.file(), accepted.tail());
    }

    Path file() {
        return ledger.file();
    }

    /** Appends this loop's {@code ideas} to the ledger. */
    synchronized void append(List<Idea> ideas) {
        boolean unchanged = stamp.isPresent() && stamp.get().matches(ledger.file());
        String text = ledger.append(ideas);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (unchanged && size(ledger.file()) == accepted.size() + bytes.length) {
            // Nothing but this append since the last look: what the file holds is known without reading it.
            accepted.write(bytes, 0, bytes.length);
            stamp = WrittenStamp.of(ledger.file(), accepted.tail());
        } else {
            ours.addAll(Arrays.asList(text.split("\n")));
        }
    }

    /**
     * Puts the ledger back when something other than the loops changed it since the last look.
     *
     * @return true when it was changed and has been put back
     */
    synchronized boolean restoreIfChanged() {
        Path file = ledger.file();
        if (stamp.isPresent() && stamp.get().matches(file)) {
            return false;
        }
        byte[] now = SessionGuard.read(file);
        byte[] known = accepted.toByteArray();
        boolean kept = now.length >= known.length && Arrays.equals(now, 0, known.length, known, 0, known.length);
        int end = lastLineEnd(now);
        List<String> added = new ArrayList<>();
        if (kept) {
            if (end > known.length) {
                added.addAll(Arrays.asList(new String(now, known.length, end - known.length, StandardCharsets.UTF_8)
                        .split("\n")));
            }
        } else {
            // Rewritten: the ideas the loops added since the last look are kept, wherever a run left them.
            Set<String> knownLines = new HashSet<>(Arrays.asList(new String(known, StandardCharsets.UTF_8).split("\n")));
            for (String line : new String(now, 0, Math.max(end, 0), StandardCharsets.UTF_8).split("\n")) {
                if (!knownLines.contains(line) && IdeasLedger.parse(line).isPresent()) {
                    added.add(line);
                }
            }
        }
        List<String> keep = new ArrayList<>();
        boolean forged = false;
        for (String line : added) {
            Optional<Idea> idea = IdeasLedger.parse(line);
            if (ours.remove(line) || idea.isEmpty() || isFromAnotherSessionAtWork(idea.get())) {
                keep.add(line);
            } else {
                forged = true;
            }
        }
        // This loop's own lines that a run took out (or rewrote) go back too.
        List<String> missing = ours.stream().filter(line -> !line.isBlank()).toList();
        ours.clear();
        if (kept && !forged && missing.isEmpty()) {
            if (end > known.length) {
                accepted.write(now, known.length, end - known.length);
            }
            stamp = WrittenStamp.of(file, Arrays.copyOfRange(now, Math.max(0, now.length - WrittenStamp.TAIL), now.length));
            return false;
        }
        keep.addAll(missing);
        keep.forEach(line -> {
            byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
            accepted.write(bytes, 0, bytes.length);
        });
        put(file, accepted.toByteArray());
        stamp = WrittenStamp.of(file, accepted.tail());
        return true;
    }

    private boolean isFromAnotherSessionAtWork(Idea idea) {
        return !idea.session().equals(session) && atWork.test(idea.session());
    }

    /** Just after the last line end; 0 when there is none. */
    private static int lastLineEnd(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /** Replaces the file (a link in its place included) with {@code bytes}, synced, in one move. */
    private static void put(Path file, byte[] bytes) {
        Path tmp = file.resolveSibling(file.getFileName() + ".restore");
        try {
            Files.write(tmp, bytes);
            try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                c.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new AutoresearchException("cannot put back the ideas ledger " + file + " (an experiment changed it): "
                    + e.getMessage(), e);
        }
    }

    /** The bytes accepted, with their last ones for a stamp. */
    private static final class Accepted extends ByteArrayOutputStream {
        byte[] tail() {
            return Arrays.copyOfRange(buf, Math.max(0, count - WrittenStamp.TAIL), count);
        }
    }
}
