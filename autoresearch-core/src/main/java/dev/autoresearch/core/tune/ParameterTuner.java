package dev.autoresearch.core.tune;

import dev.autoresearch.core.AutoresearchException;
import dev.autoresearch.core.CodeMutator;
import dev.autoresearch.core.Change;
import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.HypothesisGenerator;
import dev.autoresearch.core.MutationResult;
import dev.autoresearch.core.ProgramSpecException;
import dev.autoresearch.core.RecordedOrder;
import dev.autoresearch.core.Refusal;
import dev.autoresearch.core.ResearchContext;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.StrategyExhaustedException;
import dev.autoresearch.core.TokenUsage;
import dev.autoresearch.core.TunedParameter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The default strategy: tunes the numeric constants declared under program.md's {@code tune},
 * without a model. Each experiment changes one parameter of the best configuration so far by one
 * step, so every result says something about that parameter alone.
 *
 * <pre>{@code
 * ParameterTuner tuner = ParameterTuner.create(spec.tune(), 42);
 * tuner.validate(repositoryRoot);              // optional: the loop's prepare() checks again before the baseline
 * ResearchLoop.builder().program(spec).strategy(tuner)...
 * }</pre>
 *
 * <p>How it searches. Values lie on a grid of 1/128 of each range (of its logarithm for
 * {@code log}, so steps multiply; whole numbers for {@code int}), counted from the baseline value.
 * A parameter's step starts at 1/8 of its range, doubles after each keep of a change to that
 * parameter and halves after each other outcome (a crash or timeout included), between 1/128 and
 * 1/2 of the range ({@code int} steps are at least 1); losses of one parameter that lanes measured
 * side by side from the same configuration halve it once, as one loss would. After a keep, the same
 * change is tried again in the same direction with the doubled step; otherwise the parameter and
 * the direction are drawn from a {@link Random} seeded from the seed and the experiment number.
 * With lanes, several keeps can land in one round (each made on top of the one before while that
 * one was measured); each of their changes is then followed up the same way, once. And while other
 * lanes' experiments are under way, a parameter goes first the way its last measured move says (the
 * way it went after a win; after a loss, the other way, unless its last keep went the way that
 * lost, which most likely stepped past the optimum: then the same way with the halved step, unless
 * that loss was a step of the smallest size already) rather
 * than a drawn one, so that lanes do not each spend a round on a way the history speaks against;
 * one lane draws, as it always has. A candidate is clamped to its range and printed with three
 * significant digits or as many as the grid needs; one that was tried before (the baseline
 * included), or that the loop sent back as code measured already, is skipped for the other
 * direction, another parameter, a smaller step or, last, a larger one. When no untried neighbour of
 * the best configuration is left at any step size, {@link #propose} throws a
 * {@link StrategyExhaustedException} and the loop stops normally, with that as its reason.
 *
 * <p>It keeps no state of its own: the best configuration is read from the worktree (which is at
 * the best commit) and everything else is rebuilt from the titles of the records, which read
 * {@code MATRIX_LR 0.04 -> 0.05}. A resumed loop therefore continues exactly as an uninterrupted
 * one would. Records whose titles are not in that form (another strategy's) are ignored.
 *
 * <p>As a {@link CodeMutator} it implements the plan of its own hypotheses ({@code MATRIX_LR=0.05})
 * by rewriting that one number in the file, leaving the rest of the line, its comment included,
 * as it was. Instances are immutable and may be shared between threads.
 */
public final class ParameterTuner implements HypothesisGenerator, CodeMutator {
    /** The strategy name recorded with each experiment. */
    public static final String NAME = "tune";

    static final int MIN_LEVEL = -4;
    static final int MAX_LEVEL = 2;
    private static final Pattern TITLE = Pattern.compile("(.+) (\\S+) -> (\\S+)");

    private final List<TunedParameter> parameters;
    private final List<String> keys;
    private final Map<String, Integer> indexByKey;
    private final long seed;

    private ParameterTuner(List<TunedParameter> parameters, long seed) {
        this.parameters = parameters;
        this.seed = seed;
        Map<String, Integer> names = new HashMap<>();
        for (TunedParameter p : parameters) {
            names.merge(p.name(), 1, Integer::sum);
        }
        List<String> k = new ArrayList<>();
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < parameters.size(); i++) {
            TunedParameter p = parameters.get(i);
            String key = names.get(p.name()) == 1 ? p.name() : normalize(p.file()) + ":" + p.name();
            k.add(key);
            index.put(key, i);
        }
        this.keys = List.copyOf(k);
        this.indexByKey = Map.copyOf(index);
    }

    /**
     * A tuner for {@code parameters} (usually {@link dev.autoresearch.core.ProgramSpec#tune()}).
     *
     * @param parameters the constants to tune, at least one, each (file, name) once
     * @param seed       makes the sequence of hypotheses reproducible; another seed, another sequence
     * @throws ProgramSpecException when the list is empty or declares a parameter twice
     */
    public static ParameterTuner create(List<TunedParameter> parameters, long seed) {
        Objects.requireNonNull(parameters, "parameters");
        List<TunedParameter> list = List.copyOf(parameters);
        if (list.isEmpty()) {
            throw new ProgramSpecException("the tune strategy has no parameter to tune; declare them in program.md "
                    + "under 'tune', each with file, name, range and scale", "tune", 0);
        }
        Set<String> seen = new HashSet<>();
        for (TunedParameter p : list) {
            if (!seen.add(normalize(p.file()) + "\u0000" + p.name())) {
                throw new ProgramSpecException("tune declares parameter " + p.name() + " of " + p.file()
                        + " twice; keep one entry", "tune", 0);
            }
        }
        return new ParameterTuner(list, seed);
    }

    /** The tuned parameters, in declaration order. */
    public List<TunedParameter> parameters() {
        return parameters;
    }

    /** The seed the sequence is drawn from. */
    public long seed() {
        return seed;
    }

    /** {@value #NAME}. */
    @Override
    public String name() {
        return NAME;
    }

    /** False: proposing is instant, so the tuner is asked when a lane is free, from every result so far. */
    @Override
    public boolean proposesAhead() {
        return false;
    }

    /**
     * Checks that every parameter is assigned exactly once, to a literal number that suits its
     * scale (a constant of an integer type, {@code static final int N = 16;} or {@code 16L}, needs
     * scale {@code int}), in the files under {@code repositoryRoot}. {@link #propose} makes the same check each
     * time; call this to fail before a baseline is spent.
     *
     * @return the current value of each parameter, in declaration order
     * @throws ProgramSpecException naming the file, the parameter and the line of each problem
     */
    public List<Double> validate(Path repositoryRoot) {
        return validate(files(repositoryRoot));
    }

    /**
     * Checks every parameter as {@link #validate(Path)} does, against file contents from elsewhere:
     * a commit rather than the checkout, say.
     *
     * @param files the text of a file by its path relative to the repository root ({@code /}
     *              separators), empty when there is no such file
     * @return the current value of each parameter, in declaration order
     * @throws ProgramSpecException naming the file, the parameter and the line of each problem
     */
    public List<Double> validate(Function<String, Optional<String>> files) {
        Objects.requireNonNull(files, "files");
        double[] values = read(files);
        List<Double> list = new ArrayList<>(values.length);
        for (double v : values) {
            list.add(v);
        }
        return List.copyOf(list);
    }

    /** Checks every parameter in the worktree before the session spends a run, as {@link #validate} does. */
    @Override
    public void prepare(ResearchContext context) {
        validate(context.worktree());
    }

    /**
     * Changes one parameter of the configuration the proposal starts from (the best, under greedy
     * search: the worktree is checked out there) by one step.
     *
     * @throws ProgramSpecException       when a tuned assignment is missing or malformed
     * @throws StrategyExhaustedException when every neighbour of the configuration it starts from has been tried
     */
    @Override
    public Hypothesis propose(ResearchContext context) {
        Objects.requireNonNull(context, "context");
        double[] current = read(files(context.worktree()));
        Replay replay = replay(context.state(), current, context.spec().direction());
        for (Refusal refused : context.refusals()) {
            // Sent back as code measured already: under lanes, a win's first measurement on an older champion.
            parse(refused.hypothesis().title()).ifPresent(m -> replay.tried.add(replay.moved(m.index, m.to)));
        }
        Random random = new Random(mix(mix(seed) + context.experiment()));

        List<int[]> followUps = new ArrayList<>();
        // A keep is followed up from where it was kept: a search that starts elsewhere does not.
        boolean atLastKeep = context.search().start().map(s -> context.state().last()
                .map(last -> last.commit().equals(s.commit())).orElse(true)).orElse(true);
        if (atLastKeep) {
            replay.lastKept.ifPresent(followUps::add);
        }
        context.search().start().or(() -> context.state().best())
                .ifPresent(start -> roundFollowUps(context.state(), start).stream()
                        .filter(m -> followUps.stream().noneMatch(f -> f[0] == m[0] && f[1] == m[1]))
                        .forEach(followUps::add));
        List<int[]> moves = new ArrayList<>(followUps);
        int[] order = new int[parameters.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        if (!replay.inFlight.isEmpty()) {
            int[] free = java.util.Arrays.stream(order).filter(p -> !replay.inFlight.contains(p)).toArray();
            int[] busy = java.util.Arrays.stream(order).filter(replay.inFlight::contains).toArray();
            System.arraycopy(free, 0, order, 0, free.length);
            System.arraycopy(busy, 0, order, free.length, busy.length);
        }
        for (int p : order) {
            int first = random.nextBoolean() ? 1 : -1;
            if (!replay.inFlight.isEmpty() && replay.lastWay[p] != 0) {
                // Lanes measure a round's moves at once: without this, each of several lanes could take the
                // way that just lost again, at a smaller step each time. One lane draws, as it always has.
                first = replay.lastWay[p];
            }
            moves.add(new int[] {p, first});
            moves.add(new int[] {p, -first});
        }

        // Each parameter's own step first, then smaller steps, then larger ones.
        int span = MAX_LEVEL - MIN_LEVEL;
        for (int o = 0; o <= 2 * span; o++) {
            int offset = o <= span ? -o : o - span;
            for (int[] move : moves) {
                int p = move[0];
                int level = replay.level[p] + offset;
                if (level < MIN_LEVEL || level > MAX_LEVEL) {
                    continue;
                }
                Axis axis = replay.axes.get(p);
                long from = replay.best.get(p);
                long to = axis.clamp(from + move[1] * axis.steps(level));
                if (to == from) {
                    continue;
                }
                List<Long> config = new ArrayList<>(replay.best);
                config.set(p, to);
                if (replay.tried.contains(config)) {
                    continue;
                }
                boolean followUp = offset == 0 && followUps.stream().anyMatch(m -> m[0] == p && m[1] == move[1]);
                return hypothesis(p, current[p], axis.value(to), level, offset, followUp);
            }
        }
        throw new StrategyExhaustedException("the tune search space is exhausted: every neighbour of the configuration "
                + "it starts from (the best, under greedy search) within the declared ranges has been tried ("
                + replay.tried.size() + " configurations); widen a range in program.md's tune section, add a "
                + "parameter, search: tree, or use another strategy");
    }

    /**
     * Rewrites the number named by the plan of a hypothesis from {@link #propose}
     * ({@code MATRIX_LR=0.05}) in its file in the worktree.
     *
     * @return the changed file, or why it could not be changed (a plan not from this tuner, the
     *         assignment gone from the file)
     */
    @Override
    public MutationResult mutate(Hypothesis hypothesis, ResearchContext context) {
        Objects.requireNonNull(hypothesis, "hypothesis");
        Objects.requireNonNull(context, "context");
        String plan = hypothesis.plan().strip();
        int eq = plan.lastIndexOf('=');
        Integer index = eq < 0 ? null : indexByKey.get(plan.substring(0, eq).strip());
        String value = eq < 0 ? "" : plan.substring(eq + 1).strip();
        if (index == null || !value.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?")) {
            return new MutationResult.Failed("not a tune plan: '" + plan + "'; expected NAME=number for one of "
                    + String.join(", ", keys));
        }
        TunedParameter p = parameters.get(index);
        String file = normalize(p.file());
        String content;
        try {
            content = Files.readString(context.worktree().resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return new MutationResult.Failed(file + ": cannot read the file to set " + p.name() + ": " + e);
        }
        Assignment assignment;
        try {
            assignment = Assignment.locate(file, content, p.name());
        } catch (AutoresearchException e) {
            return new MutationResult.Failed(e.getMessage());
        }
        if (assignment.value() == Double.parseDouble(value)) {
            return new MutationResult.Failed(file + ":" + assignment.line() + ": " + p.name() + " is already " + value);
        }
        Change change = Change.of(file, assignment.rewrite(content, value));
        return new MutationResult.Applied(change, TokenUsage.ZERO, movedFrom(hypothesis, index, assignment.value()));
    }

    /**
     * The hypothesis as made on code where the parameter no longer has the value its title starts
     * from (it is being made again on a newer best configuration that changed it): the title says
     * the move really made, so that the record, and this tuner's reading of it, are true.
     */
    private Optional<Hypothesis> movedFrom(Hypothesis hypothesis, int index, double current) {
        Optional<Move> said = parse(hypothesis.title());
        if (said.isEmpty() || said.get().index != index || said.get().from == current) {
            return Optional.empty();
        }
        TunedParameter p = parameters.get(index);
        String title = keys.get(index) + " " + format(p, current) + " -> " + format(p, said.get().to);
        String rationale = hypothesis.rationale() + (hypothesis.rationale().isEmpty() ? "" : " ")
                + "Made again on a newer best configuration, where " + keys.get(index) + " was " + format(p, current) + ".";
        return Optional.of(new Hypothesis(title, rationale, hypothesis.plan(), hypothesis.usage()));
    }

    // ---------------------------------------------------------------------------------------------

    /** The files under {@code root}, read as UTF-8. */
    private static Function<String, Optional<String>> files(Path root) {
        Objects.requireNonNull(root, "root");
        return file -> {
            try {
                return Optional.of(Files.readString(root.resolve(file), StandardCharsets.UTF_8));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            } catch (IOException e) {
                throw new AutoresearchException(file + ": cannot read it to tune its parameters: " + e, e);
            }
        };
    }

    private double[] read(Function<String, Optional<String>> files) {
        double[] values = new double[parameters.size()];
        List<String> problems = new ArrayList<>();
        Map<String, Optional<String>> contents = new HashMap<>();
        for (int i = 0; i < parameters.size(); i++) {
            TunedParameter p = parameters.get(i);
            String file = normalize(p.file());
            Optional<String> found = contents.computeIfAbsent(file, f -> Objects.requireNonNull(files.apply(f), "files"));
            if (found.isEmpty()) {
                problems.add(file + ": file not found (tune parameter " + p.name()
                        + "); tune files are relative to the repository root");
                continue;
            }
            String content = found.get();
            try {
                Assignment a = Assignment.locate(file, content, p.name());
                double v = a.value();
                if (p.scale() != TunedParameter.Scale.INT && a.integerType().isPresent()) {
                    // A linear or log step writes a fraction (17.3), which an integer type does not take.
                    problems.add(file + ":" + a.line() + ": parameter " + p.name() + " is an integer ("
                            + a.integerType().get() + ") but its scale is " + p.scale().keyword()
                            + ", which writes fractions such as " + Numbers.format(v + 1.3)
                            + " that would not compile; use scale int");
                } else if (p.scale() == TunedParameter.Scale.LOG && v <= 0) {
                    problems.add(file + ":" + a.line() + ": parameter " + p.name() + " is " + a.literal()
                            + " but its scale is log, which needs a positive value; change the value or use scale linear");
                } else if (p.scale() == TunedParameter.Scale.INT && v != Math.rint(v)) {
                    problems.add(file + ":" + a.line() + ": parameter " + p.name() + " is " + a.literal()
                            + " but its scale is int; write a whole number or use scale linear");
                }
                values[i] = v;
            } catch (AutoresearchException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new ProgramSpecException(String.join("\n", problems), "tune", 0);
        }
        return values;
    }

    /** What the history says: the grids, configurations tried, step levels, the change to follow up. */
    private static final class Replay {
        final List<Axis> axes = new ArrayList<>();
        final Set<List<Long>> tried = new HashSet<>();
        final int[] level;
        /**
         * The way the last measured move of each parameter says to go: the way it went after a win; after a
         * loss, the same way (with the smaller step) when its last keep went that way too and the step can
         * shrink, else the other.
         */
        final int[] lastWay;
        List<Long> best;
        Optional<int[]> lastKept = Optional.empty();
        final Set<Integer> inFlight = new HashSet<>();

        Replay(int n) {
            level = new int[n];
            lastWay = new int[n];
        }

        /** The best configuration with parameter {@code p} set to {@code value}. */
        List<Long> moved(int p, double value) {
            List<Long> config = new ArrayList<>(best);
            config.set(p, axes.get(p).index(value));
            return List.copyOf(config);
        }
    }

    /**
     * Rebuilds the search from the records: the baseline value of each parameter is the old value
     * of the first title that changed it (or its value now, if none did); each record's
     * configuration is the best one at its time with its one change; a keep makes it the best.
     * What was measured decides, not the verdict's bookkeeping: a change that beat the parent it was
     * measured on, but was not kept because another lane's keep replaced that parent meanwhile, is
     * no loss, so its parameter's step does not shrink.
     */
    private Replay replay(ResearchState state, double[] current, Direction direction) {
        int n = parameters.size();
        List<ExperimentRecord> history = state.history();
        double[] baseline = current.clone();
        boolean[] touched = new boolean[n];
        List<Optional<Move>> moves = new ArrayList<>(history.size());
        for (ExperimentRecord r : history) {
            Optional<Move> m = r.isBaseline() ? Optional.empty() : parse(r.hypothesis().title());
            moves.add(m);
            if (m.isPresent() && !touched[m.get().index]) {
                touched[m.get().index] = true;
                baseline[m.get().index] = m.get().from;
            }
        }
        Replay replay = new Replay(n);
        for (int p = 0; p < n; p++) {
            replay.axes.add(new Axis(parameters.get(p), baseline[p]));
        }
        List<Long> best = indices(replay.axes, baseline);
        replay.tried.add(best);
        String champion = history.isEmpty() ? "" : history.get(0).commit();
        // Each measured configuration by its commit: a record changes the configuration of the node it was
        // made on, which under a tree or islands is not always the latest keep.
        Map<String, List<Long>> nodes = new HashMap<>();
        int[] keptWay = new int[n];
        ExperimentRecord[] shrankBy = new ExperimentRecord[n];
        if (!history.isEmpty()) {
            nodes.put(champion, List.copyOf(best));
        }
        for (int i = 0; i < history.size(); i++) {
            ExperimentRecord record = history.get(i);
            if (record.status() == Status.KEEP && record.champion()) {
                champion = record.commit();
            }
            if (moves.get(i).isEmpty()) {
                continue;
            }
            Move m = moves.get(i).get();
            Axis axis = replay.axes.get(m.index);
            List<Long> config = new ArrayList<>(nodes.getOrDefault(record.parent(), best));
            config.set(m.index, axis.index(m.to));
            replay.tried.add(List.copyOf(config));
            if (record.metric().isPresent()) {
                nodes.putIfAbsent(record.commit(), List.copyOf(config));
            }
            boolean kept = record.status() == Status.KEEP;
            int way = m.to > m.from ? 1 : -1;
            if (kept) {
                best = config;
                replay.level[m.index] = Math.min(MAX_LEVEL, replay.level[m.index] + 1);
                replay.lastWay[m.index] = way;
                keptWay[m.index] = way;
            } else if (!RecordedOrder.supersededWin(state, record, champion, direction)) {
                ExperimentRecord shrank = shrankBy[m.index];
                boolean sameRound = shrank != null && shrank.parent().equals(record.parent())
                        && record.startedAt().isBefore(shrank.startedAt().plus(shrank.duration()));
                if (!sameRound) {
                    // Lanes measure several moves of one constant at once: their losses shrink its step once.
                    replay.level[m.index] = Math.max(MIN_LEVEL, replay.level[m.index] - 1);
                    shrankBy[m.index] = record;
                }
                // A loss the way its last keep went is most likely a step past the optimum: the same way, shorter;
                // after the shortest step, the optimum lies the other way.
                boolean shortest = Math.abs(axis.index(m.to) - axis.index(m.from)) <= axis.steps(MIN_LEVEL);
                replay.lastWay[m.index] = record.metric().isEmpty() ? 0
                        : keptWay[m.index] == way && !shortest ? way : -way;
            } else {
                replay.lastWay[m.index] = way;
            }
            replay.lastKept = kept && i == history.size() - 1
                    ? Optional.of(new int[] {m.index, m.to > m.from ? 1 : -1})
                    : Optional.empty();
        }
        replay.best = List.copyOf(indices(replay.axes, current));
        replay.tried.add(replay.best);
        // What other lanes have under way counts as tried, and its parameters are explored last.
        for (dev.autoresearch.core.PendingExperiment p : state.pending()) {
            Optional<Move> m = parse(p.hypothesis().title());
            if (m.isPresent()) {
                replay.tried.add(replay.moved(m.get().index, m.get().to));
                replay.inFlight.add(m.get().index);
            }
        }
        return replay;
    }

    /**
     * Under lanes, the keeps that landed together in the round that made {@code start} (each made on top
     * of the one below while that one was still being measured, so none of them was the last record
     * when it was kept): each one's change is followed up from {@code start} once, as one lane follows
     * up its last keep. Empty when {@code start} was not made that way, which is always so on one lane.
     */
    private List<int[]> roundFollowUps(ResearchState state, ExperimentRecord start) {
        List<ExperimentRecord> round = new ArrayList<>();
        Optional<ExperimentRecord> keep = start.status() == Status.KEEP && !start.isBaseline()
                ? Optional.of(start) : Optional.empty();
        while (keep.isPresent() && parse(keep.get().hypothesis().title()).isPresent()) {
            round.add(keep.get());
            ExperimentRecord above = keep.get();
            keep = state.keepOf(above.parent()).filter(below -> !below.isBaseline()
                    && above.startedAt().isBefore(below.startedAt().plus(below.duration())));
        }
        if (round.size() < 2) {
            return List.of();
        }
        List<String> commits = round.stream().map(ExperimentRecord::commit).toList();
        List<int[]> due = new ArrayList<>();
        for (ExperimentRecord k : round) {
            Move m = parse(k.hypothesis().title()).orElseThrow();
            int[] move = {m.index, m.to > m.from ? 1 : -1};
            java.time.Instant ended = k.startedAt().plus(k.duration());
            boolean followedUp = false;
            for (String commit : commits) {
                followedUp |= state.madeOn(commit).stream().anyMatch(r -> r.startedAt().isAfter(ended)
                        && sameMove(r.hypothesis().title(), move));
            }
            followedUp |= state.pending().stream().anyMatch(p -> commits.contains(p.parent())
                    && p.proposedAt().isAfter(ended) && sameMove(p.hypothesis().title(), move));
            if (!followedUp) {
                due.add(move);
            }
        }
        return due;
    }

    private boolean sameMove(String title, int[] move) {
        return parse(title).map(m -> m.index == move[0] && (m.to > m.from ? 1 : -1) == move[1]).orElse(false);
    }

    private static List<Long> indices(List<Axis> axes, double[] values) {
        List<Long> indices = new ArrayList<>(values.length);
        for (int p = 0; p < values.length; p++) {
            indices.add(axes.get(p).index(values[p]));
        }
        return indices;
    }

    private static final class Move {
        final int index;
        final double from;
        final double to;

        Move(int index, double from, double to) {
            this.index = index;
            this.from = from;
            this.to = to;
        }
    }

    private Optional<Move> parse(String title) {
        Matcher m = TITLE.matcher(title);
        if (!m.matches()) {
            return Optional.empty();
        }
        Integer index = indexByKey.get(m.group(1));
        if (index == null) {
            return Optional.empty();
        }
        try {
            double from = Double.parseDouble(m.group(2));
            double to = Double.parseDouble(m.group(3));
            boolean usable = Double.isFinite(from) && Double.isFinite(to)
                    && (parameters.get(index).scale() != TunedParameter.Scale.LOG || from > 0 && to > 0);
            return usable ? Optional.of(new Move(index, from, to)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private Hypothesis hypothesis(int p, double from, double to, int level, int offset, boolean followUp) {
        TunedParameter t = parameters.get(p);
        String key = keys.get(p);
        String title = key + " " + format(t, from) + " -> " + format(t, to);
        StringBuilder why = new StringBuilder(to > from ? "Raise " : "Lower ").append(key);
        if (t.scale() == TunedParameter.Scale.LOG) {
            double factor = to > from ? to / from : from / to;
            why.append(" by a factor of ").append(Numbers.format(Numbers.round(factor, 3)));
        } else {
            why.append(" by ").append(Numbers.format(Numbers.round(Math.abs(to - from), 6)));
        }
        if (to == t.high() || to == t.low()) {
            why.append(" (to the ").append(to == t.high() ? "top" : "bottom").append(" of its range)");
        }
        why.append(" from the best configuration so far");
        String fraction = fraction(level) + " of its " + (t.scale() == TunedParameter.Scale.LOG ? "log " : "") + "range";
        if (followUp) {
            why.append(", following up the kept change with a step grown to ").append(fraction);
        } else if (offset < 0) {
            why.append(", with a smaller step of ").append(fraction).append(" because larger ones were tried");
        } else if (offset > 0) {
            why.append(", with a larger step of ").append(fraction).append(" because smaller ones were tried");
        } else if (level > 0) {
            why.append(", with a step grown to ").append(fraction).append(" after keeps");
        } else if (level < 0) {
            why.append(", with a step shrunk to ").append(fraction).append(" after changes that were not kept");
        } else {
            why.append(", with a step of ").append(fraction);
        }
        why.append('.');
        return new Hypothesis(title, why.toString(), key + "=" + format(t, to), TokenUsage.ZERO);
    }

    private static String format(TunedParameter p, double value) {
        return p.scale() == TunedParameter.Scale.INT ? Long.toString(Math.round(value)) : Numbers.format(value);
    }

    private static String fraction(int level) {
        return "1/" + (level >= 0 ? 8 >> level : 8 << -level);
    }

    private static String normalize(String file) {
        String f = file.replace('\\', '/').strip();
        while (f.startsWith("./")) {
            f = f.substring(2);
        }
        return f;
    }

    /** SplitMix64's finaliser: spreads a seed over all 64 bits. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    @Override
    public String toString() {
        return "ParameterTuner[" + String.join(", ", keys) + ", seed=" + seed + "]";
    }
}
