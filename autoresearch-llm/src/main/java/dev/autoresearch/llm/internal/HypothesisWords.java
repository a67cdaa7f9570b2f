package dev.autoresearch.llm.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a hypothesis says in words that an embedding blurs: which way it moves what it names (its first
 * word of direction: "raise", "fewer", "remove"...) and the numbers it states.
 */
public record HypothesisWords(int direction, List<Double> numbers) {
    private static final Set<String> UP = Set.of("raise", "raising", "increase", "increasing", "higher", "larger",
            "bigger", "more", "longer", "wider", "deeper", "double", "doubling", "triple", "grow", "boost",
            "add", "adding", "enable", "enabling", "introduce", "extend", "lengthen", "widen", "deepen");
    private static final Set<String> DOWN = Set.of("lower", "lowering", "decrease", "decreasing", "reduce", "reducing",
            "smaller", "less", "fewer", "shorter", "narrower", "shallower", "halve", "halving", "shrink", "cut",
            "remove", "removing", "disable", "disabling", "drop", "dropping", "shorten", "trim", "lessen");
    private static final Pattern WORD = Pattern.compile("[a-z]+");
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.])(\\d+(?:\\.\\d+)?(?:e-?\\d+)?|\\.\\d+)(?![\\w.]*[a-df-z])");

    public HypothesisWords {
        numbers = List.copyOf(numbers);
    }

    /**
     * Reads a hypothesis. Only the first word of direction counts: a hypothesis says what it does before why
     * ("raise the learning rate to lower the loss").
     */
    public static HypothesisWords of(String hypothesis) {
        String text = hypothesis.toLowerCase(Locale.ROOT);
        int direction = 0;
        Matcher w = WORD.matcher(text);
        while (direction == 0 && w.find()) {
            direction = UP.contains(w.group()) ? 1 : DOWN.contains(w.group()) ? -1 : 0;
        }
        List<Double> numbers = new ArrayList<>();
        Matcher n = NUMBER.matcher(text);
        while (n.find()) {
            numbers.add(Double.parseDouble(n.group(1)));
        }
        return new HypothesisWords(direction, numbers);
    }
}
