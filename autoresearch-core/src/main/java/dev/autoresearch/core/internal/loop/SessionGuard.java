package dev.autoresearch.core.internal.loop;

import dev.autoresearch.core.internal.decide.Tampering;
import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.internal.git.GitWorkspace;
import dev.autoresearch.core.internal.session.SessionLock;
import dev.autoresearch.core.journal.Journal;
import dev.autoresearch.core.journal.ResultsTable;
import dev.autoresearch.core.journal.SessionFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Checks, after every run, what a run could reach outside its worktree and the loop holds the truth
 * of: the journal, results.tsv, the ideas ledger (as {@link LedgerGuard} says), the lock, the user's
 * program file, the repository's branches and HEAD. Whatever changed is put back from what the loop holds, and the run is told so: its
 * experiment becomes {@code invalid}. Branches of the user that moved forward (a commit made while
 * the session runs) are taken as they are; only a deleted branch, a branch moved to a commit that
 * is not a descendant, the session's own branch, a dangling HEAD (with the files a checkout moved)
 * and a new branch on an experiment's commit are put back. Another session's branch, moved while
 * that session holds its lock, is that session's.
 */
final class SessionGuard {
    private static final Logger LOG = LoggerFactory.getLogger(SessionGuard.class);
    private static final String SESSION_BRANCHES = "autoresearch/";

    private final Journal journal;
    private final SessionLock lock;
    private final ResultsTable results;
    private final LedgerGuard ideas;
    private final Supplier<List<ExperimentRecord>> records;
    private final Optional<Path> program;
    private final byte[] programContent;
    private final GitWorkspace git;
    private final String sessionBranch;
    private Map<String, String> branches;
    private String head;
    /** The ref files as they were just before {@link #branches} and {@link #head} were last read from git. */
    private Optional<GitWorkspace.RefsFingerprint> refsSeen;
    /** Lanes with a run in flight now, and those with one in flight at some time since the last check. */
    private final Set<Integer> running = new TreeSet<>();
    private final Set<Integer> inFlightSinceCheck = new TreeSet<>();

    SessionGuard(Journal journal, SessionLock lock, ResultsTable results, Supplier<List<ExperimentRecord>> records,
                 Optional<Path> program, GitWorkspace git, LedgerGuard ideas) {
        this.ideas = ideas;
        this.journal = journal;
        this.lock = lock;
        this.results = results;
        this.records = records;
        this.program = program;
        this.programContent = program.map(SessionGuard::read).orElse(new byte[0]);
        this.git = git;
        this.sessionBranch = "refs/heads/" + git.branch();
        this.refsSeen = git.refsFingerprint();
        this.branches = git.branches();
        this.head = git.headTarget();
    }

    /** Takes note that a run started on {@code lane} (from the lane's thread): until the next check, it is a suspect. */
    void runStarted(int lane) {
        synchronized (running) {
            running.add(lane);
            inFlightSinceCheck.add(lane);
        }
    }

    /** Takes note that the run on {@code lane} ended; it stays a suspect until the next check. */
    void runEnded(int lane) {
        synchronized (running) {
            running.remove(lane);
        }
    }

    /**
     * {@link #check()}, with the lanes whose runs could have made the change: the coordinator convicts
     * a run only when it is {@link Tampering#attributableTo} it, and otherwise measures every suspect again.
     */
    Tampering inspect() {
        Set<Integer> suspects;
        synchronized (running) {
            suspects = new TreeSet<>(inFlightSinceCheck);
        }
        return new Tampering(check(), suspects);
    }

    /** Takes note that the loop moved its own branch, so that is not taken for tampering. */
    void branchMoved(String commit) {
        branches.put(sessionBranch, commit);
        // When the move is all that changed in the ref files since git was asked, git need not be asked
        // again: what it would say is known. Anything else that changed (a run, the user) is seen as before.
        Optional<GitWorkspace.RefsFingerprint> now = git.refsFingerprint();
        if (now.isPresent() && refsSeen.isPresent()
                && now.get().besidesBranch().equals(refsSeen.get().besidesBranch())
                && now.get().branchFile().equals(commit)) {
            refsSeen = now;
        }
    }

    /** What was changed and has been put back; empty when nothing was. */
    List<String> check() {
        synchronized (running) {
            // A run that ended before this check is looked at by it; those still running stay suspects.
            inFlightSinceCheck.retainAll(running);
        }
        List<String> changed = new ArrayList<>();
        if (journal.restoreIfChanged()) {
            changed.add("the journal");
        }
        if (results.restoreIfChanged(records)) {
            changed.add("results.tsv");
        }
        if (ideas.restoreIfChanged()) {
            changed.add("the ideas ledger");
        }
        if (lock.restoreIfChanged()) {
            changed.add("the session lock");
        }
        if (program.isPresent() && !Arrays.equals(read(program.get()), programContent)) {
            write(program.get(), programContent);
            changed.add(program.get().getFileName().toString());
        }
        changed.addAll(checkRefs());
        if (!changed.isEmpty()) {
            LOG.warn("an experiment changed {} outside its worktree; put back", changed);
        }
        return changed;
    }

