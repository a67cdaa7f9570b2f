package dev.autoresearch.llm.internal;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class IdeaComparisonTest {
    private final IdeaComparison comparison = new IdeaComparison(0.10);

    private static ChangeShape change(String removed, String added) {
        return ChangeShape.of("--- a/train.py\n+++ b/train.py\n@@ -1,3 +1,3 @@\n import torch\n-" + removed + "\n+"
                + added + "\n steps = 10\n");
    }

    private IdeaVerdict compare(ChangeShape candidate, ChangeShape earlier) {
        return comparison.compare(candidate, HypothesisWords.of(""), earlier, HypothesisWords.of(""));
    }

    private IdeaVerdict compareWords(String candidate, String earlier, ChangeShape earlierChange) {
        return comparison.compare(ChangeShape.of(""), HypothesisWords.of(candidate), earlierChange,
                HypothesisWords.of(earlier));
    }

    @Test
    void readsSettingsInTheirUsualSpellings() {
        assertThat(change("LR = 0.01", "LR = 0.02").moves())
                .containsExactly(new SettingMove("LR", Optional.of("0.01"), Optional.of("0.02")));
        assertThat(change("  lr: 0.01", "  lr: 0.02").moves()).extracting(SettingMove::name).containsExactly("lr");
        assertThat(change("\"lr\": 0.01,", "\"lr\": 0.02,").moves()).extracting(SettingMove::name).containsExactly("lr");
        assertThat(change("lr: float = 0.01", "lr: float = 0.02").moves()).extracting(SettingMove::direction)
                .containsExactly(1);
        assertThat(change("private static final int BUFFER = 4096;", "private static final int BUFFER = 1024;")
                .moves()).containsExactly(new SettingMove("BUFFER", Optional.of("4096"), Optional.of("1024")));
        assertThat(change("ACT = \"relu\"  # the default", "ACT = \"gelu\"").moves())
                .containsExactly(new SettingMove("ACT", Optional.of("relu"), Optional.of("gelu")));
        assertThat(change("COLOR = \"#fff\"  // white", "COLOR = \"#000\"").moves())
                .containsExactly(new SettingMove("COLOR", Optional.of("#fff"), Optional.of("#000")));
    }

    @Test
    void takesALineOfCodeForCodeNotForASetting() {
        ChangeShape code = change("x = F.relu(x)", "x = F.gelu(x)");

        assertThat(code.moves()).isEmpty();
        assertThat(code.settingsOnly()).isFalse();
        assertThat(code.introduced()).containsExactly("gelu");
        assertThat(change("if a == b:", "if a != b:").moves()).isEmpty();
    }

    @Test
    void theSameEditRepeatsWhateverTheContext() {
        ChangeShape elsewhere = ChangeShape.of("--- a/train.py\n+++ b/train.py\n@@ -40,2 +40,2 @@\n other\n"
                + "-    x = F.relu(x)\n+    x = F.gelu(x)\n");

        assertThat(compare(elsewhere, change("x = F.relu(x)", "x = F.gelu(x)")))
                .isInstanceOf(IdeaVerdict.Repeats.class);
    }

    @Test
    void aValueWithinATenthOfTheMoveRepeatsAndOneFurtherDoesNot() {
        ChangeShape earlier = change("LR = 0.01", "LR = 0.02");

        IdeaVerdict close = compare(change("LR = 0.01", "LR = 0.021"), earlier);
        assertThat(close).isInstanceOf(IdeaVerdict.Repeats.class);
        assertThat(((IdeaVerdict.Repeats) close).why()).contains("LR: 0.01 -> 0.02 there, 0.01 -> 0.021 here");
        assertThat(compare(change("LR = 0.01", "LR = 0.05"), earlier)).isInstanceOf(IdeaVerdict.Differs.class);
        // 0.99 and 0.999 are close as numbers, far apart as moves from 0.95.
        assertThat(compare(change("BETA2 = 0.95", "BETA2 = 0.999"), change("BETA2 = 0.95", "BETA2 = 0.99")))
                .isInstanceOf(IdeaVerdict.Differs.class);
    }

    @Test
    void theOtherDirectionNeverRepeats() {
        ChangeShape raised = change("LR = 0.01", "LR = 0.02");

        assertThat(compare(change("LR = 0.01", "LR = 0.005"), raised)).isInstanceOf(IdeaVerdict.Differs.class);
        assertThat(compareWords("Lower the learning rate to stabilise training", "Raise the learning rate", raised))
                .isInstanceOf(IdeaVerdict.Differs.class);
        assertThat(compareWords("Halve the learning rate", "Double the learning rate", ChangeShape.of("")))
                .isInstanceOf(IdeaVerdict.Differs.class);
    }

    @Test
    void readsTheWayOfPhrasesAbbreviationsAndSwitches() {
        assertThat(HypothesisWords.of("Crank up the number of loader workers").direction()).isEqualTo(1);
        assertThat(HypothesisWords.of("Bump wd to 0.2").direction()).isEqualTo(1);
        assertThat(HypothesisWords.of("Turn off gzip to save CPU").direction()).isEqualTo(-1);
        assertThat(HypothesisWords.of("Scale down the model width").direction()).isEqualTo(-1);
        // A reason, or a cost to save, says what the change brings about, not which way it moves.
        assertThat(HypothesisWords.of("Since the loss still falls at the end, a higher LR should get further")
                .direction()).isEqualTo(1);
        assertThat(HypothesisWords.of("gzip the responses so less data is sent").direction()).isZero();
        assertThat(HypothesisWords.of("Fuse the kernels to cut step time, then enable them").direction()).isEqualTo(1);
        assertThat(HypothesisWords.of("Switch the optimizer to its fused kernel for fewer launches").direction())
                .isZero();
        assertThat(change("EMA = False", "EMA = True").moves()).extracting(SettingMove::direction).containsExactly(1);
        assertThat(change("keep_alive: on", "keep_alive: off").moves()).extracting(SettingMove::direction)
                .containsExactly(-1);
    }

    @Test
    void comparesTheWordsOfBothWhenBothSayAWay() {
        // The interval rises where the words say "less often": words are compared with words.
        ChangeShape lessOften = change("EVAL_EVERY = 100", "EVAL_EVERY = 500");

        assertThat(compareWords("Evaluate less frequently", "Run the evaluation less often", lessOften))
                .isInstanceOf(IdeaVerdict.Undecided.class);
        assertThat(compareWords("Evaluate more often", "Run the evaluation less often", lessOften))
                .isInstanceOf(IdeaVerdict.Differs.class);
    }

    @Test
    void anotherIdeaOnTheSameNameOrLinesDoesNotRepeat() {
        assertThat(compare(change("ACT = \"relu\"", "ACT = \"silu\""), change("ACT = \"relu\"", "ACT = \"gelu\"")))
                .isInstanceOf(IdeaVerdict.Differs.class);
        assertThat(compare(change("x = F.relu(x)", "x = F.relu(x).square()"), change("x = F.relu(x)", "x = F.gelu(x)")))
                .isInstanceOf(IdeaVerdict.Differs.class);
        assertThat(compare(change("WARMUP = 100", "WARMUP = 500"), change("LR = 0.01", "LR = 0.02")))
                .isInstanceOf(IdeaVerdict.Differs.class);
    }

    @Test
    void hypothesesNamingDifferentThingsFromCodeDoNotRepeat() {
        assertThat(compareWords("Raise beta1 of Adam", "Raise beta2 of Adam", ChangeShape.of("")))
                .isInstanceOf(IdeaVerdict.Differs.class);
        assertThat(compareWords("Use an ArrayDeque for the token list", "Use ArrayList for the token list",
                ChangeShape.of(""))).isInstanceOf(IdeaVerdict.Differs.class);
        // Acronyms are words, not names: these two say the same thing.
        assertThat(compareWords("Reuse TCP connections with keep-alive", "Enable HTTP keep-alive", ChangeShape.of("")))
                .isInstanceOf(IdeaVerdict.Undecided.class);
        // One side naming what the other describes is no difference.
        assertThat(compareWords("Use ArrayList rather than LinkedList", "Replace the linked list with an array list",
                ChangeShape.of(""))).isInstanceOf(IdeaVerdict.Undecided.class);
    }

    @Test
    void leavesToTheWordsWhatTheChangesDoNotDecide() {
        assertThat(compareWords("Try a higher learning rate", "Raise the learning rate",
                change("LR = 0.01", "LR = 0.02"))).isInstanceOf(IdeaVerdict.Undecided.class);
        assertThat(compareWords("Raise the learning rate to 0.05", "Raise the learning rate",
                change("LR = 0.01", "LR = 0.02"))).isInstanceOf(IdeaVerdict.Differs.class);
        assertThat(compare(change("Template t = Template.parse(s);", "Template t = cache.computeIfAbsent(s, Template::parse);"),
                change("Template t = Template.parse(s);", "Template t = parsed.computeIfAbsent(s, Template::parse);")))
                .isInstanceOf(IdeaVerdict.Undecided.class);
        // A name that brings in the other's name as a part of it is not something else: the words decide.
        assertThat(compare(change("Header h = Header.parse(bytes);", "Header h = parsedHeader;"),
                change("Header h = Header.parse(bytes);", "Header h = header;")))
                .isInstanceOf(IdeaVerdict.Undecided.class);
    }
}
