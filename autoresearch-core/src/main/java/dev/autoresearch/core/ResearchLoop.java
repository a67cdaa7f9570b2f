package dev.autoresearch.core;

import dev.autoresearch.core.internal.loop.LoopEngine;

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
 * <p>Experiments run in a linked git worktree on the branch {@code autoresearch/<tag>}; the user's
 * checkout is never touched. Session files ({@code journal.jsonl}, {@code results.tsv},
 * {@code runs/}, {@code patches/}) live in {@code .autoresearch/<tag>/} at the repository root.
 * Running a loop again with the same tag resumes it. Interrupting the thread that runs
 * {@link #run()} finishes the record of the experiment in hand and returns a report.
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

    /** The settings a loop runs with; read by the engine. */
    public record Config(
            Path repository,
            String tag,
            ProgramSpec spec,
            HypothesisGenerator generator,
            CodeMutator mutator,
            ExperimentRunner runner,
            MetricExtractor metrics,
            StoppingPolicy stoppingPolicy,
            List<ResearchListener> listeners,
            Map<String, String> environment,
            InstantSource clock) {
    }

    /** Assembles a loop; {@link #build()} reports anything missing. */
    public static final class Builder {
        private Path repository = Path.of("");
        private Optional<String> tag = Optional.empty();
        private ProgramSpec spec;
        private HypothesisGenerator generator;
        private CodeMutator mutator;
        private ExperimentRunner runner;
        private MetricExtractor metrics;
        private Optional<StoppingPolicy> extraPolicy = Optional.empty();
        private final List<ResearchListener> listeners = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private InstantSource clock = InstantSource.system();

        private Builder() {
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
            if (!tag.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}") || tag.contains("..") || tag.endsWith(".lock")) {
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

        public Builder runner(ExperimentRunner runner) {
            this.runner = Objects.requireNonNull(runner, "runner");
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
         * @throws IllegalStateException naming what is missing
         */
        public ResearchLoop build() {
            if (spec == null) {
                throw new IllegalStateException("no program: call program(ProgramSpec)");
            }
            if (generator == null) {
                throw new IllegalStateException("no strategy: call strategy(generator, mutator)");
            }
            if (runner == null) {
                throw new IllegalStateException("no runner: call runner(...), e.g. new ProcessRunner()");
            }
            if (metrics == null) {
                throw new IllegalStateException("no metric extractor: call metrics(...), e.g. MetricExtractors.defaults()");
            }
            StoppingPolicy policy = StoppingPolicies.fromSpec(spec.stop());
            if (extraPolicy.isPresent()) {
                policy = policy.or(extraPolicy.get());
            }
            String sessionTag = tag.orElseGet(() -> DateTimeFormatter.ofPattern("MMMd", Locale.ROOT)
                    .withZone(ZoneOffset.UTC).format(clock.instant()).toLowerCase(Locale.ROOT));
            Map<String, String> env = new LinkedHashMap<>(spec.environment());
            env.putAll(environment);
            return new ResearchLoop(new Config(repository.toAbsolutePath().normalize(), sessionTag, spec,
                    generator, mutator, runner, metrics, policy, List.copyOf(listeners), Map.copyOf(env), clock));
        }
    }
}
