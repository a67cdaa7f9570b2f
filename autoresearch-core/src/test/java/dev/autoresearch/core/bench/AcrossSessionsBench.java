package dev.autoresearch.core.bench;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.StopCriteria;
import dev.autoresearch.core.ideas.RepeatingModel;
import dev.autoresearch.core.testing.InProcessRunner;
import dev.autoresearch.core.testing.SimpleMetrics;
import dev.autoresearch.core.testing.TestRepo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Prints what the ideas ledger saves across sessions: a first session, then a second on the same
 * repository whose stand-in model proposes the first session's ideas again, in order, before new ones.
 * With the ledger and with fresh memory (as before it): the changes the second session measures again
 * from the code the first measured them on, and the runs the ledger saves. A benchmark, not a test.
 *
 * <pre>
 * mvn -B -q -pl autoresearch-core test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp autoresearch-core/target/test-classes:autoresearch-core/target/classes:$(cat autoresearch-core/target/cp.txt) \
 *     dev.autoresearch.core.bench.AcrossSessionsBench [EXPERIMENTS] [SEED]
 * </pre>
 */
public final class AcrossSessionsBench {
    private static final List<String> NAMES = List.of("LR", "WARMUP", "DEPTH");

    private AcrossSessionsBench() {
    }

    public static void main(String[] args) throws Exception {
        int experiments = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 7;
        List<RepeatingModel.Step> first = ideas(new Random(seed), 4 * experiments);
        List<RepeatingModel.Step> fresh = ideas(new Random(seed + 1), 4 * experiments);
        System.out.printf(Locale.ROOT, "two sessions of %d experiments; the second's model first repeats every"
                + " proposal of the first%n", experiments);
        System.out.printf(Locale.ROOT, "%-14s %24s %12s %14s%n", "memory", "measured again from", "runs saved",
                "second's runs");
        System.out.printf(Locale.ROOT, "%-14s %24s%n", "", "the same code");
        for (boolean ledger : new boolean[] {false, true}) {
            Path dir = Files.createTempDirectory("across-sessions");
            TestRepo repo = TestRepo.init(dir.resolve("project"));
            repo.write("params.txt", "LR=5\nWARMUP=5\nDEPTH=5\n").commitAll("initial");
            InProcessRunner runner = new InProcessRunner(request -> InProcessRunner.Outcome.ok("score: "
                    + loss(Files.readString(request.workingDirectory().resolve("params.txt"))) + "\n"));
            RepeatingModel firstModel = RepeatingModel.of(first.toArray(RepeatingModel.Step[]::new));
            ResearchReport one = session(repo, "first", firstModel, runner, experiments, false);
            // Every proposal the first model made, in order, before new ones.
            List<RepeatingModel.Step> again = new ArrayList<>(first.subList(0, firstModel.asked().size()));
            again.addAll(fresh);
            RepeatingModel model = RepeatingModel.of(again.toArray(RepeatingModel.Step[]::new));
            int runsBefore = runner.requests().size();
            ResearchReport two = session(repo, "second", model, runner, experiments, !ledger);
            Set<String> measuredFirst = codes(repo, one);
            int measuredAgain = 0;
            for (String code : codes(repo, two)) {
                measuredAgain += measuredFirst.contains(code) ? 1 : 0;
            }
            long saved = model.feedback().stream().filter(f -> f.contains("earlier session")).count();
            System.out.printf(Locale.ROOT, "%-14s %24d %12d %14d%n", ledger ? "ideas ledger" : "fresh memory",
                    measuredAgain, saved, runner.requests().size() - runsBefore);
        }
    }

    private static ResearchReport session(TestRepo repo, String tag, RepeatingModel model, InProcessRunner runner,
                                          int experiments, boolean freshMemory) {
        ProgramSpec spec = ProgramSpec.builder().metric("score").direction(Direction.MINIMIZE).run("./train")
                .editable("params.txt").stop(StopCriteria.DEFAULT.withMaxExperiments(experiments)).build();
        return ResearchLoop.builder().repository(repo.root()).tag(tag).program(spec).strategy(model).runner(runner)
                .metrics(SimpleMetrics.summaryLines()).freshMemory(freshMemory).build().run();
    }

    /** "parentTree tree" of every change a session measured. */
    private static Set<String> codes(TestRepo repo, ResearchReport report) {
        Set<String> codes = new HashSet<>();
        for (ExperimentRecord r : report.state().history()) {
            if (!r.isBaseline() && r.lane() > 0 && !r.commit().equals(r.parent())) {
                codes.add(repo.git("rev-parse", r.parent() + "^{tree}") + " " + repo.git("rev-parse", r.commit() + "^{tree}"));
            }
        }
        return codes;
    }

    /** Ideas that each set the three settings to values from 1 to 9 (a whole file, as a model's edit would). */
    private static List<RepeatingModel.Step> ideas(Random random, int n) {
        List<RepeatingModel.Step> steps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder text = new StringBuilder();
            StringBuilder title = new StringBuilder("set");
            for (String s : NAMES) {
                int value = 1 + random.nextInt(9);
                text.append(s).append('=').append(value).append('\n');
                title.append(' ').append(s).append('=').append(value);
            }
            steps.add(new RepeatingModel.Step(title.toString(), "", Map.of("params.txt", text.toString())));
        }
        return steps;
    }

    /** The loss: each setting's distance from its best (LR 3, WARMUP 7, DEPTH 4), squared. */
    static double loss(String params) {
        Map<String, Integer> best = Map.of("LR", 3, "WARMUP", 7, "DEPTH", 4);
        double loss = 0;
        for (String line : params.strip().split("\n")) {
            String[] kv = line.split("=");
            double d = Integer.parseInt(kv[1].strip()) - best.get(kv[0]);
            loss += d * d;
        }
        return loss;
    }
}
