package dev.autoresearch.llm.internal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * How alike two hypotheses' words must be (cosine similarity of their embeddings) to be one idea, when their
 * changes did not decide, from their signatures: what each is about (the settings its change moves, the names
 * from code and the terms its words use) and which way each goes.
 *
 * <ul>
 *   <li>One names what the other's change moved, or both name the same thing from code, and both go the same
 *       way: a paraphrase needs little of the embedding, which blurs wordings ("smaller images" against
 *       {@code IMAGE_SIZE} lowered): {@link #SAME_THING_SAME_WAY} under the threshold.</li>
 *   <li>One names what the other's change moved, without a direction on both sides: {@link #SAME_THING} under
 *       it.</li>
 *   <li>The same sentence with a word or two swapped for others ("shuffle the training data" against "shuffle
 *       the validation data"): a contrast, which the embedding scores high; {@link #CONTRAST} over it.</li>
 *   <li>Otherwise the threshold.</li>
 * </ul>
 */
public final class SimilarityBar {
    /** How far under the threshold the bar is for the same thing moved the same way. */
    static final double SAME_THING_SAME_WAY = 0.25;
    /** How far under the threshold the bar is for the same thing, no direction said on one side. */
    static final double SAME_THING = 0.10;
    /** How far over the threshold the bar is for a contrast. */
    static final double CONTRAST = 0.20;
    /** The most words each side of a contrast swaps, and the fewest it keeps around them. */
    private static final int SWAPPED = 3;
    private static final int KEPT = 2;

    /** The similarity needed, and what decided it, in words for the model. */
    public record Bar(double needed, String about) {
    }

    private SimilarityBar() {
    }

    /** The lowest bar any pair can have under {@code threshold}: a check can skip pairs below it unseen. */
    public static double lowest(double threshold) {
        return clamp(threshold - SAME_THING_SAME_WAY);
    }

    /** The bar for {@code candidate} against {@code earlier} under {@code threshold}. */
    public static Bar of(ChangeShape candidate, HypothesisWords candidateWords, ChangeShape earlier,
                         HypothesisWords earlierWords, double threshold) {
        if (contrast(candidateWords.words(), earlierWords.words())) {
            return new Bar(clamp(threshold + CONTRAST), "the same words about something else need more");
        }
        Optional<String> setting = named(earlier, candidate, candidateWords)
                .or(() -> named(candidate, earlier, earlierWords));
        Set<String> names = new TreeSet<>(candidateWords.names());
        names.retainAll(earlierWords.names());
        Optional<String> thing = setting.or(() -> names.stream().findFirst());
        IdeaComparison.Ways ways = IdeaComparison.ways(candidate, candidateWords, earlier, earlierWords);
        if (thing.isPresent() && ways.same()) {
            return new Bar(clamp(threshold - SAME_THING_SAME_WAY), "both " + (ways.here() > 0 ? "raise" : "lower")
                    + " " + thing.get());
        }
        // A setting is one thing; a type both name (StringBuilder) can be the subject of many ideas.
        if (setting.isPresent()) {
            return new Bar(clamp(threshold - SAME_THING), "both are about " + setting.get());
        }
        return new Bar(threshold, "the threshold");
    }

    /** A setting {@code mover} moves that {@code other}'s words or settings name. */
    private static Optional<String> named(ChangeShape mover, ChangeShape other, HypothesisWords otherWords) {
        Set<String> said = new TreeSet<>(otherWords.terms());
        other.moves().forEach(m -> said.addAll(IdeaTerms.of(m.name())));
        for (SettingMove move : mover.moves()) {
            Set<String> parts = IdeaTerms.of(move.name());
            if (!parts.isEmpty() && parts.stream().allMatch(p -> IdeaTerms.mentions(said, p))) {
                return Optional.of(move.name());
            }
        }
        return Optional.empty();
    }

    /**
     * One sentence with a few words in its middle swapped for others about something else: the same words before
     * and after (at least two, and half of the shorter), and in between a few words each whose terms the other's
     * do not share ("shuffle the [training] data every epoch", "shuffle the [validation] data every epoch").
     */
    private static boolean contrast(List<String> here, List<String> there) {
        int shorter = Math.min(here.size(), there.size());
        int before = 0;
        while (before < shorter && here.get(before).equals(there.get(before))) {
            before++;
        }
        int after = 0;
        while (after < shorter - before
                && here.get(here.size() - 1 - after).equals(there.get(there.size() - 1 - after))) {
            after++;
        }
        List<String> middleHere = here.subList(before, here.size() - after);
        List<String> middleThere = there.subList(before, there.size() - after);
        if (before + after < Math.max(KEPT, shorter / 2.0) || middleHere.isEmpty() || middleThere.isEmpty()
                || middleHere.size() > SWAPPED || middleThere.size() > SWAPPED) {
            return false;
        }
        Set<String> termsHere = IdeaTerms.of(String.join(" ", middleHere));
        Set<String> termsThere = IdeaTerms.of(String.join(" ", middleThere));
        return !termsHere.isEmpty() && !termsThere.isEmpty()
                && termsHere.stream().noneMatch(t -> IdeaTerms.mentions(termsThere, t));
    }

    private static double clamp(double bar) {
        return Math.max(0.05, Math.min(1.0, bar));
    }

    /** The bar as the model reads it: {@code at least 0.50: both lower IMAGE_SIZE}. */
    public static String describe(Bar bar) {
        return String.format(Locale.ROOT, "at least %.2f: %s", bar.needed(), bar.about());
    }
}
