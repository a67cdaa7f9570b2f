package dev.autoresearch.llm.bench;

import dev.autoresearch.core.ideas.IdeaText;
import dev.autoresearch.core.ideas.NearDuplicate;
import dev.autoresearch.llm.EmbeddingNoveltyCheck;
import dev.autoresearch.llm.LabelledIdeaPairs;
import dev.autoresearch.llm.LabelledIdeaPairs.Pair;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Prints how well the near-duplicate check does on the labelled pairs in {@code novelty/labelled-pairs.txt}:
 * for a few thresholds, the precision and recall of a refusal, the share of distinct ideas refused and of
 * paraphrases caught; at the default threshold, each pair it gets wrong (with why, or the similarity and the bar
 * it missed), and the same figures on the held-out sets beside it (the first four served to develop the idea
 * signature or to choose the model; with {@code --fifth}, the fifth, written before any other model was tried and
 * measured once, at the end); then the model's load time, the milliseconds per check (median) against ledgers of
 * 1 and 1,000 measured ideas, and the size of the jars the model brings. {@code --model CLASS} and
 * {@code --unrelated X} try another langchain4j in-process model and its similarity of unrelated ideas. A
 * benchmark, not a test.
 *
 * <pre>
 * mvn -B -q -pl autoresearch-llm -am test-compile
 * mvn -B -q -pl autoresearch-llm dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp autoresearch-llm/target/test-classes:autoresearch-llm/target/classes:autoresearch-core/target/classes:$(cat autoresearch-llm/target/cp.txt) \
 *     dev.autoresearch.llm.bench.NearDuplicatesBench [CHECKS] [--fifth] [--model CLASS --unrelated X]
 * </pre>
 */
public final class NearDuplicatesBench {
    private static final double[] THRESHOLDS = {0.55, 0.60, 0.65, 0.70, 0.75, 0.80, 0.85, 0.90};

    private NearDuplicatesBench() {
    }

    public static void main(String[] args) throws Exception {
        int checks = 200;
        String modelClass = BgeSmallEnV15QuantizedEmbeddingModel.class.getName();
        double unrelated = EmbeddingNoveltyCheck.DEFAULT_UNRELATED;
        List<String> sets = new ArrayList<>(List.of("held-out-pairs.txt", "second-held-out-pairs.txt",
                "third-held-out-pairs.txt", "fourth-held-out-pairs.txt"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--model" -> modelClass = args[++i];
                case "--unrelated" -> unrelated = Double.parseDouble(args[++i]);
                case "--fifth" -> sets.add("fifth-held-out-pairs.txt");
                default -> checks = Integer.parseInt(args[i]);
            }
        }
        long start = System.nanoTime();
        EmbeddingModel model = (EmbeddingModel) Class.forName(modelClass).getConstructor().newInstance();
        model.embed("warm up");
        double loadMs = (System.nanoTime() - start) / 1e6;

        List<Pair> pairs = LabelledIdeaPairs.load();
        long duplicates = pairs.stream().filter(Pair::duplicate).count();
        System.out.printf(Locale.ROOT, "%d labelled pairs: %d duplicates (%d paraphrases), %d distinct%n", pairs.size(),
                duplicates, pairs.stream().filter(p -> p.kind().equals("paraphrase")).count(),
                pairs.size() - duplicates);
        System.out.printf(Locale.ROOT, "%9s %9s %9s %16s %18s%n", "threshold", "precision", "recall",
                "distinct refused", "paraphrases caught");
        for (double threshold : THRESHOLDS) {
            Score s = score(new EmbeddingNoveltyCheck(model, unrelated, threshold), pairs, false);
            System.out.printf(Locale.ROOT, "%9.2f %9.3f %9.3f %10d (%4.1f%%) %12d (%4.1f%%)%s%n", threshold,
                    s.precision(), s.recall(), s.distinctRefused, 100.0 * s.distinctRefused / s.distinct,
                    s.paraphrasesCaught, 100.0 * s.paraphrasesCaught / s.paraphrases,
                    threshold == EmbeddingNoveltyCheck.DEFAULT_THRESHOLD ? "   <- default" : "");
        }
        System.out.printf(Locale.ROOT, "%nat the default threshold %.2f, the pairs it gets wrong:%n",
                EmbeddingNoveltyCheck.DEFAULT_THRESHOLD);
        score(new EmbeddingNoveltyCheck(model, unrelated, EmbeddingNoveltyCheck.DEFAULT_THRESHOLD), pairs, true);

        for (String file : sets) {
            List<Pair> heldOut = LabelledIdeaPairs.load(file);
            EmbeddingNoveltyCheck check = new EmbeddingNoveltyCheck(model, unrelated,
                    EmbeddingNoveltyCheck.DEFAULT_THRESHOLD);
            Score h = score(check, heldOut, false);
            System.out.printf(Locale.ROOT, "%n%s, %d pairs, at %.2f: precision %.3f, recall %.3f, distinct refused"
                    + " %d of %d (%.1f%%), paraphrases caught %d of %d (%.1f%%: %d of %d with their change made, %d of"
                    + " %d by their words alone); wrong:%n", file, heldOut.size(),
                    EmbeddingNoveltyCheck.DEFAULT_THRESHOLD, h.precision(), h.recall(), h.distinctRefused, h.distinct,
                    100.0 * h.distinctRefused / h.distinct, h.paraphrasesCaught, h.paraphrases,
                    100.0 * h.paraphrasesCaught / h.paraphrases, h.paraphrasesMadeCaught, h.paraphrasesMade,
                    h.paraphrasesCaught - h.paraphrasesMadeCaught, h.paraphrases - h.paraphrasesMade);
            score(check, heldOut, true);
        }

        System.out.printf(Locale.ROOT, "%nmodel load (%s from its jar, first embedding included): %.0f ms%n",
                model.getClass().getSimpleName(), loadMs);
        timeChecks(model, unrelated, pairs, 1, checks);
        timeChecks(model, unrelated, pairs, 1000, checks);
        jarSizes(model);
    }

