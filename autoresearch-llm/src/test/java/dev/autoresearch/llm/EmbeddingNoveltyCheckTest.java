package dev.autoresearch.llm;

import dev.autoresearch.core.ideas.IdeaText;
import dev.autoresearch.core.ideas.NearDuplicate;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddingNoveltyCheckTest {
    private static EmbeddingNoveltyCheck check;

    @BeforeAll
    static void loadTheModelOnce() {
        check = new EmbeddingNoveltyCheck(EmbeddingNoveltyCheck.DEFAULT_THRESHOLD);
    }

    private static String diff(String removed, String added) {
        return "--- a/train.py\n+++ b/train.py\n@@ -3,1 +3,1 @@\n-" + removed + "\n+" + added + "\n";
    }

    private static final IdeaText RAISED_LR = new IdeaText("2026-12-07/14",
            "Raise the learning rate so the model converges faster", diff("LR = 0.01", "LR = 0.02"));

    @Test
    void catchesAParaphraseOfAMeasuredIdeaBeforeItsChangeIsMade() {
        IdeaText proposal = new IdeaText("2026-12-08/3", "Increase the learning rate to speed up convergence", "");

        Optional<NearDuplicate> found = check.nearest(proposal, List.of(
                new IdeaText("2026-12-07/2", "Add dropout after the attention block", diff("DROPOUT = 0.0", "DROPOUT = 0.1")),
                RAISED_LR));

        assertThat(found).isPresent();
        assertThat(found.get().earlier()).isEqualTo(RAISED_LR);
        assertThat(found.get().why()).contains("2026-12-07/14").contains("other words");
        assertThat(found.get().similarity()).isBetween(EmbeddingNoveltyCheck.DEFAULT_THRESHOLD, 1.0);
    }

    @Test
    void catchesTheSameSettingMovedTheSameWayByAHair() {
        IdeaText proposal = new IdeaText("2026-12-08/4", "Try a learning rate of 0.021",
                diff("LR = 0.01", "LR = 0.021"));

        Optional<NearDuplicate> found = check.nearest(proposal, List.of(RAISED_LR));

        assertThat(found).isPresent();
        assertThat(found.get().why()).contains("2026-12-07/14").contains("LR").contains("0.02").contains("0.021");
    }

    @Test
    void letsTheOppositeDirectionThrough() {
        IdeaText lowered = new IdeaText("2026-12-08/5", "Lower the learning rate so the model converges better",
                diff("LR = 0.01", "LR = 0.005"));
        IdeaText loweredInWords = new IdeaText("2026-12-08/6", "Lower the learning rate so the model converges faster", "");

        assertThat(check.nearest(lowered, List.of(RAISED_LR))).isEmpty();
        assertThat(check.nearest(loweredInWords, List.of(RAISED_LR))).isEmpty();
    }

    @Test
    void letsADistinctIdeaOnTheSameNameThrough() {
        IdeaText gelu = new IdeaText("2026-12-07/9", "Switch the MLP activation to GELU",
                diff("ACTIVATION = \"relu\"", "ACTIVATION = \"gelu\""));
        IdeaText silu = new IdeaText("2026-12-08/7", "Switch the MLP activation to SiLU",
                diff("ACTIVATION = \"relu\"", "ACTIVATION = \"silu\""));
        IdeaText muchHigher = new IdeaText("2026-12-08/8", "Raise the learning rate a lot, to 0.1",
                diff("LR = 0.01", "LR = 0.1"));

        assertThat(check.nearest(silu, List.of(gelu))).isEmpty();
        assertThat(check.nearest(muchHigher, List.of(RAISED_LR))).isEmpty();
    }

    @Test
    void catchesAParaphraseThatNamesWhatTheEarlierChangeMovedTheSameWay() {
        IdeaText smaller = new IdeaText("2026-12-07/3", "Reduce the image resolution to train faster",
                diff("IMAGE_SIZE = 224", "IMAGE_SIZE = 160"));
        IdeaText inOtherWords = new IdeaText("2026-12-08/9", "Train on smaller images to speed up each epoch", "");
        IdeaText lessOften = new IdeaText("2026-12-07/4", "Run the evaluation less often to save training time",
                diff("EVAL_EVERY = 100", "EVAL_EVERY = 500"));
        IdeaText lessOftenInOtherWords = new IdeaText("2026-12-08/10",
                "Evaluate less frequently so more of the budget goes to training", "");

        Optional<NearDuplicate> found = check.nearest(inOtherWords, List.of(smaller));

        assertThat(found).isPresent();
        assertThat(found.get().why()).contains("2026-12-07/3").contains("IMAGE_SIZE").contains("lower");
        // The interval rises where the words say "less often": the words of both are what compare.
        assertThat(check.nearest(lessOftenInOtherWords, List.of(lessOften))).isPresent();
    }

    @Test
    void letsThroughTheSameSentenceAboutSomethingElse() {
        IdeaText training = new IdeaText("2026-12-07/5", "Shuffle the training data every epoch",
                diff("SHUFFLE = False", "SHUFFLE = True"));
        IdeaText validation = new IdeaText("2026-12-08/11", "Shuffle the validation data every epoch", "");
        IdeaText zero = new IdeaText("2026-12-07/6", "Initialise the output layer weights to zero",
                diff("nn.init.normal_(self.head.weight, std=0.02)", "nn.init.zeros_(self.head.weight)"));
        IdeaText orthogonal = new IdeaText("2026-12-08/12", "Initialise the output layer weights orthogonally", "");

        assertThat(check.nearest(validation, List.of(training))).isEmpty();
        assertThat(check.nearest(orthogonal, List.of(zero))).isEmpty();
    }

    @Test
    void meetsItsTargetsOnTheLabelledPairs() {
        List<LabelledIdeaPairs.Pair> pairs = LabelledIdeaPairs.load();
        int distinct = 0;
        int distinctRefused = 0;
        int paraphrases = 0;
        int paraphrasesCaught = 0;
        for (LabelledIdeaPairs.Pair p : pairs) {
            boolean refused = check.nearest(p.proposal(), List.of(p.earlier())).isPresent();
            if (!p.duplicate()) {
                distinct++;
                distinctRefused += refused ? 1 : 0;
            } else if (p.kind().equals("paraphrase")) {
                paraphrases++;
                paraphrasesCaught += refused ? 1 : 0;
            }
        }

        assertThat(pairs).hasSizeGreaterThanOrEqualTo(100);
        assertThat((double) distinctRefused / distinct).as("share of distinct ideas refused").isLessThanOrEqualTo(0.05);
        assertThat((double) paraphrasesCaught / paraphrases).as("share of paraphrases caught").isGreaterThanOrEqualTo(0.80);
    }

    @Test
    void answersThreadsCheckingAtOnceAsItAnswersOne() throws Exception {
        List<LabelledIdeaPairs.Pair> pairs = LabelledIdeaPairs.load().subList(0, 40);
        List<IdeaText> ledger = pairs.stream().map(LabelledIdeaPairs.Pair::earlier).toList();
        EmbeddingNoveltyCheck fresh = new EmbeddingNoveltyCheck(EmbeddingNoveltyCheck.DEFAULT_THRESHOLD);
        List<Callable<List<String>>> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(() -> pairs.stream().map(p -> repeated(fresh, p.proposal(), ledger)).toList());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> answers = pool.invokeAll(threads, 2, TimeUnit.MINUTES);
            List<String> alone = pairs.stream().map(p -> repeated(check, p.proposal(), ledger)).toList();
            for (Future<List<String>> answer : answers) {
                assertThat(answer.get()).isEqualTo(alone);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String repeated(EmbeddingNoveltyCheck check, IdeaText proposal, List<IdeaText> ledger) {
        return check.nearest(proposal, ledger).map(d -> d.earlier().id()).orElse("new");
    }

    @Test
    void findsNothingInAnEmptyMemory() {
        assertThat(check.nearest(RAISED_LR, List.of())).isEmpty();
    }

    @Test
    void refusesAThresholdOutsideZeroToOne() {
        assertThatThrownBy(() -> new EmbeddingNoveltyCheck(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("novelty").hasMessageContaining("1.5").hasMessageContaining("none()");
    }

    @Test
    void refusesASimilarityOfUnrelatedIdeasOutsideZeroToOne() {
        EmbeddingModel constant = texts -> Response.from(texts.stream().map(t -> Embedding.from(new float[] {1, 0}))
                .toList());

        assertThatThrownBy(() -> new EmbeddingNoveltyCheck(constant, 1.0, 0.75))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unrelated").hasMessageContaining("1.0").hasMessageContaining("give 0");
    }

    @Test
    void measuresSimilarityFromWhatTheModelGivesUnrelatedIdeas() {
        // Two hypotheses the model places at a cosine of 0.6, under no change: 0.6 passes 0.5, and rescaled from an
        // unrelated similarity of 0.4 it is (0.6 - 0.4) / 0.6 = 0.33, which does not.
        EmbeddingModel twoPoints = texts -> Response.from(texts.stream().map(t -> Embedding.from(t.text()
                .startsWith("Cache") ? new float[] {1, 0} : new float[] {0.6f, 0.8f})).toList());
        IdeaText earlier = new IdeaText("2026-12-07/1", "Cache the parsed templates", "");
        IdeaText proposal = new IdeaText("2026-12-08/1", "Keep compiled templates around", "");

        assertThat(new EmbeddingNoveltyCheck(twoPoints, 0.5).nearest(proposal, List.of(earlier))).isPresent();
        assertThat(new EmbeddingNoveltyCheck(twoPoints, 0.4, 0.5).nearest(proposal, List.of(earlier))).isEmpty();
    }
}
