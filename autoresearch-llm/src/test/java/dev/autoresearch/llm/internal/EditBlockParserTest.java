package dev.autoresearch.llm.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EditBlockParserTest {

    @Test
    void readsTheDocumentedFormat() {
        ParsedReply r = EditBlockParser.parse("""
                HYPOTHESIS: Raise the matrix learning rate to 0.05
                RATIONALE: The loss is still falling steeply at the end of the budget,
                so a larger step should help.

                train.py
                <<<<<<< SEARCH
                MATRIX_LR = 0.04
                =======
                MATRIX_LR = 0.05
                >>>>>>> REPLACE
                """);
        assertThat(r.title()).contains("Raise the matrix learning rate to 0.05");
        assertThat(r.rationale()).isEqualTo("The loss is still falling steeply at the end of the budget,\n"
                + "so a larger step should help.");
        assertThat(r.blocks()).containsExactly(new EditBlock(1, "train.py", "MATRIX_LR = 0.04\n", "MATRIX_LR = 0.05\n"));
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void takesTheFileNameFromTheFenceLine() {
        ParsedReply r = EditBlockParser.parse("""
                HYPOTHESIS: x
                ```python src/train.py
                <<<<<<< SEARCH
                a = 1
                =======
                a = 2
                >>>>>>> REPLACE
                ```
                """);
        assertThat(r.blocks()).extracting(EditBlock::path).containsExactly("src/train.py");
    }

    @Test
    void takesTheFileNameFromTheLineBeforeTheFenceOrInsideIt() {
        ParsedReply r = EditBlockParser.parse("""
                HYPOTHESIS: x
                RATIONALE: y

                **train.py**
                ```python
                <<<<<<< SEARCH
                a = 1
                =======
                a = 2
                >>>>>>> REPLACE
                ```

                ```
                model.py
                <<<<<<< SEARCH
                b = 1
                =======
                b = 2
                >>>>>>> REPLACE
                ```
                """);
        assertThat(r.blocks()).extracting(EditBlock::path).containsExactly("train.py", "model.py");
        assertThat(r.rationale()).isEqualTo("y");
    }

    @Test
    void toleratesProseCrlfTrailingSpacesAndEmphasis() {
        String reply = "Sure! Here is my proposal.\r\n\r\n**HYPOTHESIS:** Use cosine decay  \r\n"
                + "**RATIONALE:** Smoother end of training.\r\n\r\n"
                + "Change `train.py` as follows:\r\n```python\r\n<<<<<<< SEARCH   \r\n    return 1.0\r\n"
                + "=======  \r\n    return 0.5\r\n>>>>>>> REPLACE \r\n```\r\nThat should do it.\r\n";
        ParsedReply r = EditBlockParser.parse(reply);
        assertThat(r.title()).contains("Use cosine decay");
        assertThat(r.rationale()).isEqualTo("Smoother end of training.\n\nChange `train.py` as follows:");
        assertThat(r.blocks()).containsExactly(new EditBlock(1, "train.py", "    return 1.0\n", "    return 0.5\n"));
    }

    @Test
    void aBlockWithoutNameReusesThePreviousFile() {
        ParsedReply r = EditBlockParser.parse("""
                HYPOTHESIS: two edits
                train.py
                <<<<<<< SEARCH
                a = 1
                =======
                a = 2
                >>>>>>> REPLACE
                <<<<<<< SEARCH
                b = 1
                =======
                b = 2
                >>>>>>> REPLACE
                """);
        assertThat(r.blocks()).extracting(EditBlock::path).containsExactly("train.py", "train.py");
        assertThat(r.blocks()).extracting(EditBlock::number).containsExactly(1, 2);
    }

    @Test
    void reportsMalformedBlocks() {
        ParsedReply r = EditBlockParser.parse("""
                HYPOTHESIS: broken
                <<<<<<< SEARCH
                a = 1
                =======
                a = 2
                >>>>>>> REPLACE
                train.py
                <<<<<<< SEARCH
                b = 1
                >>>>>>> REPLACE
                """);
        assertThat(r.blocks()).isEmpty();
        assertThat(r.problems()).containsExactly(
                "block 1 has no file name: put the file's path alone on the line before the block (or on the"
                        + " opening code fence line)",
                "block 2: the '=======' line between SEARCH and REPLACE is missing");
    }

    @Test
    void anEmptySearchCreatesAFile() {
        ParsedReply r = EditBlockParser.parse("""
                HYPOTHESIS: add a helper
                ./util/helpers.py
                <<<<<<< SEARCH
                =======
                def helper():
                    pass
                >>>>>>> REPLACE
                """);
        assertThat(r.blocks()).containsExactly(new EditBlock(1, "util/helpers.py", "", "def helper():\n    pass\n"));
    }

    @Test
    void aReplyWithoutKeysOrBlocksHasNeither() {
        ParsedReply r = EditBlockParser.parse("I think we should try a larger batch.");
        assertThat(r.title()).isEmpty();
        assertThat(r.rationale()).isEmpty();
        assertThat(r.blocks()).isEmpty();
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void theTitleMayStandOnTheNextLine() {
        ParsedReply r = EditBlockParser.parse("HYPOTHESIS:\n`Halve the batch size`\nRATIONALE: more steps\n");
        assertThat(r.title()).contains("Halve the batch size");
        assertThat(r.rationale()).isEqualTo("more steps");
    }

    @Test
    void takesTheFileNameFromALanguageColonPathFence() {
        ParsedReply r = EditBlockParser.parse("""
                HYPOTHESIS: x
                ```python:src/train.py
                <<<<<<< SEARCH
                a = 1
                =======
                a = 2
                >>>>>>> REPLACE
                ```
                """);
        assertThat(r.blocks()).extracting(EditBlock::path).containsExactly("src/train.py");
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void aProseLabelBeforeABlockIsNotAFileName() {
        ParsedReply r = EditBlockParser.parse("""
                HYPOTHESIS: two edits
                train.py
                <<<<<<< SEARCH
                a = 1
                =======
                a = 2
                >>>>>>> REPLACE

                Then:
                ```python
                <<<<<<< SEARCH
                b = 1
                =======
                b = 2
                >>>>>>> REPLACE
                ```
                """);
        assertThat(r.blocks()).extracting(EditBlock::path).containsExactly("train.py", "train.py");
    }

    @Test
    void aListMarkerBeforeTheFileNameIsDropped() {
        ParsedReply r = EditBlockParser.parse("""
                HYPOTHESIS: two files
                1. train.py
                <<<<<<< SEARCH
                a = 1
                =======
                a = 2
                >>>>>>> REPLACE
                - **src/model.py**
                <<<<<<< SEARCH
                b = 1
                =======
                b = 2
                >>>>>>> REPLACE
                """);
        assertThat(r.blocks()).extracting(EditBlock::path).containsExactly("train.py", "src/model.py");
    }

    @Test
    void readsARealisticReplyWithSeveralFilesNestedFencesAndMarkerVariants() {
        String reply = String.join("\r\n",
                "Looking at the history, warmup has not been tried.",
                "",
                "## HYPOTHESIS: Add a 50-step linear warmup",
                "**RATIONALE:** Early steps are unstable at this learning rate.",
                "",
                "### `train.py`",
                "```python",
                "<<<<<<< SEARCH",
                "def schedule(step):",
                "    return 1.0",
                "=======",
                "def schedule(step):",
                "    if step < 50:",
                "        return step / 50",
                "    return 1.0",
                ">>>>>>>> REPLACE",
                "```",
                "",
                "````markdown README.md",
                "<<<<<<< SEARCH",
                "```bash",
                "python train.py",
                "```",
                "=======",
                "```bash",
                "python train.py --warmup 50",
                "```",
                "",
                "=======",
                "",
                ">>>>>>> REPLACE",
                "````",
                "",
                "That should stabilise the start.",
                "");
        ParsedReply r = EditBlockParser.parse(reply);
        assertThat(r.title()).contains("Add a 50-step linear warmup");
        assertThat(r.rationale()).isEqualTo("Early steps are unstable at this learning rate.");
        assertThat(r.problems()).isEmpty();
        assertThat(r.blocks()).containsExactly(
                new EditBlock(1, "train.py", "def schedule(step):\n    return 1.0\n",
                        "def schedule(step):\n    if step < 50:\n        return step / 50\n    return 1.0\n"),
                new EditBlock(2, "README.md", "```bash\npython train.py\n```\n",
                        "```bash\npython train.py --warmup 50\n```\n\n=======\n\n"));
    }

    @Test
    void aReplyThatEndsInsideABlockSaysSo() {
        ParsedReply r = EditBlockParser.parse("HYPOTHESIS: long\ntrain.py\n<<<<<<< SEARCH\na = 1\n=======\na = 2\n");
        assertThat(r.problems()).containsExactly("block 1: the closing '>>>>>>> REPLACE' line is missing; the reply"
                + " ends inside this block (if it was cut off at the output limit, quote only the few lines that"
                + " change and send fewer blocks)");
        r = EditBlockParser.parse("HYPOTHESIS: long\ntrain.py\n<<<<<<< SEARCH\na = 1\nb = 1\n");
        assertThat(r.problems()).singleElement().asString()
                .startsWith("block 1: the '=======' line between SEARCH and REPLACE is missing; the reply ends inside");
    }

    @Test
    void aFileLabelInBoldBeforeTheFenceNamesTheFile() {
        ParsedReply r = EditBlockParser.parse("""
                HYPOTHESIS: x
                **File:** src/train.py
                ```python
                <<<<<<< SEARCH
                a = 1
                =======
                a = 2
                >>>>>>> REPLACE
                ```
                """);
        assertThat(r.blocks()).extracting(EditBlock::path).containsExactly("src/train.py");
    }

    @Test
    void codeInTheTitleAndRationaleKeepsItsUnderscoresAndBackticks() {
        ParsedReply r = EditBlockParser.parse("HYPOTHESIS: __slots__ on Block, then use `torch.compile`\n"
                + "RATIONALE: `__init__` allocates a dict per instance\n");
        assertThat(r.title()).contains("__slots__ on Block, then use `torch.compile`");
        assertThat(r.rationale()).isEqualTo("`__init__` allocates a dict per instance");
        assertThat(EditBlockParser.parse("**HYPOTHESIS: Raise LR**\n").title()).contains("Raise LR");
        assertThat(EditBlockParser.parse("HYPOTHESIS: _Raise LR_\n").title()).contains("Raise LR");
        assertThat(EditBlockParser.parse("HYPOTHESIS: \"**Raise LR**\"\n").title()).contains("Raise LR");
    }
}