    private static final class Score {
        int truePositives;
        int falsePositives;
        int falseNegatives;
        int distinct;
        int distinctRefused;
        int paraphrases;
        int paraphrasesCaught;
        /** Paraphrases whose proposal has its change made, as the proposer checks them. */
        int paraphrasesMade;
        int paraphrasesMadeCaught;

        double precision() {
            return truePositives + falsePositives == 0 ? 1 : (double) truePositives / (truePositives + falsePositives);
        }

        double recall() {
            return (double) truePositives / (truePositives + falseNegatives);
        }
    }

    private static Score score(EmbeddingNoveltyCheck check, List<Pair> pairs, boolean printMistakes) {
        Score s = new Score();
        for (Pair p : pairs) {
            Optional<NearDuplicate> found = check.nearest(p.proposal(), List.of(p.earlier()));
            boolean refused = found.isPresent();
            if (p.duplicate()) {
                s.truePositives += refused ? 1 : 0;
                s.falseNegatives += refused ? 0 : 1;
            } else {
                s.distinct++;
                s.distinctRefused += refused ? 1 : 0;
                s.falsePositives += refused ? 1 : 0;
            }
            if (p.kind().equals("paraphrase")) {
                s.paraphrases++;
                s.paraphrasesCaught += refused ? 1 : 0;
                if (!p.proposal().change().isEmpty()) {
                    s.paraphrasesMade++;
                    s.paraphrasesMadeCaught += refused ? 1 : 0;
                }
            }
            if (printMistakes && refused != p.duplicate()) {
                System.out.printf(Locale.ROOT, "  line %3d %-13s %s: \"%s\" / \"%s\"%n      %s%n", p.line(), p.kind(),
                        refused ? "refused" : "let through", p.earlier().hypothesis(), p.proposal().hypothesis(),
                        found.map(NearDuplicate::why).orElseGet(() -> check.explain(p.proposal(), p.earlier())));
            }
        }
        return s;
    }

    /** The median time of a check of a proposal not seen before against a ledger whose ideas were seen. */
    private static void timeChecks(EmbeddingModel model, double unrelated, List<Pair> pairs, int ledgerSize, int checks) {
        EmbeddingNoveltyCheck check = new EmbeddingNoveltyCheck(model, unrelated,
                EmbeddingNoveltyCheck.DEFAULT_THRESHOLD);
        List<IdeaText> ledger = new ArrayList<>();
        for (int i = 0; ledger.size() < ledgerSize; i++) {
            IdeaText idea = pairs.get(i % pairs.size()).earlier();
            ledger.add(new IdeaText("ledger/" + i, idea.hypothesis() + (i < pairs.size() ? "" : " (try " + i + ")"),
                    idea.change()));
        }
        check.nearest(new IdeaText("warm", "warm up the ledger", ""), ledger);
        double[] ms = new double[checks];
        for (int i = 0; i < checks; i++) {
            IdeaText proposal = pairs.get(i % pairs.size()).proposal();
            IdeaText fresh = new IdeaText("timed/" + i, proposal.hypothesis() + " (variant " + i + ")",
                    proposal.change());
            long t = System.nanoTime();
            check.nearest(fresh, ledger);
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "a check against %,d measured ideas: median %.2f ms, 90th percentile %.2f ms"
                + " (%d checks)%n", ledgerSize, ms[checks / 2], ms[checks * 9 / 10], checks);
    }

    private static void jarSizes(EmbeddingModel model) throws Exception {
        Set<Path> jars = new LinkedHashSet<>();
        for (String name : List.of(model.getClass().getName(), "dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder", "ai.onnxruntime.OrtEnvironment",
                "ai.djl.huggingface.tokenizers.HuggingFaceTokenizer", "ai.djl.Device", "com.google.gson.Gson",
                "com.google.errorprone.annotations.CanIgnoreReturnValue", "com.sun.jna.Native",
                "org.apache.commons.compress.archivers.ArchiveEntry", "org.apache.commons.codec.binary.Hex",
                "org.apache.commons.io.IOUtils")) {
            Class<?> c = Class.forName(name, false, NearDuplicatesBench.class.getClassLoader());
            jars.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()));
        }
        long total = 0;
        System.out.println("\nthe jars the embedding model adds:");
        for (Path jar : jars) {
            long size = Files.size(jar);
            total += size;
            System.out.printf(Locale.ROOT, "  %8.1f MB  %s%n", size / 1e6, jar.getFileName());
        }
        System.out.printf(Locale.ROOT, "  %8.1f MB  in all%n", total / 1e6);
    }
}
