package dev.autoresearch.llm.bench;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.StopCriteria;
import dev.autoresearch.core.testing.InProcessRunner;
import dev.autoresearch.core.testing.SimpleMetrics;
import dev.autoresearch.core.testing.TestRepo;
import dev.autoresearch.llm.FakeOpenAiServer;
import dev.autoresearch.llm.LlmStrategy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Prints whether a session with a model runs its budget under each search policy: the stand-in model
 * of {@link LanesWithModelBench} (on loopback, through the real langchain4j client and edit blocks),
 * which proposes moves of the constants it sees, so that on one hill it soon proposes what was tried
 * and is refused. For a few seeds, one lane and a budget of {@code max-experiments}, per policy: the
 * experiments that ran, those recorded without a run (refused or already measured), the final best
 * and why the session stopped. A benchmark, not a test.
 *
 * <pre>
 * java -cp ... dev.autoresearch.llm.bench.SearchWithModelBench [EXPERIMENTS=125] [SEEDS=3] [SEARCH...]
 * </pre>
 *
 * <p>{@code SEARCH} is program.md's {@code search} value, {@code greedy} (the default, written as no
 * line), {@code tree} or {@code islands}.
 */
public final class SearchWithModelBench {
    /** The policies compared when none is named. */
    private static final List<String> POLICIES = List.of("greedy", "tree", "islands");

    private SearchWithModelBench() {
    }

    public static void main(String[] args) throws Exception {
        int experiments = args.length > 0 ? Integer.parseInt(args[0]) : 125;
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<String> policies = args.length > 2 ? Arrays.asList(args).subList(2, args.length) : POLICIES;
        System.out.printf(Locale.ROOT, "a stand-in model answering at once, runs taking no time, 1 lane, "
                + "max-experiments %d%n", experiments);
        System.out.printf(Locale.ROOT, "%-8s %5s %6s %8s %11s %11s  %s%n", "search", "seed", "asked", "ran",
                "never ran", "final best", "stopped by");
        for (String search : policies) {
            for (int seed = 0; seed < seeds; seed++) {
                session(search, seed, experiments);
            }
        }
    }

    private static void session(String search, int seed, int experiments) throws Exception {
        Path dir = Files.createTempDirectory("search-with-model");
        TestRepo repo = TestRepo.init(dir.resolve("project"));
        String searchLine = search.equals("greedy") ? "" : "search: " + search + "\n";
        repo.write("train.py", LanesWithModelBench.TRAIN).write("program.md", "---\nmetric: loss\ndirection: minimize\n"
                + "run: ./train\neditable: [train.py]\n" + searchLine + "---\n"
                + "Lower the loss by changing the constants of train.py.\n").commitAll("initial");
        try (FakeOpenAiServer model = new FakeOpenAiServer()) {
            model.otherwise(request -> LanesWithModelBench.standIn(request, seed));
            InProcessRunner runner = new InProcessRunner(request -> InProcessRunner.Outcome.ok("loss: "
                    + LanesWithModelBench.loss(LanesWithModelBench.settings(Files.readString(
                    request.workingDirectory().resolve("train.py")))) + "\n"));
            ProgramSpec spec = ProgramSpec.parse(repo.root().resolve("program.md"))
                    .stop(StopCriteria.DEFAULT.withMaxExperiments(experiments)).build();
            ResearchReport report = ResearchLoop.builder().repository(repo.root()).tag("m").program(spec)
                    .strategy(LlmStrategy.builder().model(model.model()).build()).runner(runner)
                    .metrics(SimpleMetrics.summaryLines()).workers(1).build().run();
            List<ExperimentRecord> records = report.state().history().stream().filter(r -> !r.isBaseline()).toList();
            long ran = records.stream().filter(r -> r.metric().isPresent()).count();
            System.out.printf(Locale.ROOT, "%-8s %5d %6d %8d %11d %11.4f  %s: %s%n", search, seed, experiments, ran,
                    records.size() - ran, report.bestMetric().orElseThrow(),
                    report.stopReason().kind().name().toLowerCase(Locale.ROOT).replace('_', '-'), report.stopReason().message());
        }
    }
}
