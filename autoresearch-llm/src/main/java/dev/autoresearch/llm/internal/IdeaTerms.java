package dev.autoresearch.llm.internal;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The things a hypothesis or a setting's name talks about, as terms that compare across wordings: words split
 * at underscores and capitals ({@code WARMUP_STEPS}, {@code maxPoolSize}), lower-cased, stemmed a little
 * ({@code layers}, {@code pinned}), common spellings of one thing made one ({@code learning rate} and
 * {@code LR}; {@code garbage collector} and {@code GC}), with the words that say nothing of what is changed
 * (articles, verbs of doing, words of direction) left out.
 */
public final class IdeaTerms {
    /** Phrases and abbreviations of one thing, in the spelling the others are turned into. */
    private static final List<String[]> PHRASES = List.of(
            new String[] {"learning rates?", "lr"}, new String[] {"weight decay", "wd"},
            new String[] {"batch sizes?", "bs"}, new String[] {"garbage collect(?:or|ion)s?", "gc"},
            new String[] {"sequence lengths?", "seqlen"}, new String[] {"seq len", "seqlen"},
            new String[] {"context lengths?", "seqlen"}, new String[] {"exponential moving average", "ema"},
            new String[] {"feed[- ]?forward", "mlp"}, new String[] {"ffn", "mlp"},
            new String[] {"regular expressions?", "regex"}, new String[] {"regexp?s?", "regex"},
            new String[] {"warm[- ]up", "warmup"}, new String[] {"drop[- ]out", "dropout"},
            new String[] {"data ?loaders?", "loader"}, new String[] {"hash ?maps?", "hashmap"},
            new String[] {"array ?lists?", "arraylist"}, new String[] {"linked ?lists?", "linkedlist"});
    /** {@link #PHRASES} compiled once: a check reads the terms of every idea it compares, thousands a check. */
    private static final Map<Pattern, String> PHRASE_PATTERNS = compiled();
    /** Single words and their one spelling. */
    private static final Map<String, String> SYNONYMS = Map.ofEntries(
            Map.entry("attn", "attention"), Map.entry("emb", "embed"), Map.entry("embd", "embed"),
            Map.entry("embedding", "embed"), Map.entry("iter", "step"), Map.entry("iteration", "step"),
            Map.entry("block", "layer"), Map.entry("depth", "layer"),
            Map.entry("evaluate", "eval"), Map.entry("evaluation", "eval"),
            Map.entry("initialise", "init"), Map.entry("initialize", "init"),
            Map.entry("initialisation", "init"), Map.entry("initialization", "init"), Map.entry("parameter", "param"),
            Map.entry("optim", "optimizer"), Map.entry("optimiser", "optimizer"),
            Map.entry("sched", "schedule"), Map.entry("vocab", "vocabulary"), Map.entry("temp", "temperature"),
            Map.entry("conn", "connection"), Map.entry("grad", "gradient"), Map.entry("accum", "accumulate"),
            Map.entry("accumulation", "accumulate"),
            Map.entry("dim", "dimension"), Map.entry("width", "dimension"),
            Map.entry("checkpointing", "checkpoint"), Map.entry("compress", "compression"),
            Map.entry("stabilise", "stable"), Map.entry("stabilize", "stable"), Map.entry("stability", "stable"),
            Map.entry("convergence", "converge"),
            Map.entry("regularize", "regularization"), Map.entry("regularise", "regularization"),
            Map.entry("regularisation", "regularization"));
    /**
     * Words that say nothing of what an idea changes: function words, verbs of doing, words of direction (a
     * hypothesis's direction is read apart), and the parts of settings' names that every setting has.
     */
    private static final Set<String> EMPTY = Set.of("a", "an", "the", "of", "to", "in", "on", "at", "by", "for",
            "from", "with", "without", "into", "onto", "over", "under", "and", "or", "but", "so", "that", "this",
            "these", "those", "it", "its", "is", "are", "be", "been", "was", "will", "would", "should", "could",
            "can", "may", "might", "we", "our", "us", "you", "your", "they", "their", "them", "which", "what",
            "when", "where", "why", "how", "if", "then", "than", "as", "each", "every", "all", "any", "some", "per",
            "via", "instead", "rather", "also", "only", "just", "one", "not", "no", "do", "does", "use", "using",
            "make", "making", "set", "setting", "try", "trying", "switch", "switching", "replace", "replacing",
            "swap", "change", "changing", "apply", "give", "let", "keep", "put", "go", "get", "turn", "move",
            "up", "down", "off", "much", "bit", "little", "lot", "further", "new", "old", "current", "default",
            "value", "number", "num", "n", "count", "total", "max", "maximum", "min", "minimum", "size", "flag",
            "true", "false", "raise", "increase", "higher", "larger", "bigger", "more", "lower", "decrease",
            "reduce", "smaller", "less", "fewer", "bump", "boost", "cut", "double", "halve", "enable", "disable",
            "add", "remove", "extend", "shrink", "grow", "crank", "dial", "scale");
    private static final Pattern WORD = Pattern.compile("[A-Za-z][A-Za-z0-9]*");
    /** Splits {@code maxPoolSize} and {@code HTTPServer}; underscores and dots split as non-letters do. */
    private static final Pattern CAMEL = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])");

    private IdeaTerms() {
    }

    private static Map<Pattern, String> compiled() {
        Map<Pattern, String> patterns = new LinkedHashMap<>();
        for (String[] phrase : PHRASES) {
            patterns.put(Pattern.compile("\\b" + phrase[0] + "\\b"), phrase[1]);
        }
        return patterns;
    }

    /** The terms of a hypothesis or of any text. */
    public static Set<String> of(String text) {
        String spaced = CAMEL.matcher(text).replaceAll(" ").replace('_', ' ').toLowerCase(Locale.ROOT);
        for (Map.Entry<Pattern, String> phrase : PHRASE_PATTERNS.entrySet()) {
            spaced = phrase.getKey().matcher(spaced).replaceAll(phrase.getValue());
        }
        Set<String> terms = new LinkedHashSet<>();
        Matcher m = WORD.matcher(spaced);
        while (m.find()) {
            String word = m.group();
            if (EMPTY.contains(word)) {
                continue;
            }
            String stem = stem(word);
            if (!EMPTY.contains(stem)) {
                terms.add(SYNONYMS.getOrDefault(stem, stem));
            }
        }
        return terms;
    }

    /** The stem of a lower-case word: plurals and the endings -ing and -ed taken off, a doubled last letter undone. */
    static String stem(String word) {
        String w = word;
        if (w.length() > 4 && w.endsWith("ies")) {
            return w.substring(0, w.length() - 3) + "y";
        }
        if (w.length() > 5 && w.endsWith("ing")) {
            w = undouble(w.substring(0, w.length() - 3));
        } else if (w.length() > 4 && w.endsWith("ed")) {
            w = undouble(w.substring(0, w.length() - 2));
        } else if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us")) {
            w = w.substring(0, w.length() - 1);
        }
        return w;
    }

    private static String undouble(String w) {
        int n = w.length();
        return n > 3 && w.charAt(n - 1) == w.charAt(n - 2) && "lsz".indexOf(w.charAt(n - 1)) < 0
                ? w.substring(0, n - 1) : w;
    }

    /**
     * Whether two terms are one: equal, or one of at least five letters beginning the other (so that stems the
     * rules above leave apart, {@code converg} and {@code convergence}, still meet).
     */
    public static boolean same(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        String shorter = a.length() <= b.length() ? a : b;
        String longer = shorter == a ? b : a;
        return shorter.length() >= 5 && longer.startsWith(shorter);
    }

    /** Whether {@code terms} has a term that is {@code term}. */
    public static boolean mentions(Set<String> terms, String term) {
        for (String t : terms) {
            if (same(t, term)) {
                return true;
            }
        }
        return false;
    }
}