    private List<String> checkRefs() {
        // Git is asked only when the files it keeps refs in changed since it was asked last: the loop
        // moving its branch, a run or the user. Read before git is, so a change in between is seen next time.
        Optional<GitWorkspace.RefsFingerprint> refsNow = git.refsFingerprint();
        if (refsNow.isPresent() && refsSeen.isPresent() && refsNow.get().all().equals(refsSeen.get().all())) {
            return List.of();
        }
        refsSeen = refsNow;
        List<String> changed = new ArrayList<>();
        Map<String, String> now = git.branches();
        Map<String, String> accepted = new TreeMap<>(now);
        for (Map.Entry<String, String> was : branches.entrySet()) {
            String ref = was.getKey();
            String at = now.get(ref);
            if (!Objects.equals(at, was.getValue()) && anotherSessionsAtWork(ref)) {
                // That session moves its own branch (a keep, or a resume putting back an unrecorded one).
                if (at == null) {
                    accepted.remove(ref);
                }
                continue;
            }
            if (at == null) {
                git.restoreRef(ref, was.getValue());
                accepted.put(ref, was.getValue());
                changed.add("branch " + shortName(ref) + " (deleted)");
            } else if (!at.equals(was.getValue())
                    && (ref.equals(sessionBranch) || !git.isAncestor(was.getValue(), at))) {
                git.restoreRef(ref, was.getValue());
                accepted.put(ref, was.getValue());
                changed.add("branch " + shortName(ref) + " (moved)");
            }
        }
        for (Map.Entry<String, String> created : now.entrySet()) {
            if (!branches.containsKey(created.getKey()) && madeByARun(created.getValue(), branches.keySet())) {
                git.deleteRef(created.getKey(), created.getValue());
                accepted.remove(created.getKey());
                changed.add("branch " + shortName(created.getKey()) + " (created)");
            }
        }
        branches = accepted;
        String headNow = git.headTarget();
        if (!headNow.equals(head)) {
            boolean dangling = headNow.isEmpty() || (headNow.startsWith("refs/") && !accepted.containsKey(headNow));
            if (dangling || headNow.startsWith("refs/heads/autoresearch/")) {
                // A 'git checkout' moved the files and the index with HEAD: they go back with it.
                Optional<String> switchedTo = headNow.isEmpty() ? Optional.empty()
                        : Optional.ofNullable(now.get(headNow)).or(() -> git.commitOf(headNow));
                Optional<String> was = Optional.ofNullable(accepted.get(head)).or(() -> git.commitOf(head));
                git.restoreHead(head);
                if (switchedTo.isPresent() && was.isPresent() && !switchedTo.equals(was)
                        && !git.switchFilesBack(switchedTo.get(), was.get())) {
                    LOG.warn("could not put the files of {} back as they were at {}; run 'git status' there",
                            git.root(), was.get().substring(0, 7));
                }
                changed.add("the checkout's HEAD");
            } else {
                head = headNow; // the user switched branches
            }
        }
        if (!changed.isEmpty()) {
            // Putting back changed the ref files since they were read: the same change made again must be seen.
            refsSeen = Optional.empty();
        }
        return changed;
    }

    /**
     * True when a new branch at {@code commit} can only be a run's: the commit is an experiment's (it
     * has the loop's trailer) that no branch known before holds. A branch a user makes from their
     * work, or from a kept commit, is left alone.
     */
    private boolean madeByARun(String commit, java.util.Set<String> known) {
        return git.isExperimentCommit(commit) && git.branchesContaining(commit).stream().noneMatch(known::contains);
    }

    /** True when {@code ref} is another session's branch and that session holds its lock: it is that session's to move. */
    private boolean anotherSessionsAtWork(String ref) {
        String prefix = "refs/heads/" + SESSION_BRANCHES;
        if (!ref.startsWith(prefix) || ref.equals(sessionBranch)) {
            return false;
        }
        String tag = ref.substring(prefix.length());
        return SessionLock.livePid(SessionFiles.of(git.root(), tag).lock()).isPresent();
    }

    private static String shortName(String ref) {
        return ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : ref;
    }

    /** The file's bytes, not following a link: a link in its place, or no file, reads as nothing. */
    static byte[] read(Path file) {
        try {
            // A link put in the file's place is not followed: it counts as a changed file.
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return new byte[0];
            }
            try (java.io.InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new AutoresearchException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, byte[] content) {
        try {
            // Never through a link a run left in its place: the link goes, the file is written.
            Files.deleteIfExists(file);
            Files.write(file, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new AutoresearchException("cannot restore " + file + ": " + e.getMessage(), e);
        }
    }
}
