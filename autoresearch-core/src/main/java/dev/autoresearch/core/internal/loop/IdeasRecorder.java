package dev.autoresearch.core.internal.loop;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.ideas.ChangeSummary;
import dev.autoresearch.core.ideas.Idea;
import dev.autoresearch.core.internal.git.Worktree;
import dev.autoresearch.core.journal.SessionFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Adds this session's experiments to the ideas ledger, each once its journal line is written: from
 * the record, its patch and the trees of its commit and parent. What the journal has and the ledger
 * lacks (a loop killed between the two) is added when the session resumes, so the ledger can always
 * be made again from the journals.
 */
final class IdeasRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(IdeasRecorder.class);

    private final LedgerGuard ledger;
    private final IdeasMemory memory;
    private final SessionFiles files;
    private final Worktree git;
    private final InstantSource clock;

    /**
     * @param git a worktree of the session's repository, for the trees and diffs the memory does not hold
     */
    IdeasRecorder(LedgerGuard ledger, IdeasMemory memory, SessionFiles files, Worktree git, InstantSource clock) {
        this.ledger = ledger;
        this.memory = memory;
        this.files = files;
        this.git = git;
        this.clock = clock;
    }

    /** Adds the records of {@code state} that the ledger lacks, in one append. */
    void catchUp(ResearchState state) {
        List<ExperimentRecord> missing = state.history().stream().filter(r -> !memory.has(r)).toList();
        if (missing.isEmpty()) {
            return;
        }
        Set<String> commits = new LinkedHashSet<>();
        missing.forEach(r -> {
            commits.add(r.commit());
            commits.add(r.parent());
        });
        Map<String, String> trees = new HashMap<>(git.trees(commits));
        List<Idea> ideas = new ArrayList<>();
        for (ExperimentRecord r : missing) {
            ideas.add(idea(r, state, trees));
        }
        write(ideas);
        LOG.info("added {} experiment(s) of the journal to the ideas ledger {}", ideas.size(), ledger.file());
    }

    /** Adds {@code record}, just recorded in {@code state}. */
    void recorded(ExperimentRecord record, ResearchState state) {
        try {
            Map<String, String> trees = new HashMap<>();
            Set<String> unknown = new LinkedHashSet<>();
            for (String commit : List.of(record.commit(), record.parent())) {
                Optional<String> tree = memory.tree(commit);
                if (tree.isPresent()) {
                    trees.put(commit, tree.get());
                } else {
                    unknown.add(commit);
                }
            }
            trees.putAll(git.trees(unknown));
            write(List.of(idea(record, state, trees)));
        } catch (RuntimeException e) {
            // The ledger is a memory, not the record: the journal has it, and a resume adds it.
            LOG.warn("experiment {} was not added to the ideas ledger {}: {}", record.experiment(), ledger.file(),
                    e.toString());
        }
    }

    private void write(List<Idea> ideas) {
        ledger.append(ideas);
        ideas.forEach(memory::add);
    }

    private Idea idea(ExperimentRecord r, ResearchState state, Map<String, String> trees) {
        String tree = trees.getOrDefault(r.commit(), "");
        String parentTree = trees.getOrDefault(r.parent(), "");
        if (r.status() == Status.KEEP) {
            // A parent of proposals to come.
            memory.rememberTree(r.commit(), tree);
        } else {
            memory.forgetTree(r.commit());
        }
        OptionalDouble delta = OptionalDouble.empty();
        Optional<ExperimentRecord> parent = state.parentOf(r);
        if (r.metric().isPresent() && parent.isPresent() && parent.get().metric().isPresent()) {
            delta = OptionalDouble.of(r.metric().getAsDouble() - parent.get().metric().getAsDouble());
        }
        return new Idea(memory.session(), r.experiment(), r.hypothesis().title(), r.hypothesis().rationale(),
                change(r), r.status(), r.metric(), delta, r.confidence(), r.parent(), parentTree, r.commit(), tree,
                r.reason(), memory.settle(r.experiment()), clock.instant());
    }

    /** What the record's change touched: its patch, or the diff of its commit when the patch is gone. */
    private ChangeSummary change(ExperimentRecord r) {
        if (r.commit().equals(r.parent())) {
            return ChangeSummary.NONE;
        }
        try {
            if (Files.isRegularFile(files.patch(r.experiment()))) {
                return ChangeSummary.of(Files.readString(files.patch(r.experiment()), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            LOG.debug("cannot read {}: {}", files.patch(r.experiment()), e.toString());
        }
        return ChangeSummary.of(git.diff(r.parent(), r.commit()));
    }
}
