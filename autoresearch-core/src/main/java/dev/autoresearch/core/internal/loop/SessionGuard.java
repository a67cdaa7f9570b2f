package dev.autoresearch.core.internal.loop;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.internal.git.GitWorkspace;
import dev.autoresearch.core.internal.session.SessionLock;
import dev.autoresearch.core.journal.Journal;
import dev.autoresearch.core.journal.ResultsTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Checks, after every run, what a run could reach outside its worktree and the loop holds the truth
 * of: the journal, results.tsv, the lock, the user's program file, the repository's branches and
 * HEAD. Whatever changed is put back from what the loop holds, and the run is told so: its
 * experiment becomes {@code invalid}. Branches of the user that moved forward (a commit made while
 * the session runs) are taken as they are; only a deleted branch, a branch moved to a commit that
 * is not a descendant, the session's own branch and a dangling HEAD are put back.
 */
final class SessionGuard {
    private static final Logger LOG = LoggerFactory.getLogger(SessionGuard.class);

    private final Journal journal;
    private final SessionLock lock;
    private final ResultsTable results;
    private final Supplier<List<ExperimentRecord>> records;
    private final Optional<Path> program;
    private final byte[] programContent;
    private final GitWorkspace git;
    private final String sessionBranch;
    private Map<String, String> branches;
    private String head;
    /** The ref files as they were just before {@link #branches} and {@link #head} were last read from git. */
    private Optional<GitWorkspace.RefsFingerprint> refsSeen;

    SessionGuard(Journal journal, SessionLock lock, ResultsTable results, Supplier<List<ExperimentRecord>> records,
                 Optional<Path> program, GitWorkspace git) {
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
        List<String> changed = new ArrayList<>();
        if (journal.restoreIfChanged()) {
            changed.add("the journal");
        }
        if (results.restoreIfChanged(records.get())) {
            changed.add("results.tsv");
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
        branches = accepted;
        String headNow = git.headTarget();
        if (!headNow.equals(head)) {
            boolean dangling = headNow.isEmpty() || (headNow.startsWith("refs/") && !accepted.containsKey(headNow));
            if (dangling || headNow.startsWith("refs/heads/autoresearch/")) {
                git.restoreHead(head);
                changed.add("the checkout's HEAD");
            } else {
                head = headNow; // the user switched branches
            }
        }
        return changed;
    }

    private static String shortName(String ref) {
        return ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : ref;
    }

    private static byte[] read(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readAllBytes(file) : new byte[0];
        } catch (IOException e) {
            throw new AutoresearchException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, byte[] content) {
        try {
            Files.write(file, content);
        } catch (IOException e) {
            throw new AutoresearchException("cannot restore " + file + ": " + e.getMessage(), e);
        }
    }
}
