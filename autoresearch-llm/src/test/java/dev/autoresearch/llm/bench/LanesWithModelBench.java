package dev.autoresearch.llm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.StopCriteria;
import dev.autoresearch.core.testing.InProcessRunner;
import dev.autoresearch.core.testing.SimpleMetrics;
import dev.autoresearch.core.testing.TestRepo;
import dev.autoresearch.llm.FakeOpenAiServer;
import dev.autoresearch.llm.FakeOpenAiServer.Answer;
import dev.autoresearch.llm.LlmStrategy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints what lanes give with a model: a stand-in model on loopback (the real langchain4j client
 * and the real edit blocks) that proposes moves of the constants it sees in {@code train.py}, whose
 * four constants sit on consecutive lines, so that changes found side by side meet in git as
 * conflicts. For a few seeds, 1 lane against 4 lanes on the same budget: each session's final best,
 * the experiments lost to a conflict ({@code superseded}) and those made again on a newer champion.
 * A benchmark, not a test.
 *
 * <pre>
 * mvn -B -q -pl autoresearch-llm test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp autoresearch-llm/target/test-classes:autoresearch-llm/target/classes:$(cat autoresearch-llm/target/cp.txt) \
 *     dev.autoresearch.llm.bench.LanesWithModelBench [RUN_SECONDS] [EXPERIMENTS] [SEEDS]
 * </pre>
 */
public final class LanesWithModelBench {
    static final String TRAIN = "LR = 0.002\nWEIGHT_DECAY = 0.5\nWARMUP = 10\nDEPTH = 4\n";
    private static final List<String> NAMES = List.of("LR", "WEIGHT_DECAY", "WARMUP", "DEPTH");
    private static final Pattern SETTING = Pattern.compile("(?m)^([A-Z_]+) = ([0-9.]+)$");
    private static final Pattern EXPERIMENT = Pattern.compile("This is experiment (\\d+)\\.");

    private LanesWithModelBench() {
    }

    /** The loss, to minimize, with its optimum 1 at LR 0.01, WEIGHT_DECAY 0.1, WARMUP 40, DEPTH 9. */
    static double loss(Map<String, Double> v) {
        double lr = Math.log10(v.get("LR") / 0.01);
        double wd = (v.get("WEIGHT_DECAY") - 0.1) * 2;
        double warmup = (v.get("WARMUP") - 40) / 40;
        double depth = (v.get("DEPTH") - 9) / 6;
        return 1 + lr * lr + wd * wd + warmup * warmup + depth * depth;
    }

    static Map<String, Double> settings(String text) {
        Map<String, Double> values = new LinkedHashMap<>();
        Matcher m = SETTING.matcher(text);
        while (m.find()) {
            values.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return values;
    }

    public static void main(String[] args) throws Exception {
        double run = args.length > 0 ? Double.parseDouble(args[0]) : 0.5;
        int experiments = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        int seeds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        System.out.printf(Locale.ROOT, "a stand-in model answering in 0.2 s, runs of %.1f s, %d experiments%n", run,
                experiments);
        System.out.printf(Locale.ROOT, "%5s %6s %12s %12s %12s %8s%n", "seed", "lanes", "final best", "superseded",
                "made again", "wall s");
        for (int seed = 0; seed < seeds; seed++) {
            for (int lanes : new int[] {1, 4}) {
                session(seed, lanes, experiments, run);
            }
        }
    }

    private static void session(int seed, int lanes, int experiments, double run) throws Exception {
        Path dir = Files.createTempDirectory("lanes-with-model");
        TestRepo repo = TestRepo.init(dir.resolve("project"));
        repo.write("train.py", TRAIN).write("program.md", "---\nmetric: loss\ndirection: minimize\nrun: ./train\n"
                + "editable: [train.py]\n---\nLower the loss by changing the constants of train.py.\n").commitAll("initial");
        try (FakeOpenAiServer model = new FakeOpenAiServer()) {
            model.otherwise(request -> standIn(request, seed).after(Duration.ofMillis(200)));
            InProcessRunner runner = new InProcessRunner(request -> {
                if (request.experiment() > 0) {
                    Thread.sleep((long) (run * 1000));
                }
                return InProcessRunner.Outcome.ok("loss: " + loss(settings(Files.readString(
                        request.workingDirectory().resolve("train.py")))) + "\n");
            });
            ProgramSpec spec = ProgramSpec.parse(repo.root().resolve("program.md"))
                    .stop(StopCriteria.DEFAULT.withMaxExperiments(experiments)).build();
            long began = System.nanoTime();
            ResearchReport report = ResearchLoop.builder().repository(repo.root()).tag("m").program(spec)
                    .strategy(LlmStrategy.builder().model(model.model()).build()).runner(runner)
                    .metrics(SimpleMetrics.summaryLines()).workers(lanes).build().run();
            List<ExperimentRecord> history = report.state().history();
            long superseded = history.stream().filter(r -> r.status() == Status.DISCARD
                    && r.reason().contains("superseded")).count();
            long madeAgain = history.stream().filter(r -> r.reason().contains("made again on #")).count();
            System.out.printf(Locale.ROOT, "%5d %6d %12.4f %12d %12d %8.1f%n", seed, lanes,
                    report.bestMetric().orElseThrow(), superseded, madeAgain, (System.nanoTime() - began) / 1e9);
        }
    }

    /**
     * The stand-in model: a move of one constant it sees, chosen from the experiment's number, the seed
     * and how often it was sent back; a correction makes the same move from the value the file has now.
     */
    static Answer standIn(JsonNode request, int seed) {
        List<FakeOpenAiServer.Message> messages = FakeOpenAiServer.messages(request);
        String prompt = messages.get(1).content();
        Matcher m = EXPERIMENT.matcher(prompt);
        int experiment = m.find() ? Integer.parseInt(m.group(1)) : 0;
        Map<String, String> literals = new LinkedHashMap<>();
        Matcher set = SETTING.matcher(prompt);
        while (set.find()) {
            literals.putIfAbsent(set.group(1), set.group(2));
        }
        // Sent back: a reply in this conversation, or an earlier proposal the loop refused (said in the prompt).
        int asks = (messages.size() - 2) / 2 + prompt.split("Your last proposal", -1).length - 1
                + prompt.split("was already tried", -1).length - 1;
        int pick = Math.floorMod(experiment * 7 + seed * 13 + asks * 3, 8);
        String name = NAMES.get(pick % 4);
        boolean up = pick / 4 == 0 ^ (experiment + seed) % 3 == 0;
        String current = literals.getOrDefault(name, "1");
        double from = Double.parseDouble(current);
        String to = switch (name) {
            case "LR" -> String.format(Locale.ROOT, "%.3g", up ? from * 1.6 : from / 1.6).replaceAll("0+$", "");
            case "WEIGHT_DECAY" -> String.format(Locale.ROOT, "%.2f", Math.max(0, up ? from + 0.1 : from - 0.1));
            case "WARMUP" -> Long.toString(Math.max(0, Math.round(up ? from + 8 : from - 8)));
            default -> Long.toString(Math.max(1, Math.round(up ? from + 1 : from - 1)));
        };
        return Answer.reply("HYPOTHESIS: set " + name + " from " + current + " to " + to + "\nRATIONALE: a step "
                + (up ? "up" : "down") + ".\n\ntrain.py\n<<<<<<< SEARCH\n" + name + " = " + current + "\n=======\n"
                + name + " = " + to + "\n>>>>>>> REPLACE\n");
    }

}
