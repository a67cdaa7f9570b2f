package dev.autoresearch.llm.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a hypothesis says in words that an embedding blurs: which way it moves what it names (its first
 * word of direction: "raise", "bump", "fewer", "turn off"...), the numbers it states, the names from code it
 * mentions (words with a digit, an underscore or a capital after a small letter: {@code beta2},
 * {@code user_id}, {@code ArrayDeque}, {@code RMSNorm}), lower-cased, what it talks about
 * ({@link IdeaTerms}), and its words in order, lower-cased.
 */
public record HypothesisWords(int direction, List<Double> numbers, Set<String> names, Set<String> terms,
                              List<String> words) {
    private static final Set<String> UP = Set.of("raise", "raising", "increase", "increasing", "higher", "larger",
            "bigger", "more", "longer", "wider", "deeper", "double", "doubling", "triple", "grow", "boost",
            "add", "adding", "enable", "enabling", "introduce", "extend", "lengthen", "widen", "deepen", "bump",
            "expand", "enlarge");
    private static final Set<String> DOWN = Set.of("lower", "lowering", "decrease", "decreasing", "reduce", "reducing",
            "smaller", "less", "fewer", "shorter", "narrower", "shallower", "halve", "halving", "shrink", "cut",
            "remove", "removing", "disable", "disabling", "drop", "dropping", "shorten", "trim", "lessen");
    /**
     * A clause that gives a reason ("so the GC runs less often", "since the loss still falls", "for fewer
     * launches"), up to the next
     * punctuation: its words of direction say what the change should bring about, not which way it moves.
     */
    private static final Pattern REASON = Pattern.compile("\\b(?:so|because|since|which|while"
            + "|for (?:fewer|less|more|lower|higher|smaller|larger|shorter|longer))\\b[^.;:,()]*");
    /**
     * A word of direction whose object is a cost ("cut step time", "fewer allocations", "less memory"): it says what
     * the change should save, not which way it moves what it changes.
     */
    private static final Pattern COST = Pattern.compile("\\b(?:cut|cuts|reduce|reduces|lower|lowers|less|fewer"
            + "|save|saves|saving|decrease|decreases)\\s+(?:[a-z-]+\\s+)?(?:time|times|latency|memory|overhead|costs?"
            + "|bytes|pauses?|allocations?|contention|waits?|stalls?)\\b");
    /** Verbs whose direction is in the word after them: "turn off", "scale up", "dial down". */
    private static final Pattern PHRASAL = Pattern.compile("\\b(?:turn|switch|scale|dial|crank|ramp|bump)\\s+(on|off|up|down)\\b");
    private static final Pattern WORD = Pattern.compile("[a-z]+");
    private static final Pattern IN_ORDER = Pattern.compile("[a-z0-9]+(?:[.\\-][a-z0-9]+)*");
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.])(\\d+(?:\\.\\d+)?(?:e-?\\d+)?|\\.\\d+)(?![\\w.]*[a-df-z])");

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][\\w]*");
    /** A digit, an underscore or a capital after a small letter; not an acronym such as GPU or HTTP. */
    private static final Pattern CODE_LIKE = Pattern.compile(".*\\d.*|.*_.*|.*[a-z][A-Z].*|.*[A-Z]{2,}[a-z].*");

    public HypothesisWords {
        numbers = List.copyOf(numbers);
        names = Set.copyOf(names);
        terms = Set.copyOf(terms);
        words = List.copyOf(words);
    }

    /**
     * Reads a hypothesis. Only the first word of direction outside a clause of reason counts: a hypothesis says
     * what it does before why ("raise the learning rate to lower the loss").
     */
    public static HypothesisWords of(String hypothesis) {
        String text = hypothesis.toLowerCase(Locale.ROOT);
        int direction = 0;
        String acts = COST.matcher(REASON.matcher(text).replaceAll(" ")).replaceAll(" ");
        Matcher w = WORD.matcher(PHRASAL.matcher(acts).replaceAll(
                p -> p.group(1).equals("on") || p.group(1).equals("up") ? "raise" : "lower"));
        while (direction == 0 && w.find()) {
            direction = UP.contains(w.group()) ? 1 : DOWN.contains(w.group()) ? -1 : 0;
        }
        List<Double> numbers = new ArrayList<>();
        Matcher n = NUMBER.matcher(text);
        while (n.find()) {
            numbers.add(Double.parseDouble(n.group(1)));
        }
        Set<String> names = new HashSet<>();
        Matcher c = NAME.matcher(hypothesis);
        while (c.find()) {
            if (CODE_LIKE.matcher(c.group()).matches()) {
                names.add(c.group().toLowerCase(Locale.ROOT));
            }
        }
        List<String> words = new ArrayList<>();
        Matcher o = IN_ORDER.matcher(text);
        while (o.find()) {
            words.add(o.group());
        }
        return new HypothesisWords(direction, numbers, names, IdeaTerms.of(hypothesis), words);
    }
}
