package dev.autoresearch.llm.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Compares a proposal with a measured idea by what the changes do and what the words state, the part of a
 * novelty check that needs no model. The same edit, or the same settings moved the same way to values within
 * a step of each other, repeat an idea; the other direction, other settings, other values, or the same lines
 * edited into something else do not.
 *
 * <p>Two values are within the step when they are apart by at most {@code valueStep} of the longer of the two
 * moves from where the earlier change started (from 0 when that is not known): 0.01 to 0.02 and 0.01 to 0.021
 * are one idea, 0.95 to 0.99 and 0.95 to 0.999 are not, however close 0.99 and 0.999 are.
 */
public final class IdeaComparison {
    /** Room for rounding: 0.1 to 0.2 and 0.1 to 0.19 are a tenth of the move apart, not a hair more. */
    private static final double ROUNDING = 1e-9;
    private final double valueStep;

    /** A comparison for which values apart by at most {@code valueStep} of a move are the same value. */
    public IdeaComparison(double valueStep) {
        if (!(valueStep >= 0 && valueStep < 1)) {
            throw new IllegalArgumentException("valueStep must be in [0, 1), got " + valueStep);
        }
        this.valueStep = valueStep;
    }

    /**
     * Whether the changes alone could make {@code candidate} repeat {@code earlier}: the same edit, or a setting
     * of the same name. When not, only words alike enough can, and a check can skip the pair on that alone.
     */
    public static boolean changesCanRepeat(ChangeShape candidate, ChangeShape earlier) {
        if (candidate.isEmpty() || earlier.isEmpty()) {
            return false;
        }
        if (candidate.added().equals(earlier.added()) && candidate.removed().equals(earlier.removed())) {
            return true;
        }
        for (SettingMove move : candidate.moves()) {
            for (SettingMove other : earlier.moves()) {
                if (move.name().equals(other.name())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The verdict on {@code candidate} against {@code earlier}, from their changes first, then their words. */
    public IdeaVerdict compare(ChangeShape candidate, HypothesisWords candidateWords,
                               ChangeShape earlier, HypothesisWords earlierWords) {
        if (!candidate.isEmpty() && candidate.removed().equals(earlier.removed())
                && candidate.added().equals(earlier.added())) {
            return new IdeaVerdict.Repeats(1.0, "the same edit");
        }
        IdeaVerdict byChange = bySettings(candidate, earlier);
        if (byChange instanceof IdeaVerdict.Undecided) {
            byChange = byEditedLines(candidate, earlier);
        }
        if (!(byChange instanceof IdeaVerdict.Undecided)) {
            return byChange;
        }
        Ways ways = ways(candidate, candidateWords, earlier, earlierWords);
        int here = ways.here();
        int there = ways.there();
        if (here * there < 0) {
            return new IdeaVerdict.Differs("it went the other way (it would " + way(there) + ", this one would "
                    + way(here) + ")");
        }
        IdeaVerdict byNumbers = byNumbers(numbers(candidate, candidateWords), numbers(earlier, earlierWords),
                origin(earlier));
        return byNumbers instanceof IdeaVerdict.Undecided ? byNames(candidateWords, earlierWords) : byNumbers;
    }

    private IdeaVerdict bySettings(ChangeShape candidate, ChangeShape earlier) {
        Map<String, SettingMove> before = new HashMap<>();
        earlier.moves().forEach(m -> before.put(m.name(), m));
        for (SettingMove now : candidate.moves()) {
            SettingMove then = before.get(now.name());
            if (then != null && now.direction() * then.direction() < 0) {
                return new IdeaVerdict.Differs("it moved " + now.name() + " the other way (" + then.describe()
                        + " there, " + now.describe() + " here)");
            }
        }
        if (!candidate.settingsOnly() || !earlier.settingsOnly()) {
            return new IdeaVerdict.Undecided();
        }
        Set<String> names = candidate.moves().stream().map(SettingMove::name)
                .collect(Collectors.toCollection(TreeSet::new));
        if (!names.equals(before.keySet())) {
            return new IdeaVerdict.Differs("it changed " + String.join(", ", new TreeSet<>(before.keySet()))
                    + ", this one changes " + String.join(", ", names));
        }
        double furthest = 0;
        for (SettingMove now : candidate.moves()) {
            SettingMove then = before.get(now.name());
            OptionalDouble a = now.target();
            OptionalDouble b = then.target();
            if (a.isPresent() && b.isPresent()) {
                double origin = SettingMove.number(then.from()).orElse(0);
                double apart = apart(a.getAsDouble(), b.getAsDouble(), origin);
                if (apart > valueStep + ROUNDING) {
                    return new IdeaVerdict.Differs("it set " + now.name() + " to " + then.to().orElse("")
                            + ", this one to " + now.to().orElse("") + ": " + percent(apart) + " of the move apart");
                }
                furthest = Math.max(furthest, apart);
            } else if (!now.to().equals(then.to())) {
                return new IdeaVerdict.Differs("it set " + now.name() + " to " + then.to().orElse("nothing")
                        + ", this one to " + now.to().orElse("nothing"));
            }
        }
        String moves = candidate.moves().stream()
                .map(now -> now.name() + ": " + before.get(now.name()).values() + " there, " + now.values() + " here")
                .collect(Collectors.joining("; "));
        return new IdeaVerdict.Repeats(1 - furthest, "the same settings moved the same way (" + moves
                + "; within " + percent(valueStep) + " of the move)");
    }

    /** The same lines edited into something that brings in none of the same words is another idea. */
    private static IdeaVerdict byEditedLines(ChangeShape candidate, ChangeShape earlier) {
        if (candidate.removed().isEmpty() || !candidate.removed().equals(earlier.removed())
                || sharesATerm(candidate.introduced(), earlier.introduced())) {
            return new IdeaVerdict.Undecided();
        }
        return new IdeaVerdict.Differs("it edited the same lines into something else (bringing in "
                + new TreeSet<>(earlier.introduced()) + ", this one " + new TreeSet<>(candidate.introduced()) + ")");
    }

    /** Whether two sets of identifiers share a term: {@code parsedHeader} brings in the {@code header} another does. */
    private static boolean sharesATerm(Set<String> here, Set<String> there) {
        if (!Collections.disjoint(here, there)) {
            return true;
        }
        Set<String> termsThere = IdeaTerms.of(String.join(" ", there));
        return IdeaTerms.of(String.join(" ", here)).stream().anyMatch(t -> IdeaTerms.mentions(termsThere, t));
    }

    /** Two ideas that each state a number the other does not state within the step try other values. */
    private IdeaVerdict byNumbers(List<Double> candidate, List<Double> earlier, double origin) {
        List<Double> unmatchedHere = unmatched(candidate, earlier, origin);
        List<Double> unmatchedThere = unmatched(earlier, candidate, origin);
        if (!unmatchedHere.isEmpty() && !unmatchedThere.isEmpty()) {
            return new IdeaVerdict.Differs("it tried " + numbers(unmatchedThere) + ", this one "
                    + numbers(unmatchedHere));
        }
        return new IdeaVerdict.Undecided();
    }

    /** Two hypotheses that each name something from code the other does not name are about different things. */
    private static IdeaVerdict byNames(HypothesisWords candidate, HypothesisWords earlier) {
        Set<String> here = new TreeSet<>(candidate.names());
        here.removeAll(earlier.names());
        Set<String> there = new TreeSet<>(earlier.names());
        there.removeAll(candidate.names());
        if (!here.isEmpty() && !there.isEmpty()) {
            return new IdeaVerdict.Differs("it named " + String.join(", ", there) + ", this one "
                    + String.join(", ", here));
        }
        return new IdeaVerdict.Undecided();
    }

    private List<Double> unmatched(List<Double> these, List<Double> those, double origin) {
        return these.stream()
                .filter(x -> those.stream().noneMatch(y -> apart(x, y, origin) <= valueStep + ROUNDING))
                .collect(Collectors.toList());
    }

    /** The numbers an idea states: in its words and as the values its change moves settings between. */
    private static List<Double> numbers(ChangeShape shape, HypothesisWords words) {
        List<Double> all = new ArrayList<>(words.numbers());
        for (SettingMove move : shape.moves()) {
            SettingMove.number(move.from()).ifPresent(all::add);
            move.target().ifPresent(all::add);
        }
        return all;
    }

    /** Where the earlier change started, when it moved one number: the point moves are measured from. */
    private static double origin(ChangeShape earlier) {
        List<OptionalDouble> starts = earlier.moves().stream().map(m -> SettingMove.number(m.from()))
                .filter(OptionalDouble::isPresent).collect(Collectors.toList());
        return starts.size() == 1 ? starts.get(0).getAsDouble() : 0;
    }

    /** Which way each idea goes (+1, -1, or 0 when it does not say), and {@link #ways} compares. */
    record Ways(int here, int there) {
        /** Both go, and the same way. */
        boolean same() {
            return here != 0 && here == there;
        }
    }

    /**
     * Which way each idea goes, read alike for both: from their changes when both move settings one way, else
     * from their words when both say, else each as it can. Like with like, because a setting can rise where the
     * words say "less": an interval raised to evaluate less often.
     */
    static Ways ways(ChangeShape candidate, HypothesisWords candidateWords, ChangeShape earlier,
                     HypothesisWords earlierWords) {
        int movedHere = moved(candidate);
        int movedThere = moved(earlier);
        if (movedHere != 0 && movedThere != 0) {
            return new Ways(movedHere, movedThere);
        }
        if (candidateWords.direction() != 0 && earlierWords.direction() != 0) {
            return new Ways(candidateWords.direction(), earlierWords.direction());
        }
        return new Ways(movedHere != 0 ? movedHere : candidateWords.direction(),
                movedThere != 0 ? movedThere : earlierWords.direction());
    }

    /** The one way a change moves its settings, or 0 when it moves none or goes both ways. */
    private static int moved(ChangeShape shape) {
        Set<Integer> ways = shape.moves().stream().map(SettingMove::direction).filter(d -> d != 0)
                .collect(Collectors.toSet());
        return ways.size() == 1 ? ways.iterator().next() : 0;
    }

    /** How far apart two values are, as a share of the longer move from {@code origin} to either. */
    static double apart(double a, double b, double origin) {
        double scale = Math.max(Math.abs(a - origin), Math.abs(b - origin));
        return scale == 0 ? 0 : Math.abs(a - b) / scale;
    }

    private static String way(int direction) {
        return direction > 0 ? "raise" : "lower";
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
    }

    private static String numbers(List<Double> values) {
        return values.stream().map(v -> v == Math.rint(v) && Math.abs(v) < 1e15
                ? Long.toString((long) v.doubleValue()) : v.toString()).collect(Collectors.joining(", "));
    }
}
