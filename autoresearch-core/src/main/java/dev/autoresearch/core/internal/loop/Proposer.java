package dev.autoresearch.core.internal.loop;

import dev.autoresearch.core.internal.decide.ProposalOutcome;
import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.Change;
import dev.autoresearch.core.CodeMutator;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.HypothesisGenerator;
import dev.autoresearch.core.MutationResult;
import dev.autoresearch.core.PendingExperiment;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.Refusal;
import dev.autoresearch.core.ResearchContext;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.SearchView;
import dev.autoresearch.core.StrategyExhaustedException;
import dev.autoresearch.core.TokenUsage;
import dev.autoresearch.core.ideas.Idea;
import dev.autoresearch.core.ideas.IdeaText;
import dev.autoresearch.core.ideas.NearDuplicate;
import dev.autoresearch.core.ideas.NoveltyCheck;
import dev.autoresearch.core.internal.git.Worktree;
import dev.autoresearch.core.search.Migration;
import dev.autoresearch.core.search.Start;
import dev.autoresearch.core.tune.ParameterTuner;
import dev.autoresearch.core.journal.SessionFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Makes proposals on threads of its own, so that lanes keep running while the strategy thinks:
 * asks the generator for a hypothesis and the mutator for its change, against a read-only view of
 * the champion (a worktree per proposal in the making), checks what the change may touch, commits
 * it on the champion and refuses a change whose code was measured already or is under way (asking
 * the strategy again, with the reason, up to {@link #DUPLICATE_ASKS} times).
 */
final class Proposer {
    private static final Logger LOG = LoggerFactory.getLogger(Proposer.class);
    static final int DUPLICATE_ASKS = 3;

    private final ProgramSpec spec;
    private final HypothesisGenerator generator;
    private final CodeMutator mutator;
    private final java.util.concurrent.BlockingQueue<Worktree> views = new java.util.concurrent.LinkedBlockingQueue<>();
    private final java.util.function.IntFunction<Worktree> newView;
    /** The views whose last change was committed whole, leaving nothing untracked. */
    private final Set<Worktree> untouched = ConcurrentHashMap.newKeySet();
    /** The views known to be exactly a commit (HEAD, index and files), by that commit: made from there, no checkout. */
    private final Map<Worktree, String> exactlyAt = new ConcurrentHashMap<>();
    private int viewCount;
    private final SessionFiles files;
    private final InstantSource clock;
    private final ExecutorService thread;
    private final IdeasMemory memory;
    private final Optional<NoveltyCheck> novelty;

    /**
     * @param first   the first view of the champion
     * @param newView makes view number k (from 2) when more proposals are made at once
     * @param memory  the ideas ledger as this session knows it
     * @param novelty tells a proposal that repeats a measured idea in other words, when the host gave one
     */
    Proposer(ProgramSpec spec, HypothesisGenerator generator, CodeMutator mutator, Worktree first,
             java.util.function.IntFunction<Worktree> newView, SessionFiles files, InstantSource clock,
             IdeasMemory memory, Optional<NoveltyCheck> novelty) {
        this.spec = spec;
        this.generator = generator;
        this.mutator = mutator;
        this.views.add(first);
        this.viewCount = 1;
        this.newView = newView;
        this.files = files;
        this.clock = clock;
        this.memory = memory;
        this.novelty = novelty;
        this.thread = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "autoresearch-proposer");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Makes sure {@code concurrent} proposals can be made at once, each in a view of its own. Called
     * by the coordinator only, so git never adds two worktrees at once.
     */
    void allow(int concurrent) {
        while (viewCount < concurrent) {
            viewCount++;
            views.add(newView.apply(viewCount));
        }
    }

    /** Runs {@code work} with a view of its own, given back afterwards. */
    private ProposalOutcome withView(int n, java.util.function.Function<Worktree, ProposalOutcome> work) {
        Worktree view;
        try {
            view = views.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProposalOutcome.Interrupted(n);
        }
        try {
            return work.apply(view);
        } finally {
            views.add(view);
        }
    }

    /**
     * Starts proposing experiment {@code n} where the search says, seeing {@code state}; the outcome goes
     * to {@code done}. A migration's change is made here, without asking the strategy.
     *
     * @param measured the experiment that measured each tree (the code) so far, or has it under way: a map
     *                 safe to read on other threads, which the caller goes on adding to
     */
    Future<?> submit(int n, ResearchState state, Start start, Map<String, Integer> measured,
                     Consumer<ProposalOutcome> done) {
        Map<String, Integer> trees = java.util.Collections.unmodifiableMap(measured);
        return thread.submit(() -> done.accept(withView(n, view -> {
            ProposalOutcome outcome = start.migrant().isPresent() ? migrate(view, n, state, start, trees)
                    : propose(view, n, state, start, trees);
            if (!(outcome instanceof ProposalOutcome.Ready) && !(outcome instanceof ProposalOutcome.Refused)
                    && !(outcome instanceof ProposalOutcome.Adopted)) {
                // Nothing will be recorded under this number for now: the user's idea is open again.
                memory.withdraw(n);
            }
            return outcome;
        })));
    }

    /** Stops the proposer and waits (a bounded while) until what it was doing has ended. */
    void shutdown() {
        thread.shutdownNow();
        Threads.awaitQuietly(thread);
    }

    /**
     * Puts {@code view} at {@code parent}, cleaning it unless the last change made there left nothing
     * untracked (a strategy may write in the view, so only a change committed whole is known to).
     */
    private void checkout(Worktree view, String parent) {
        boolean nothingUntracked = untouched.remove(view);
        String at = exactlyAt.remove(view);
        if (parent.equals(at)) {
            return;
        }
        if (nothingUntracked || at != null) {
            view.checkoutTracked(parent);
        } else {
            view.checkout(parent);
        }
    }

    /**
     * Keeps the plans a change was made from in {@code plans/<n>.txt}: the one asked for, those tried
     * on the way, then the one implemented.
     */
    private void writePlans(int experiment, Made made, boolean fresh) {
        List<String> plans = new java.util.ArrayList<>();
        plans.add(made.asked.plan());
        plans.addAll(made.tried);
        plans.add(made.paid.plan());
        PlanFile.write(files.plan(experiment), plans, fresh);
    }

    /**
     * Brings the best of another island onto this island's champion: merged with the island's own
     * changes when they do not conflict, else its code whole. Refused when that code was measured.
     */
    private ProposalOutcome migrate(Worktree view, int n, ResearchState state, Start start, Map<String, Integer> trees) {
        Instant proposedAt = clock.instant();
        ExperimentRecord migrant = start.migrant().orElseThrow();
        String parent = start.node().commit();
        int from = migrant.island();
        String title = Migration.title(from, migrant, start.island());
        try {
            Worktree.Brought brought = view.bring(migrant.commit(), parent,
                    CommitMessages.of(new Hypothesis(title, ""), n, Optional.empty()));
            String rationale = brought.merged()
                    ? "its changes merged with those of this island's champion (#" + start.node().experiment() + ")"
                    : "its code taken whole: its changes conflict with those of this island's champion (#"
                    + start.node().experiment() + ")";
            Hypothesis h = new Hypothesis(title, rationale);
            String tree = view.treeOf(brought.commit());
            Integer same = trees.get(tree);
            if (same != null && same == migrant.experiment()) {
                // Its code is the migrant's own (its changes hold the island's, or conflicted with them and were
                // taken whole): the island takes the migrant as its champion, measured already.
                String why = brought.merged()
                        ? "its changes include those of this island's champion (#" + start.node().experiment()
                        + "), so its code is"
                        : "its changes conflict with those of this island's champion (#" + start.node().experiment()
                        + "), so its code is taken whole:";
                return new ProposalOutcome.Adopted(n, new Hypothesis(title, why + " island " + migrant.island()
                        + "'s champion's, measured as #" + migrant.experiment()
                        + "; the island goes on from it, and nothing was run"), parent, proposedAt, migrant,
                        start.island());
            }
            if (same != null || tree.equals(view.treeOf(parent))) {
                return repeated(n, start.island(), h, Migration.STRATEGY, parent, proposedAt, same != null
                        ? "the migrated code is that of experiment " + same + ", measured already"
                        : "island " + start.island() + " has that code already", 0);
            }
            writePatch(n, view.diff(parent, brought.commit()));
            return new ProposalOutcome.Ready(PendingExperiment.builder().experiment(n).hypothesis(h)
                    .strategy(Migration.STRATEGY).parent(parent).commit(brought.commit()).proposedAt(proposedAt)
                    .island(start.island()).build(), tree, 0);
        } catch (AutoresearchException e) {
            return new ProposalOutcome.Failed(n, e);
        }
    }

    private ProposalOutcome propose(Worktree view, int n, ResearchState state, Start start,
                                    Map<String, Integer> trees) {
        Instant proposedAt = clock.instant();
        ExperimentRecord champion = start.node();
        String parent = champion.commit();
        String strategy = generator.name();
        ResearchContext context = new ResearchContext(spec, state, n, view.path(), files.directory())
                .withSearch(SearchView.of(state, champion, start.island(), start.plateau(), spec.direction()));
        if (generator.readsIdeas()) {
            context = context.withIdeas(memory.view(parent, memory.offer(n)));
        }
        TokenUsage spent = TokenUsage.ZERO;
        int duplicates = 0;
        try {
            while (true) {
                checkout(view, parent);
                Hypothesis hypothesis;
                try {
                    hypothesis = generator.propose(context);
                } catch (StrategyExhaustedException e) {
                    return new ProposalOutcome.Exhausted(n, parent, e.getMessage());
                }
                if (Thread.currentThread().isInterrupted()) {
                    return new ProposalOutcome.Interrupted(n);
                }
                spent = spent.plus(hypothesis.usage());
                Made made = makeChange(view, n, hypothesis, context, spent);
                spent = made.spent;
                if (made.outcome.isPresent()) {
                    return made.outcome.get();
                }
                if (made.refusal.isPresent()) {
                    return refused(n, start.island(), made.paid, strategy, parent, proposedAt, made.refusal.get(),
                            duplicates);
                }
                Hypothesis paid = made.paid;
                String commit = made.commit;
                String tree = made.tree;
                Integer repeats = trees.get(tree);
                Optional<Refusal> repeat;
                if (repeats == null) {
                    String diff = made.diff.orElseGet(() -> view.diff(parent, commit));
                    repeat = earlierIdea(view, n, paid, parent, tree, diff);
                    if (repeat.isEmpty()) {
                        memory.rememberTree(commit, tree);
                        writePatch(n, diff);
                        writePlans(n, made, true);
                        return new ProposalOutcome.Ready(PendingExperiment.builder().experiment(n)
                                .hypothesis(paid).strategy(strategy).parent(parent).commit(commit)
                                .proposedAt(proposedAt).island(start.island()).userIdea(memory.offeredTo(n)).build(),
                                tree, duplicates);
                    }
                } else {
                    String about = describe(repeats, state);
                    repeat = Optional.of(new Refusal(paid, OptionalInt.of(repeats), "Your last proposal (\""
                            + paid.title() + "\") makes exactly the same code as " + about
                            + ": it would measure nothing new. Propose a different change."));
                }
                duplicates++;
                LOG.info("experiment {}: \"{}\" repeats what was measured ({}); asking the strategy again", n,
                        paid.title(), repeat.get().reason());
                if (duplicates >= DUPLICATE_ASKS) {
                    return repeated(n, start.island(), paid, strategy, parent, proposedAt, "the strategy repeated what was measured "
                            + duplicates + " times in a row; nothing was run. The last time: " + repeat.get().reason(),
                            duplicates);
                }
                context = context.withRefusal(repeat.get());
            }
        } catch (AutoresearchException e) {
            return new ProposalOutcome.Failed(n, e);
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                return new ProposalOutcome.Interrupted(n);
            }
            return new ProposalOutcome.Failed(n, new AutoresearchException("the strategy's generator (" + strategy
                    + ", " + generator.getClass().getName() + ") failed proposing experiment " + n + ": " + e, e));
        }
    }

    /**
     * Makes the change of an experiment already proposed again, on a newer champion ({@code onto}: its
     * commit, or that of a win under way on it): its first commit conflicts with what was kept since,
     * and the mutator implements its plan anew there. A refusal's reason says why it cannot be made
     * there; the caller says where it was being made.
     */
    Future<?> remake(PendingExperiment proposal, ResearchState state, ExperimentRecord champion, String onto,
                     Consumer<ProposalOutcome> done) {
        return thread.submit(() -> done.accept(withView(proposal.experiment(),
                view -> remake(view, proposal, state, champion, onto))));
    }

    private ProposalOutcome remake(Worktree view, PendingExperiment p, ResearchState state, ExperimentRecord champion,
                                   String parent) {
        int n = p.experiment();
        ResearchContext context = new ResearchContext(spec, state, n, view.path(), files.directory());
        try {
            context = context.withSearch(SearchView.of(state, champion, p.island(), false, spec.direction()));
            checkout(view, parent);
            Made made = makeChange(view, n, p.hypothesis(), context, p.hypothesis().usage());
            if (made.outcome.isPresent()) {
                return made.outcome.get();
            }
            if (made.refusal.isPresent()) {
                return refused(n, p.island(), made.paid, p.strategy(), parent, p.proposedAt(), made.refusal.get(), 0);
            }
            writePatch(n, made.diff.orElseGet(() -> view.diff(parent, made.commit)));
            writePlans(n, made, false);
            return new ProposalOutcome.Ready(PendingExperiment.builder().experiment(n).hypothesis(made.paid)
                    .strategy(p.strategy()).parent(parent).commit(made.commit).proposedAt(p.proposedAt())
                    .island(p.island()).build(),
                    made.tree, 0);
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                return new ProposalOutcome.Interrupted(n);
            }
            return new ProposalOutcome.Failed(n, e);
        }
    }

    /** What making a change gave: a commit, a refusal, or an outcome that ends the proposal. */
    private static final class Made {
        Optional<ProposalOutcome> outcome = Optional.empty();
        Optional<String> refusal = Optional.empty();
        /** The hypothesis the mutator was given. */
        Hypothesis asked;
        /** The hypothesis the change implements (the mutator's revision, else the one asked), with every token spent. */
        Hypothesis paid;
        /** The plans the mutator tried on the way, that did not apply. */
        List<String> tried = List.of();
        TokenUsage spent;
        String commit;
        String tree;
        /** The commit's diff from its parent, when it was made without asking git. */
        Optional<String> diff = Optional.empty();
    }

    /** Asks the mutator for the change of {@code hypothesis} in the view (at {@code parent}), checks it and commits it. */
    private Made makeChange(Worktree view, int n, Hypothesis hypothesis, ResearchContext context, TokenUsage spentBefore) {
        Made made = new Made();
        made.spent = spentBefore;
        made.asked = hypothesis;
        MutationResult mutation;
        try {
            mutation = mutator.mutate(hypothesis, context);
        } catch (AutoresearchException e) {
            throw e;
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                made.outcome = Optional.of(new ProposalOutcome.Interrupted(n));
                return made;
            }
            // A strategy's failure is this experiment's outcome, not the session's end.
            LOG.warn("experiment {}: the mutator failed", n, e);
            mutation = new MutationResult.Failed("the mutator failed: " + e);
        }
        if (Thread.currentThread().isInterrupted()) {
            made.outcome = Optional.of(new ProposalOutcome.Interrupted(n));
            return made;
        }
        made.spent = made.spent.plus(mutation.usage());
        // The record names the code measured: a corrected reply or a moved value revises the hypothesis.
        Hypothesis implemented = mutation instanceof MutationResult.Applied applied
                ? applied.implemented().orElse(hypothesis) : hypothesis;
        if (mutation instanceof MutationResult.Applied applied) {
            made.tried = applied.tried();
        }
        made.paid = new Hypothesis(implemented.title(), implemented.rationale(), implemented.plan(), made.spent);
        if (mutation instanceof MutationResult.Failed) {
            made.refusal = Optional.of("no change could be made: " + ((MutationResult.Failed) mutation).reason());
            return made;
        }
        ChangeRules.Result normalised = ChangeRules.normalise(((MutationResult.Applied) mutation).change(), view);
        if (normalised.change().isEmpty()) {
            made.refusal = Optional.of(normalised.refusal());
            return made;
        }
        Change change = normalised.change().get();
        // Read first: a file git ignores is only found after writing (a status says that and what changed).
        Map<String, Optional<byte[]>> before = view.contents(change.files().keySet());
        try {
            view.write(change.files());
        } catch (AutoresearchException e) {
            made.refusal = Optional.of("the change could not be written: " + e.getMessage());
            return made;
        }
        // The view holds its champion's tracked files, index and HEAD (strategies never write there): a change of
        // files the champion tracks, read from its loose trees, needs no status to say what it changes.
        String parent = view.head();
        String message = CommitMessages.of(made.paid, n, Optional.empty());
        if (view.tracksFiles(parent, change.files().keySet()) && changesSome(before, change)
                && ChangeRules.forbidden(change, spec).isEmpty() && commitBeside(view, made, change, before, parent, message)) {
            return made;
        }
        Worktree.Changes changes = view.changes();
        Optional<String> ignored = ChangeRules.ignored(changes.ignoredOf(change.files().keySet()));
        if (ignored.isPresent()) {
            view.putBack(before);
            made.refusal = ignored;
            return made;
        }
        Optional<String> forbidden = ChangeRules.forbidden(change, spec);
        if (forbidden.isPresent()) {
            writePatch(n, view.workingDiff());
            made.refusal = forbidden;
            return made;
        }
        if (changes.none()) {
            made.refusal = Optional.of("the change leaves every file as it was");
            return made;
        }
        if (changes.untracked().isEmpty() && change.files().keySet().containsAll(changes.tracked())
                && commitBeside(view, made, change, before, parent, message)) {
            return made;
        }
        made.commit = changes.untracked().isEmpty() ? view.commitTracked(change.files().keySet(), message)
                : view.commit(change.files().keySet(), message);
        if (change.files().keySet().containsAll(changes.untracked())) {
            // All it left untracked is now committed: the next checkout of this view need not clean.
            untouched.add(view);
        }
        made.tree = view.treeOf(made.commit);
        return made;
    }

    /**
     * Commits a change of the champion's tracked files beside the view, which is then put back as it
     * was, so the next proposal made from the same champion needs no checkout; its patch is made from
     * what was written. False when git made no commit (the view is left as written).
     */
    private boolean commitBeside(Worktree view, Made made, Change change, Map<String, Optional<byte[]>> before,
                                 String parent, String message) {
        Optional<String> commit = view.commitTrackedBeside(change.files().keySet(), message, before);
        if (commit.isEmpty()) {
            return false;
        }
        made.commit = commit.get();
        exactlyAt.put(view, parent);
        made.tree = view.treeOf(made.commit);
        made.diff = Optional.of(view.diff(parent, made.commit, before, change.files()));
        return true;
    }

    /** True when writing {@code change} over {@code before} changes the bytes of one of its files at least. */
    private static boolean changesSome(Map<String, Optional<byte[]>> before, Change change) {
        return change.files().entrySet().stream().anyMatch(e -> before.get(e.getKey()).isEmpty()
                || !java.util.Arrays.equals(before.get(e.getKey()).get(), e.getValue().getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Why a change new to this session repeats an idea measured already: the same code from the same
     * code in an earlier session (the ideas ledger), or the same idea in other words (the novelty check).
     * The tuner's proposals are never refused so.
     */
    private Optional<Refusal> earlierIdea(Worktree view, int n, Hypothesis paid, String parent, String tree,
                                          String diff) {
        if (generator instanceof ParameterTuner) {
            // Its grid makes "tried" exact, and it would propose a refused point again.
            return Optional.empty();
        }
        if (memory.hasEarlierCode()) {
            String parentTree = memory.tree(parent).orElseGet(() -> {
                String t = view.treeOf(parent);
                memory.rememberTree(parent, t);
                return t;
            });
            Optional<Idea> same = memory.measuredEarlier(parentTree, tree);
            if (same.isPresent()) {
                return Optional.of(new Refusal(paid, OptionalInt.empty(), "Your last proposal (\"" + paid.title()
                        + "\") makes exactly the same code, from the same starting code, as " + about(same.get())
                        + ", measured in an earlier session: it would measure nothing new. Propose a different change."));
            }
        }
        if (novelty.isEmpty() || spec.novelty() <= 0) {
            return Optional.empty();
        }
        List<IdeaText> measured = memory.measured();
        if (measured.isEmpty()) {
            return Optional.empty();
        }
        IdeaText candidate = new IdeaText(memory.session() + "/" + n, paid.rationale().isBlank() ? paid.title()
                : paid.title() + "\n" + paid.rationale(), diff);
        Optional<NearDuplicate> near = novelty.get().nearest(candidate, measured);
        if (near.isEmpty()) {
            return Optional.empty();
        }
        String earlier = memory.byId(near.get().earlier().id()).map(Proposer::about)
                .orElse("experiment " + near.get().earlier().id());
        return Optional.of(new Refusal(paid, OptionalInt.empty(), "Your last proposal (\"" + paid.title()
                + "\") repeats in other words " + earlier + ": " + near.get().why()
                + ". Propose a different idea, not a rewording of one already measured."));
    }

    /** An idea of the ledger, for the model: {@code experiment 14 of session nov28 ("...", discard, 9.5 ...)}. */
    private static String about(Idea idea) {
        return "experiment " + idea.experiment() + " of session " + idea.session() + " (\"" + idea.title() + "\", "
                + idea.outcome() + ")";
    }

    private static String describe(int experiment, ResearchState state) {
        Optional<ExperimentRecord> r = state.record(experiment);
        if (r.isPresent()) {
            return "experiment " + experiment + " (\"" + r.get().hypothesis().title() + "\", " + r.get().status().keyword()
                    + (r.get().metric().isPresent() ? ", " + String.format(java.util.Locale.ROOT, "%.6g",
                    r.get().metric().getAsDouble()) : "") + ")";
        }
        return "experiment " + experiment + ", which is under way";
    }

    private ProposalOutcome refused(int n, int island, Hypothesis h, String strategy, String parent, Instant at,
                                    String reason, int duplicates) {
        return new ProposalOutcome.Refused(n, h, strategy, parent, at, reason, duplicates, false, island);
    }

    /** A proposal that only repeated what was measured: a plateau's sign, not a failure. */
    private ProposalOutcome repeated(int n, int island, Hypothesis h, String strategy, String parent, Instant at,
                                     String reason, int duplicates) {
        return new ProposalOutcome.Refused(n, h, strategy, parent, at, reason, duplicates, true, island);
    }

    private void writePatch(int experiment, String diff) {
        SessionContext.writeText(files.patch(experiment), diff);
    }
}
