package dev.autoresearch.core;

import dev.autoresearch.core.ideas.NoveltyCheck;
import dev.autoresearch.core.internal.loop.LoopEngine;
import dev.autoresearch.core.internal.loop.RunningSession;
import dev.autoresearch.core.journal.SessionFiles;
import dev.autoresearch.core.keep.KeepRule;
import dev.autoresearch.core.search.SearchPolicies;
import dev.autoresearch.core.search.SearchPolicy;
import dev.autoresearch.core.search.SearchSettings;
import dev.autoresearch.core.keep.KeepRules;

import java.nio.file.Path;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The research loop: propose, change, run, measure, keep or discard, record, repeat.
 *
 * <pre>{@code
 * ResearchReport report = ResearchLoop.builder()
 *         .repository(Path.of("."))
 *         .tag("nov28")
 *         .program(ProgramSpec.parse(Path.of("program.md")).build())
 *         .strategy(generator, mutator)
 *         .runner(new ProcessRunner())
 *         .metrics(MetricExtractors.defaults())
 *         .build()
 *         .run();
 * }</pre>
 *
 * <p>Experiments run in linked git worktrees, one per lane ({@link Builder#workers}); kept ones
 * advance the branch {@code autoresearch/<tag>}; the user's checkout is never touched. Session files
 * ({@code journal.jsonl}, {@code results.tsv}, {@code runs/}, {@code patches/}) live in
 * {@code .autoresearch/<tag>/} at the repository root. Running a loop again with the same tag
 * resumes it. Interrupting the thread that runs {@link #run()} (or {@link ResearchSession#cancel()})
 * stops every lane's run; those experiments stay proposed and run again on resume.
 *
 * <p>With several lanes, experiments are numbered when proposed and recorded when they finish. One
 * measured on champion P that finishes after the branch moved on to C is judged against P; if it
 * beats P, its change is cherry-picked onto C (on a conflict, made again on C from its plan by the
 * mutator; {@code discard}, superseded, only when it cannot be made there, or not made again when a
 * better win that changed the same lines is in C already) and measured again, and kept only if it
 * beats C too.
 */
public final class ResearchLoop {
    private final Config config;

    private ResearchLoop(Config config) {
        this.config = config;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs (or resumes) the session until a stopping policy holds or the thread is interrupted.
     * An interrupt ends the experiment in hand as a record (or, while its change was still being
     * made, leaves it unrecorded), returns the report and keeps the thread's interrupt flag. An
     * interrupt before the baseline has finished records nothing: it throws an
     * {@link AutoresearchException} saying so, the flag kept, and the next run starts afresh.
     *
     * @return why it stopped, with every record
     * @throws BaselineFailedException when the unchanged code gives no usable result
     * @throws SessionInUseException   when another live process runs this tag
     * @throws AutoresearchException   for configuration and infrastructure failures (git missing,
     *                                 not a repository, a disk full)
     */
    public ResearchReport run() {
        return new LoopEngine(config).run();
    }

    /** How many lanes this loop runs side by side. */
    public int lanes() {
        return config.lanes().size();
    }

    /**
     * Starts the session on a thread of its own and returns at once: a handle to wait for it, cancel
     * it, or look at its state as it goes. What {@link #run()} throws, {@link ResearchSession#await()}
     * throws.
     */
    public ResearchSession start() {
        return RunningSession.start(config);
    }

    /**
     * The settings a loop runs with, as {@link Builder#build()} validated them; read by the engine.
     * Only the builder makes one, so the engine never runs a configuration that was not checked.
     */
    public static final class Config {
        private final Path repository;
        private final String tag;
        private final ProgramSpec spec;
        private final HypothesisGenerator generator;
        private final CodeMutator mutator;
        private final List<Lane> lanes;
        private final MetricExtractor metrics;
        private final StoppingPolicy stoppingPolicy;
        private final List<ResearchListener> listeners;
        private final Map<String, String> environment;
        private final InstantSource clock;
        private final Optional<Path> sessionDirectory;
        private final boolean rebase;
        private final Optional<KeepRule> keepRule;
        private final SearchPolicy search;
        private final Optional<NoveltyCheck> noveltyCheck;
        private final boolean freshMemory;

        private Config(Path repository, String tag, ProgramSpec spec, HypothesisGenerator generator, CodeMutator mutator,
                       List<Lane> lanes, MetricExtractor metrics, StoppingPolicy stoppingPolicy,
                       List<ResearchListener> listeners, Map<String, String> environment, InstantSource clock,
                       Optional<Path> sessionDirectory, boolean rebase, Optional<KeepRule> keepRule,
                       SearchPolicy search, Optional<NoveltyCheck> noveltyCheck,
                       boolean freshMemory) {
            this.repository = repository;
            this.tag = tag;
            this.spec = spec;
            this.generator = generator;
            this.mutator = mutator;
            this.lanes = List.copyOf(lanes);
            this.metrics = metrics;
            this.stoppingPolicy = stoppingPolicy;
            this.listeners = List.copyOf(listeners);
            this.environment = Map.copyOf(environment);
            this.clock = clock;
            this.sessionDirectory = sessionDirectory;
            this.rebase = rebase;
            this.keepRule = keepRule;
            this.search = search;
            this.noveltyCheck = noveltyCheck;
            this.freshMemory = freshMemory;
        }

        /** This configuration with {@code listener} told of every event before the others. */
        public Config withFirstListener(ResearchListener listener) {
            List<ResearchListener> all = new ArrayList<>(listeners);
            all.add(0, Objects.requireNonNull(listener, "listener"));
            return new Config(repository, tag, spec, generator, mutator, lanes, metrics, stoppingPolicy, all,
                    environment, clock, sessionDirectory, rebase, keepRule, search, noveltyCheck,
                    freshMemory);
        }

        public Path repository() {
            return repository;
        }

        public String tag() {
            return tag;
        }

        public ProgramSpec spec() {
            return spec;
        }

        public HypothesisGenerator generator() {
            return generator;
        }

        public CodeMutator mutator() {
            return mutator;
        }

        public List<Lane> lanes() {
            return lanes;
        }

        public MetricExtractor metrics() {
            return metrics;
        }

        public StoppingPolicy stoppingPolicy() {
            return stoppingPolicy;
        }

        public List<ResearchListener> listeners() {
            return listeners;
        }

        public Map<String, String> environment() {
            return environment;
        }

        public InstantSource clock() {
            return clock;
        }

        public Optional<Path> sessionDirectory() {
            return sessionDirectory;
        }

        /** Whether a resumed session first brings in the commits made on the user's branch since it started. */
        public boolean rebase() {
            return rebase;
        }

        /** The keep rule the host gave, when it gave one; else program.md's decides. */
        public Optional<KeepRule> keepRule() {
            return keepRule;
        }

        /** Where proposals start from, and what a change whose parent was overtaken is replayed onto. */
        public SearchPolicy search() {
            return search;
        }

        /** What tells a proposal that repeats a measured idea in other words, when the host gave one. */
        public Optional<NoveltyCheck> noveltyCheck() {
            return noveltyCheck;
        }

        /** Whether the session starts without what earlier sessions put in the ideas ledger. */
        public boolean freshMemory() {
            return freshMemory;
        }

        /** The runner of lane 1. */
        public ExperimentRunner runner() {
            return lanes.get(0).runner();
        }
    }

    /**
     * One lane: its runner and the devices its runs see.
     *
     * @param runner  runs this lane's experiments
     * @param devices accelerator ids exported to its runs (empty: the runner's own setting)
     */
    public record Lane(ExperimentRunner runner, List<String> devices) {
        public Lane {
            Objects.requireNonNull(runner, "runner");
            devices = List.copyOf(devices);
        }
    }

    /** Assembles a loop; {@link #build()} reports anything missing. */
    public static final class Builder {
        private Path repository = Path.of("");
        private Optional<String> tag = Optional.empty();
        private ProgramSpec spec;
        private HypothesisGenerator generator;
        private CodeMutator mutator;
        private ExperimentRunner runner;
        private List<ExperimentRunner> laneRunners = List.of();
        private java.util.OptionalInt workers = java.util.OptionalInt.empty();
        private Optional<LaneSettings> devices = Optional.empty();
        private Optional<Path> sessionDirectory = Optional.empty();
        private MetricExtractor metrics;
        private Optional<StoppingPolicy> extraPolicy = Optional.empty();
        private final List<ResearchListener> listeners = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private InstantSource clock = InstantSource.system();
        private boolean rebase;
        private Optional<KeepRule> keepRule = Optional.empty();
        private Optional<SearchPolicy> search = Optional.empty();
        private Optional<NoveltyCheck> noveltyCheck = Optional.empty();
        private boolean freshMemory;

        private Builder() {
        }

        /**
         * Chooses where each proposal starts from and what a change measured on an overtaken parent is
         * replayed onto, and whether a keep becomes the champion; by default the program's {@code search}
         * ({@link SearchPolicies#greedy()} unless it names another).
         */
        public Builder search(SearchPolicy policy) {
            this.search = Optional.of(Objects.requireNonNull(policy, "policy"));
            return this;
        }

        /**
         * Refuses, before a run is spent, a proposal that {@code check} finds repeats an idea measured
         * already (in this session or, through the ideas ledger, an earlier one); the model is told
         * which and asked again. program.md's {@code novelty} is the threshold ({@code 0}: no check).
         * The tuner's proposals are not checked. By default none is: as {@link NoveltyCheck#none()}.
         */
        public Builder noveltyCheck(NoveltyCheck check) {
            this.noveltyCheck = Optional.of(Objects.requireNonNull(check, "check"));
            return this;
        }

        /**
         * Starts without the ideas ledger's earlier sessions: their changes are not refused and the
         * model is not shown them. This session's experiments are still added to the ledger.
         */
        public Builder freshMemory(boolean fresh) {
            this.freshMemory = fresh;
            return this;
        }

        /**
         * Decides keeps with {@code rule} instead of the rule program.md's {@code keep} names (made with
         * {@link KeepRules}, or a host's own). The journal still records program.md's rule and confidence.
         */
        public Builder keepRule(KeepRule rule) {
            this.keepRule = Optional.of(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        /**
         * When the session resumes, first brings in the commits made on the user's branch (the
         * checkout's HEAD) since it started or was last rebased, such as a fix after a crash streak:
         * the kept changes are replayed on it, it is measured and recorded as the new baseline (which
         * ends a crash streak), and the replayed champion is the next experiment. A kept change that
         * conflicts stops the session with the files at fault, changing nothing. Off by default; a
         * new session ignores it.
         */
        public Builder rebase(boolean rebase) {
            this.rebase = rebase;
            return this;
        }

        /** A directory inside the user's git checkout; the current directory by default. */
        public Builder repository(Path directory) {
            this.repository = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * The session's name: the branch is {@code autoresearch/<tag>}. Letters, digits, {@code .},
         * {@code _} and {@code -}. By default today's date, as {@code nov28}.
         */
        public Builder tag(String tag) {
            Objects.requireNonNull(tag, "tag");
            if (!SessionFiles.isValidTag(tag)) {
                throw new IllegalArgumentException("tag must be 1-64 letters, digits, '.', '_' or '-' "
                        + "starting with a letter or digit, got '" + tag + "'");
            }
            this.tag = Optional.of(tag);
            return this;
        }

        public Builder program(ProgramSpec spec) {
            this.spec = Objects.requireNonNull(spec, "spec");
            return this;
        }

        /** The strategy: what to try, and how to change the code for it. */
        public Builder strategy(HypothesisGenerator generator, CodeMutator mutator) {
            this.generator = Objects.requireNonNull(generator, "generator");
            this.mutator = Objects.requireNonNull(mutator, "mutator");
            return this;
        }

        /** A strategy that is both generator and mutator. */
        public <S extends HypothesisGenerator & CodeMutator> Builder strategy(S strategy) {
            return strategy(strategy, strategy);
        }

        /** The runner every lane uses (a lane's devices reach it through each request). */
        public Builder runner(ExperimentRunner runner) {
            this.runner = Objects.requireNonNull(runner, "runner");
            return this;
        }

        /**
         * Runs {@code n} experiments at once, each lane in a worktree of its own; by default the
         * program's {@code workers}, else one lane per device group, else one.
         */
        public Builder workers(int n) {
            this.workers = java.util.OptionalInt.of(dev.autoresearch.core.program.ProgramKeys.WORKERS.check(n));
            return this;
        }

        /**
         * The accelerators to share out: {@code perExperiment} to each lane, in order (ids as
         * {@link DeviceList#parse} reads them). Overrides the program's {@code devices}.
         */
        public Builder devices(List<String> ids, int perExperiment) {
            this.devices = Optional.of(new LaneSettings(java.util.OptionalInt.empty(), ids, perExperiment));
            return this;
        }

        /**
         * One lane per runner, for a host that pins its own resources to each; overrides
         * {@link #runner}, {@link #workers} and the devices.
         */
        public Builder lanes(List<ExperimentRunner> runners) {
            Objects.requireNonNull(runners, "runners");
            if (runners.isEmpty()) {
                throw new IllegalArgumentException("lanes needs at least one runner");
            }
            this.laneRunners = List.copyOf(runners);
            return this;
        }

        /**
         * Where the session's files and worktrees go, instead of {@code .autoresearch/<tag>/} at the
         * repository root (or the program's {@code session-dir}): say, storage a cluster's nodes see.
         */
        public Builder sessionDirectory(Path directory) {
            this.sessionDirectory = Optional.of(Objects.requireNonNull(directory, "directory"));
            return this;
        }

        public Builder metrics(MetricExtractor extractor) {
            this.metrics = Objects.requireNonNull(extractor, "extractor");
            return this;
        }

        /**
         * A policy to stop on besides the program's {@code stop} criteria (which always apply);
         * calling it again adds another.
         */
        public Builder stopWhen(StoppingPolicy policy) {
            Objects.requireNonNull(policy, "policy");
            this.extraPolicy = Optional.of(extraPolicy.map(p -> p.or(policy)).orElse(policy));
            return this;
        }

        public Builder listener(ResearchListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** A variable for every run of this session, beside program.md's {@code env}. */
        public Builder environment(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            environment.put(name, value);
            return this;
        }

        /** The clock for timestamps and durations; the system clock by default. */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @throws IllegalStateException naming what is missing, or when the program asks for
         *                               {@code sandbox: true} and a runner does not confine runs
         */
        public ResearchLoop build() {
            if (spec == null) {
                throw new IllegalStateException("no program: call program(ProgramSpec)");
            }
            if (generator == null) {
                throw new IllegalStateException("no strategy: call strategy(generator, mutator)");
            }
            if (runner == null && laneRunners.isEmpty()) {
                throw new IllegalStateException("no runner: call runner(...), e.g. new ProcessRunner()");
            }
            if (metrics == null) {
                throw new IllegalStateException("no metric extractor: call metrics(...), e.g. MetricExtractors.defaults()");
            }
            List<Lane> lanes = lanes();
            if (spec.sandbox().orElse(false) && lanes.stream().anyMatch(l -> !l.runner().confinesRuns())) {
                throw new IllegalStateException(spec.source().map(p -> p + " says").orElse("the program says")
                        + " sandbox: true, but the runner given to runner(...) does not confine runs to their worktree, "
                        + "so they would run unconfined; give it a runner built with a sandbox (autoresearch-runners: "
                        + "ProcessRunner.builder().sandbox(Sandbox.writable(spec.sandboxWritable(), home)).build(), "
                        + "or the host's DefaultComponents, which confine runs as program.md asks), or set sandbox: false");
            }
            StoppingPolicy policy = StoppingPolicies.fromSpec(spec.stop());
            if (spec.search().onPlateau() == SearchSettings.OnPlateau.STOP) {
                policy = policy.or(StoppingPolicies.plateau(spec.search().plateau()));
            }
            if (extraPolicy.isPresent()) {
                StoppingPolicy host = extraPolicy.get();
                policy = policy.or((state, program) -> {
                    try {
                        return Objects.requireNonNull(host.check(state, program), "the policy returned null");
                    } catch (AutoresearchException e) {
                        throw e;
                    } catch (RuntimeException e) {
                        throw new AutoresearchException("the stopping policy given to stopWhen(...) ("
                                + host.getClass().getName() + ") failed: " + e, e);
                    }
                });
            }
            String sessionTag = tag.orElseGet(() -> DateTimeFormatter.ofPattern("MMMd", Locale.ROOT)
                    .withZone(ZoneOffset.UTC).format(clock.instant()).toLowerCase(Locale.ROOT));
            Map<String, String> env = new LinkedHashMap<>(spec.environment());
            env.putAll(environment);
            Path root = repository.toAbsolutePath().normalize();
            Optional<Path> directory = sessionDirectory.map(d -> d.toAbsolutePath().normalize())
                    .or(() -> spec.sessionDirectory().map(d -> root.resolve(d).normalize()));
            // Computed columns derive from what the extractor read, whichever extractor that is.
            MetricExtractor withColumns = ComputedColumn.appendTo(metrics, spec.columns());
            return new ResearchLoop(new Config(root, sessionTag, spec, generator, mutator, lanes, withColumns, policy,
                    List.copyOf(listeners), Map.copyOf(env), clock, directory, rebase, keepRule,
                    search.orElseGet(() -> spec.search().policy()), noveltyCheck, freshMemory));
        }

        private List<Lane> lanes() {
            if (!laneRunners.isEmpty()) {
                return laneRunners.stream().map(r -> new Lane(r, List.of())).toList();
            }
            LaneSettings fromSpec = spec.lanes();
            LaneSettings settings = devices.map(d -> new LaneSettings(workers.isPresent() ? workers : fromSpec.workers(),
                            d.devices(), d.devicesPerExperiment()))
                    .orElse(new LaneSettings(workers.isPresent() ? workers : fromSpec.workers(), fromSpec.devices(),
                            fromSpec.devicesPerExperiment()));
            return settings.laneDevices().stream().map(ids -> new Lane(runner, ids)).toList();
        }
    }
}
