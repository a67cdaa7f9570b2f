package dev.autoresearch.llm;

import dev.autoresearch.core.ideas.IdeaText;
import dev.autoresearch.core.ideas.NearDuplicate;
import dev.autoresearch.core.ideas.NoveltyCheck;
import dev.autoresearch.llm.internal.ChangeShape;
import dev.autoresearch.llm.internal.HypothesisWords;
import dev.autoresearch.llm.internal.IdeaComparison;
import dev.autoresearch.llm.internal.IdeaVerdict;
import dev.autoresearch.llm.internal.SimilarityBar;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A novelty check that refuses a proposal repeating a measured idea: the same edit; the same settings moved the
 * same way to values within a tenth of the move of each other; or, when the changes do not decide, a hypothesis
 * that says the same in other words (cosine similarity of sentence embeddings at or above a bar that the two
 * ideas' signatures move from the threshold: lower for the same setting moved the same way, higher for the same
 * sentence about something else; {@code SimilarityBar}).
 * Opposite directions, other settings, other values, and the same lines edited into something else are never
 * refused, whatever the words' similarity. The default model, BGE-small-en-v1.5 quantised to 8 bits, runs in
 * process from its jar (25 MB): nothing is downloaded. Safe for use from several threads. What it reads of an
 * idea (its embedding, 1.5 KB, and its change's shape) is kept for the 50,000 ideas seen most recently, so that
 * a ledger is embedded once, not per check.
 */
public final class EmbeddingNoveltyCheck implements NoveltyCheck {
    /**
     * The threshold chosen on the labelled pairs in this module's tests, where it refuses 2% of the distinct ideas
     * and catches 95% of the paraphrases; on pairs it was not developed on, it catches far fewer (the README's
     * "Near-duplicates").
     */
    public static final double DEFAULT_THRESHOLD = 0.75;
    /**
     * The cosine similarity the default model gives sentences about unrelated changes in one domain, taken as 0:
     * BGE's similarities crowd above 0.5 where all-MiniLM-L6-v2's spread from 0, and the bars were chosen on
     * the latter's scale. Chosen with the threshold on the labelled pairs and the first four held-out sets.
     */
    public static final double DEFAULT_UNRELATED = 0.2;
    /**
     * Values this close, as a share of the longer move, are one value. A proposal that lands within a tenth of
     * the earlier move asks what that run answered, up to noise; the tuner's first step is 1/8 of a range, so a
     * tenth of a move is finer than any step it takes before it narrows in.
     */
    private static final double VALUE_STEP = 0.10;
    private static final int REMEMBERED = 50_000;
    private static final int QUOTED = 100;

    private final EmbeddingModel model;
    private final double unrelated;
    private final double threshold;
    private final IdeaComparison comparison = new IdeaComparison(VALUE_STEP);
    private final Map<IdeaText, Profile> profiles = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<IdeaText, Profile> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** A check with BGE-small-en-v1.5, loaded from its jar now: seconds, so make one for a session, not one per check. */
    public EmbeddingNoveltyCheck(double threshold) {
        this(validated(threshold), new BgeSmallEnV15QuantizedEmbeddingModel(), DEFAULT_UNRELATED);
    }

    /** A check with another langchain4j embedding model, whose vectors compare by cosine similarity. */
    public EmbeddingNoveltyCheck(EmbeddingModel model, double threshold) {
        this(model, 0, threshold);
    }

    /**
     * A check with another langchain4j embedding model whose cosine similarities crowd near 1 (as BGE's and E5's
     * do): {@code unrelated}, the similarity it gives two unrelated sentences, is mapped to 0 and 1 stays 1, so
     * that the threshold means what it means for a model that spreads them from 0.
     */
    public EmbeddingNoveltyCheck(EmbeddingModel model, double unrelated, double threshold) {
        this(validated(threshold), Objects.requireNonNull(model, "model"), unrelated);
        if (!(unrelated >= 0 && unrelated < 1)) {
            throw new IllegalArgumentException("the similarity of unrelated sentences must be at least 0 and under 1,"
                    + " got " + unrelated + "; give 0 for a model whose similarities spread from 0");
        }
    }

    private EmbeddingNoveltyCheck(double threshold, EmbeddingModel model, double unrelated) {
        this.model = model;
        this.unrelated = unrelated;
        this.threshold = threshold;
    }

    private static double validated(double threshold) {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("the novelty threshold must be above 0 and at most 1, got " + threshold
                    + "; to turn the check off use NoveltyCheck.none() (the key novelty: 0)");
        }
        return threshold;
    }

    /** The similarity at or above which two hypotheses, whose changes do not decide, are the same idea. */
    public double threshold() {
        return threshold;
    }

    @Override
    public Optional<NearDuplicate> nearest(IdeaText candidate, List<IdeaText> measured) {
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(measured, "measured");
        Profile here = profile(candidate);
        double lowest = SimilarityBar.lowest(threshold);
        NearDuplicate best = null;
        for (IdeaText earlier : measured) {
            Profile there = profile(earlier);
            double similarity = cosine(here.embedding, there.embedding);
            if (similarity < lowest && !IdeaComparison.changesCanRepeat(here.shape, there.shape)) {
                continue; // the common case in a long ledger: a dot product, and nothing else
            }
            if (verdict(here, there, similarity) instanceof IdeaVerdict.Repeats repeats) {
                if (best == null || repeats.similarity() > best.similarity()) {
                    best = new NearDuplicate(earlier, repeats.similarity(), "it repeats " + label(earlier) + ": "
                            + repeats.why());
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Why {@code candidate} does or does not repeat {@code earlier}, in words: what the changes decided, else the
     * similarity of the words against the bar it had to reach. For reviewing the check's answers.
     */
    public String explain(IdeaText candidate, IdeaText earlier) {
        Profile here = profile(Objects.requireNonNull(candidate, "candidate"));
        Profile there = profile(Objects.requireNonNull(earlier, "earlier"));
        double similarity = cosine(here.embedding, there.embedding);
        IdeaVerdict verdict = verdict(here, there, similarity);
        if (verdict instanceof IdeaVerdict.Repeats repeats) {
            return "repeats: " + repeats.why();
        }
        if (verdict instanceof IdeaVerdict.Differs differs) {
            return "differs: " + differs.why();
        }
        return String.format(Locale.ROOT, "new: similarity %.2f, under the bar (%s)", similarity,
                SimilarityBar.describe(bar(here, there)));
    }

    /** What the changes decide, else the words against their bar; {@code Undecided} when under it. */
    private IdeaVerdict verdict(Profile here, Profile there, double similarity) {
        IdeaVerdict verdict = comparison.compare(here.shape, here.words, there.shape, there.words);
        if (verdict instanceof IdeaVerdict.Undecided) {
            SimilarityBar.Bar bar = bar(here, there);
            if (similarity >= bar.needed()) {
                return new IdeaVerdict.Repeats(similarity, String.format(Locale.ROOT,
                        "the same idea in other words (similarity %.2f, %s)", similarity, SimilarityBar.describe(bar)));
            }
        }
        return verdict;
    }

    private SimilarityBar.Bar bar(Profile here, Profile there) {
        return SimilarityBar.of(here.shape, here.words, there.shape, there.words, threshold);
    }

    private static String label(IdeaText idea) {
        String words = idea.hypothesis().strip().replaceAll("\\s+", " ");
        return idea.id() + " (\"" + (words.length() > QUOTED ? words.substring(0, QUOTED - 3) + "..." : words) + "\")";
    }

    private Profile profile(IdeaText idea) {
        synchronized (profiles) {
            Profile known = profiles.get(idea);
            if (known != null) {
                return known;
            }
        }
        // Embedding takes milliseconds: outside the lock, so that threads checking other ideas do not wait.
        Profile made = new Profile(ChangeShape.of(idea.change()), HypothesisWords.of(idea.hypothesis()),
                embed(idea.hypothesis()));
        synchronized (profiles) {
            profiles.put(idea, made);
        }
        return made;
    }

    private float[] embed(String hypothesis) {
        return hypothesis.isBlank() ? new float[0] : unit(model.embed(hypothesis).content().vector());
    }

    private static float[] unit(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        float scale = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
        float[] unit = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            unit[i] = v[i] * scale;
        }
        return unit;
    }

    private double cosine(float[] a, float[] b) {
        if (a.length == 0 || a.length != b.length) {
            return 0;
        }
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return Math.max(0, Math.min(1, (dot - unrelated) / (1 - unrelated)));
    }

    private record Profile(ChangeShape shape, HypothesisWords words, float[] embedding) {
    }
}
