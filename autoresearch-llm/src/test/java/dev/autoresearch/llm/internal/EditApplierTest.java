package dev.autoresearch.llm.internal;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ProgramSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class EditApplierTest {
    private static final ProgramSpec SPEC = ProgramSpec.builder()
            .metric("m").direction(Direction.MINIMIZE).run("true")
            .editable("train.py", "src/**")
            .readonly("prepare.py", "src/harness.py")
            .build();

    private static final String TRAIN = "MATRIX_LR = 0.04\n\ndef f(x):\n    if x:\n        return 1\n    return 2\n";

    private static EditApplier.Result apply(Map<String, String> files, EditBlock... blocks) {
        return EditApplier.apply(files, Set.of(), List.of(blocks), SPEC);
    }

    private static Map<String, String> applied(EditApplier.Result r) {
        assertThat(r).isInstanceOf(EditApplier.Applied.class);
        return ((EditApplier.Applied) r).files();
    }

    private static String failed(EditApplier.Result r) {
        assertThat(r).isInstanceOf(EditApplier.Failed.class);
        return ((EditApplier.Failed) r).account();
    }

    @Test
    void appliesAnExactMatch() {
        var r = apply(Map.of("train.py", TRAIN), new EditBlock(1, "train.py", "MATRIX_LR = 0.04\n", "MATRIX_LR = 0.05\n"));
        assertThat(applied(r)).containsExactly(Map.entry("train.py", TRAIN.replace("0.04", "0.05")));
    }

    @Test
    void matchesOnlyWholeLines() {
        var files = Map.of("train.py", "max = 1\nx = 1\n");
        var r = apply(files, new EditBlock(1, "train.py", "x = 1\n", "x = 2\n"));
        assertThat(applied(r)).containsExactly(Map.entry("train.py", "max = 1\nx = 2\n"));
    }

    private static final String WARMUP = "import torch\n\nWARMUP = 10         # warmup steps\nSTEPS = 100\n";

    @Test
    void appliesATextFoundOnceInsideALine() {
        var r = apply(Map.of("train.py", WARMUP), new EditBlock(1, "train.py", "WARMUP = 10\n", "WARMUP = 20\n"));
        assertThat(applied(r)).containsExactly(Map.entry("train.py",
                "import torch\n\nWARMUP = 20         # warmup steps\nSTEPS = 100\n"));
    }

    @Test
    void aReplyQuotingPartOfALineIsApplied() {
        String reply = "HYPOTHESIS: longer warmup\nRATIONALE: smoother start\n\ntrain.py\n```python\n"
                + "<<<<<<< SEARCH\nWARMUP = 10\n=======\nWARMUP = 20\n>>>>>>> REPLACE\n```\n";
        var r = EditApplier.applyReply(reply, new EditableFiles(Map.of("train.py", WARMUP), Set.of()), SPEC);
        assertThat(applied(r).get("train.py")).isEqualTo(WARMUP.replace("WARMUP = 10 ", "WARMUP = 20 "));
    }

    @Test
    void appliesATextFoundOnceAcrossLinesThatItDoesNotCoverWhole() {
        var files = Map.of("train.py", "x = f(a,  # first\n      b)  # second\ny = 2\n");
        var r = apply(files, new EditBlock(1, "train.py", "# first\n      b)\n", "# first\n      c)\n"));
        assertThat(applied(r)).containsExactly(Map.entry("train.py", "x = f(a,  # first\n      c)  # second\ny = 2\n"));
    }

    @Test
    void aTextInsideALineKeepsCrlfLineEnds() {
        var files = Map.of("train.py", WARMUP.replace("\n", "\r\n"));
        var r = apply(files, new EditBlock(1, "train.py", "WARMUP = 10\n", "WARMUP = 20\n"));
        assertThat(applied(r).get("train.py")).isEqualTo(WARMUP.replace("10 ", "20 ").replace("\n", "\r\n"));
    }

    @Test
    void refusesATextFoundSeveralTimesInsideLinesWithTheCount() {
        var files = Map.of("train.py", "lr = 0.1  # lr = 0.1 is the default\nsteps = 3\nmin_lr = 0.1\n");
        String account = failed(apply(files, new EditBlock(1, "train.py", "lr = 0.1\n", "lr = 0.2\n")));
        assertThat(account).isEqualTo("- block 1 (train.py): the SEARCH text matches 3 places in train.py (starting at"
                + " lines 1, 3); include more of the surrounding lines so that it matches exactly one");
        account = failed(apply(Map.of("train.py", "a = b + b\n"), new EditBlock(1, "train.py", "b\n", "c\n")));
        assertThat(account).contains("matches 2 places in train.py (starting at line 1)");
    }

    @Test
    void aWholeLineMatchWinsOverTheSameTextInsideAnotherLine() {
        var files = Map.of("train.py", "    return x\nreturn x\n");
        var r = apply(files, new EditBlock(1, "train.py", "return x\n", "return y\n"));
        assertThat(applied(r)).containsExactly(Map.entry("train.py", "    return x\nreturn y\n"));
    }

    @Test
    void anEmptySearchIsNeverTakenForATextFoundEverywhere() {
        String account = failed(apply(Map.of("train.py", WARMUP), new EditBlock(1, "train.py", "", "X = 1\n")));
        assertThat(account).isEqualTo("- block 1 (train.py): the SEARCH section is empty but train.py already exists"
                + " and is not empty; quote the lines to replace in SEARCH");
    }

    @Test
    void theAccountOfAMissNamesALineFoundInsideALineOfTheFile() {
        var block = new EditBlock(1, "train.py", "WARMUP = 10\nSTEPS = 200\n", "q\n");
        String account = failed(apply(Map.of("train.py", WARMUP), block));
        assertThat(account).doesNotContain("None of its lines")
                .contains("The closest passage is lines 3-4, where SEARCH line 1 reads `WARMUP = 10` but line 3 of"
                        + " train.py reads `WARMUP = 10         # warmup steps`")
                .contains("    4 | STEPS = 100");
    }

    @Test
    void theAccountOfAMissFindsALineNearTheTopThatComesLateInTheSearch() {
        var block = new EditBlock(1, "train.py", "import os\nimport sys\nimport torch\n", "q\n");
        String account = failed(apply(Map.of("train.py", WARMUP), block));
        assertThat(account).doesNotContain("None of its lines")
                .contains("The closest passage is lines 1-1, where SEARCH line 1 reads `import os` but train.py has"
                        + " no line before line 1");
    }

    @Test
    void toleratesIndentationDriftAndReindentsTheReplacement() {
        String search = "if x:\n    return 1\n";
        String replace = "if x:\n    if x > 10:\n        return 0\n    return 1\n";
        var r = apply(Map.of("train.py", TRAIN), new EditBlock(1, "train.py", search, replace));
        assertThat(applied(r).get("train.py")).isEqualTo("MATRIX_LR = 0.04\n\ndef f(x):\n    if x:\n"
                + "        if x > 10:\n            return 0\n        return 1\n    return 2\n");
    }

    @Test
    void toleratesTrailingSpacesAndInnerSpacing() {
        var r = apply(Map.of("train.py", TRAIN), new EditBlock(1, "train.py", "MATRIX_LR  =  0.04   \n", "MATRIX_LR = 0.05\n"));
        assertThat(applied(r).get("train.py")).startsWith("MATRIX_LR = 0.05\n\ndef f(x):");
    }

    @Test
    void refusesAnAmbiguousMatchNamingTheLines() {
        var files = Map.of("train.py", "a = 1\nb = 2\na = 1\n");
        String account = failed(apply(files, new EditBlock(1, "train.py", "a = 1\n", "a = 3\n")));
        assertThat(account).isEqualTo("- block 1 (train.py): the SEARCH text matches 2 places in train.py (starting at"
                + " lines 1, 3); include more of the surrounding lines so that it matches exactly one");
    }

    @Test
    void refusesAnAmbiguousTolerantMatch() {
        var files = Map.of("train.py", "  a = 1\nb = 2\n    a = 1\n");
        String account = failed(apply(files, new EditBlock(1, "train.py", "a = 1\n", "a = 3\n")));
        assertThat(account).contains("matches 2 places in train.py (starting at lines 1, 3)");
    }

    @Test
    void describesTheClosestPassageWhenNothingMatches() {
        var block = new EditBlock(1, "train.py", "def f(x):\n    if x:\n        return 7\n", "x\n");
        String account = failed(apply(Map.of("train.py", TRAIN), block));
        assertThat(account).contains("the SEARCH text does not occur in train.py (not even ignoring whitespace)")
                .contains("The closest passage is lines 3-5, where SEARCH line 3 reads `return 7` but line 5 of"
                        + " train.py reads `return 1`")
                .contains("    3 | def f(x):")
                .contains("    5 |         return 1");
    }

    @Test
    void refusesReadonlyAndNonEditableFiles() {
        var files = Map.of("train.py", TRAIN);
        String account = failed(apply(files,
                new EditBlock(1, "prepare.py", "x\n", "y\n"),
                new EditBlock(2, "notes.md", "x\n", "y\n"),
                new EditBlock(3, "src/harness.py", "x\n", "y\n"),
                new EditBlock(4, "../outside.py", "x\n", "y\n"),
                new EditBlock(5, "/etc/passwd", "x\n", "y\n")));
        assertThat(account).contains("- block 1 (prepare.py): prepare.py is readonly and must not be changed; edit only train.py")
                .contains("- block 2 (notes.md): notes.md is not editable; edit only train.py")
                .contains("- block 3 (src/harness.py): src/harness.py is readonly")
                .contains("- block 4 (../outside.py): the path must be relative to the repository root, stay inside it and stay out of .git")
                .contains("- block 5 (/etc/passwd): the path must be relative");
    }

    @Test
    void appliesAllBlocksOrNone() {
        var files = Map.of("train.py", TRAIN, "src/model.py", "depth = 4\n");
        var r = apply(files,
                new EditBlock(1, "train.py", "MATRIX_LR = 0.04\n", "MATRIX_LR = 0.05\n"),
                new EditBlock(2, "src/model.py", "depth = 5\n", "depth = 6\n"));
        String account = failed(r);
        assertThat(account).startsWith("- block 2 (src/model.py): the SEARCH text does not occur").doesNotContain("block 1");
    }

    @Test
    void appliesSeveralBlocksToSeveralFilesInOrder() {
        var files = Map.of("train.py", TRAIN, "src/model.py", "depth = 4\n");
        var r = apply(files,
                new EditBlock(1, "train.py", "MATRIX_LR = 0.04\n", "MATRIX_LR = 0.05\n"),
                new EditBlock(2, "train.py", "MATRIX_LR = 0.05\n", "MATRIX_LR = 0.06\n"),
                new EditBlock(3, "src/model.py", "depth = 4\n", "depth = 6\n"));
        assertThat(applied(r)).containsOnly(
                Map.entry("train.py", TRAIN.replace("0.04", "0.06")),
                Map.entry("src/model.py", "depth = 6\n"));
    }

    @Test
    void createsANewEditableFileFromAnEmptySearch() {
        var r = apply(Map.of("train.py", TRAIN), new EditBlock(1, "src/util.py", "", "X = 1\n"));
        assertThat(applied(r)).containsExactly(Map.entry("src/util.py", "X = 1\n"));
    }

    @Test
    void anEmptySearchOnAnExistingFileIsRefused() {
        String account = failed(apply(Map.of("train.py", TRAIN), new EditBlock(1, "train.py", "", "X = 1\n")));
        assertThat(account).contains("the SEARCH section is empty but train.py already exists");
    }

    @Test
    void keepsCrlfLineEndsOfTheFile() {
        var files = Map.of("train.py", "a = 1\r\nb = 2\r\n");
        var r = apply(files, new EditBlock(1, "train.py", "b = 2\n", "b = 3\n"));
        assertThat(applied(r)).containsExactly(Map.entry("train.py", "a = 1\r\nb = 3\r\n"));
    }

    @Test
    void aFileWithMixedLineEndsKeepsTheEndOfEveryLineNotEdited() {
        var files = Map.of("train.py", "a = 1\r\nb = 2\nc = 3\r\nd = 4\ne = 5\r\n");
        var r = apply(files, new EditBlock(1, "train.py", "b = 2\n", "b = 20\n"),
                new EditBlock(2, "train.py", "d = 4\n", "d = 4\nd2 = 4.5\n"));
        // the edited lines keep their ends; the new line takes the more common one, CRLF
        assertThat(applied(r)).containsExactly(Map.entry("train.py",
                "a = 1\r\nb = 20\nc = 3\r\nd = 4\nd2 = 4.5\r\ne = 5\r\n"));
    }

    @Test
    void aFileWithMixedLineEndsAndAByteOrderMarkKeepsBoth() {
        var r = apply(Map.of("train.py", "\uFEFFa = 1\nb = 2\r\nc = 3\n"),
                new EditBlock(1, "train.py", "a = 1\nb = 2\n", "a = 0\n"));
        assertThat(applied(r)).containsExactly(Map.entry("train.py", "\uFEFFa = 0\r\nc = 3\n"));
    }

    @Test
    void aChangeThatChangesNothingFails() {
        String account = failed(apply(Map.of("train.py", TRAIN), new EditBlock(1, "train.py", "BATCH\n", "BATCH\n")
                , new EditBlock(2, "train.py", "MATRIX_LR = 0.04\n", "MATRIX_LR = 0.04\n")));
        assertThat(account).contains("block 1 (train.py): the SEARCH text does not occur");
        account = failed(apply(Map.of("train.py", TRAIN), new EditBlock(1, "train.py", "MATRIX_LR = 0.04\n", "MATRIX_LR = 0.04\n")));
        assertThat(account).isEqualTo("- the edits change nothing: each REPLACE section equals its SEARCH section");
    }

    @Test
    void findsAFileNamedWithoutItsDirectoryWhenUnique() {
        var files = Map.of("src/model.py", "depth = 4\n");
        var r = apply(files, new EditBlock(1, "model.py", "depth = 4\n", "depth = 8\n"));
        assertThat(applied(r)).containsExactly(Map.entry("src/model.py", "depth = 8\n"));
    }

    @Test
    void matchesTheLastLineOfAFileWithoutNewline() {
        var files = Map.of("train.py", "a = 1\nb = 2");
        var r = apply(files, new EditBlock(1, "train.py", "b = 2\n", "b = 3\n"));
        assertThat(applied(r)).containsExactly(Map.entry("train.py", "a = 1\nb = 3"));
    }

    @Test
    void aReplyWithoutBlocksFails() {
        var files = new EditableFiles(Map.of("train.py", TRAIN), Set.of());
        var r = EditApplier.applyReply("HYPOTHESIS: something\nRATIONALE: because\n", files, SPEC);
        assertThat(failed(r)).isEqualTo("- the reply has no SEARCH/REPLACE edit blocks");
    }

    @Test
    void binaryFilesCannotBeEdited() {
        var r = EditApplier.apply(Map.of(), Set.of("src/weights.bin"),
                List.of(new EditBlock(1, "src/weights.bin", "a\n", "b\n")), SPEC);
        assertThat(failed(r)).contains("src/weights.bin is a binary file");
    }

    @Test
    void anExistingEmptyFileIsFilledFromAnEmptySearch() {
        var files = Map.of("train.py", TRAIN, "src/__init__.py", "");
        var r = apply(files, new EditBlock(1, "src/__init__.py", "", "VERSION = 1\n"));
        assertThat(applied(r)).containsExactly(Map.entry("src/__init__.py", "VERSION = 1\n"));
    }

    @Test
    void pathsAreNormalizedSoThatAnExistingFileIsNeverRecreated() {
        var files = Map.of("train.py", TRAIN, "src/model.py", "depth = 4\n");
        String account = failed(apply(files, new EditBlock(1, "src/./model.py", "", "depth = 9\n")));
        assertThat(account).isEqualTo("- block 1 (src/./model.py): the SEARCH section is empty but src/model.py"
                + " already exists and is not empty; quote the lines to replace in SEARCH");
        var r = apply(files, new EditBlock(1, "src//model.py", "depth = 4\n", "depth = 8\n"));
        assertThat(applied(r)).containsExactly(Map.entry("src/model.py", "depth = 8\n"));
    }

    @Test
    void aGitDiffPrefixIsDroppedWhenTheRestNamesAFile() {
        var files = Map.of("train.py", TRAIN, "src/model.py", "depth = 4\n");
        var r = apply(files,
                new EditBlock(1, "a/train.py", "MATRIX_LR = 0.04\n", "MATRIX_LR = 0.05\n"),
                new EditBlock(2, "b/src/model.py", "depth = 4\n", "depth = 8\n"));
        assertThat(applied(r)).containsOnly(
                Map.entry("train.py", TRAIN.replace("0.04", "0.05")),
                Map.entry("src/model.py", "depth = 8\n"));
    }

    @Test
    void pathsIntoGitMetadataAreRefused() {
        String account = failed(apply(Map.of("train.py", TRAIN),
                new EditBlock(1, "src/.git/hooks/pre-commit", "", "echo\n"),
                new EditBlock(2, "src/sub/.git", "", "gitdir: x\n")));
        assertThat(account).isEqualTo("- block 1 (src/.git/hooks/pre-commit): the path must be relative to the"
                + " repository root, stay inside it and stay out of .git\n"
                + "- block 2 (src/sub/.git): the path must be relative to the repository root, stay inside it and"
                + " stay out of .git");
    }

    @Test
    void blankLineDifferencesAreToleratedWhenTheMatchIsUnique() {
        var files = Map.of("train.py", "a = 1\n\nb = 2\nc = 3\n");
        var r = apply(files, new EditBlock(1, "train.py", "a = 1\nb = 2\n", "a = 1\nb = 5\n"));
        assertThat(applied(r)).containsExactly(Map.entry("train.py", "a = 1\nb = 5\nc = 3\n"));
        r = apply(Map.of("train.py", "a = 1\nb = 2\nc = 3\n"),
                new EditBlock(1, "train.py", "  a = 1\n\n\n  b = 2\n", "  a = 1\n\n  b = 6\n"));
        assertThat(applied(r)).containsExactly(Map.entry("train.py", "a = 1\n\nb = 6\nc = 3\n"));
    }

    @Test
    void anAmbiguousMatchIgnoringBlankLinesIsRefused() {
        var files = Map.of("train.py", "a = 1\n\nb = 2\nx = 0\na = 1\nb = 2\n\n");
        String account = failed(apply(files, new EditBlock(1, "train.py", "a = 1\n\n\nb = 2\n", "a = 3\n")));
        assertThat(account).isEqualTo("- block 1 (train.py): the SEARCH text matches 2 places in train.py (starting"
                + " at lines 1, 5); include more of the surrounding lines so that it matches exactly one");
    }

    @Test
    void theClosestPassageIgnoresBlankLinesAndNumbersSearchLinesAsWritten() {
        var files = Map.of("train.py", "x = 1\n\ny = 2\nz = 3\n");
        String account = failed(apply(files, new EditBlock(1, "train.py", "foo = 1\n\nbar = 2\n", "q\n")));
        assertThat(account).endsWith("None of its lines occur in the file, not even inside a line; copy the lines"
                + " to replace from the file as shown.");
        files = Map.of("train.py", "lr = 0.1\n\n\nsteps = 10\n");
        account = failed(apply(files, new EditBlock(1, "train.py", "\n\nlr = 0.1\nsteps = 5\n", "q\n")));
        assertThat(account).contains("The closest passage is lines 1-4, where SEARCH line 4 reads `steps = 5` but"
                + " line 4 of train.py reads `steps = 10`. Those lines of train.py are:\n"
                + "      1 | lr = 0.1\n      2 | \n      3 | \n      4 | steps = 10");
    }

    @Test
    void deeperReplaceLinesTakeTheFilesIndentationUnit() {
        String tabs = "def f():\n\tif x:\n\t\treturn 1\n";
        var r = apply(Map.of("train.py", tabs), new EditBlock(1, "train.py", "    if x:\n        return 1\n",
                "    if x:\n        if y:\n            return 2\n        return 1\n"));
        assertThat(applied(r)).containsExactly(Map.entry("train.py",
                "def f():\n\tif x:\n\t\tif y:\n\t\t\treturn 2\n\t\treturn 1\n"));

        String spaces = "def f():\n    if x:\n        return 1\n";
        r = apply(Map.of("train.py", spaces), new EditBlock(1, "train.py", "\tif x:\n\t\treturn 1\n",
                "\tif x:\n\t\tif y:\n\t\t\treturn 2\n"));
        assertThat(applied(r)).containsExactly(Map.entry("train.py",
                "def f():\n    if x:\n        if y:\n            return 2\n"));

        r = apply(Map.of("train.py", spaces), new EditBlock(1, "train.py", "def f():\n  if x:\n    return 1\n",
                "def f():\n  if x:\n    if y:\n      return 2\n    return 1\n"));
        assertThat(applied(r)).containsExactly(Map.entry("train.py",
                "def f():\n    if x:\n        if y:\n            return 2\n        return 1\n"));
    }

    @Test
    void aByteOrderMarkDoesNotHideTheFirstLineAndIsKept() {
        var r = apply(Map.of("train.py", "\uFEFFa = 1\r\nb = 2\r\n"), new EditBlock(1, "train.py", "a = 1\n", "a = 2\n"));
        assertThat(applied(r)).containsExactly(Map.entry("train.py", "\uFEFFa = 2\r\nb = 2\r\n"));
    }

    @Test
    void aNewFileCannotTakeThePlaceOfADirectoryOrSitUnderAFile() {
        var files = Map.of("train.py", TRAIN, "src/model.py", "depth = 4\n", "src/nn/layers.py", "x = 1\n");
        String account = failed(apply(files,
                new EditBlock(1, "src/model.py/extra.py", "", "y = 1\n"),
                new EditBlock(2, "src/nn", "", "z = 1\n")));
        assertThat(account).isEqualTo("- block 1 (src/model.py/extra.py): src/model.py/extra.py cannot be created:"
                + " src/model.py is a file\n"
                + "- block 2 (src/nn): src/nn cannot be created: it is a directory (holding src/nn/layers.py)");
    }
}
