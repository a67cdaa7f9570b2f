package dev.autoresearch.core.tune;

import dev.autoresearch.core.AutoresearchException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AssignmentTest {

    /** The hyperparameter block of a GPT training script in the style of Karpathy's train.py. */
    static final String TRAIN_PY = String.join("\n",
            "import torch",
            "",
            "# ---------------------------------------------------------------------------",
            "# Hyperparameters (edit these directly, no CLI flags needed)",
            "# ---------------------------------------------------------------------------",
            "",
            "# Model architecture",
            "ASPECT_RATIO = 64       # model_dim = depth * ASPECT_RATIO",
            "HEAD_DIM = 128          # target head dimension for attention",
            "WINDOW_PATTERN = \"SSSL\" # sliding window pattern: L=full, S=half context",
            "",
            "# Optimization",
            "TOTAL_BATCH_SIZE = 2**19 # ~524K tokens per optimizer step",
            "EMBEDDING_LR = 0.6      # learning rate for token embeddings (Adam)",
            "UNEMBEDDING_LR = 0.004  # learning rate for lm_head (Adam)",
            "MATRIX_LR = 0.04        # learning rate for matrix parameters (Muon)",
            "SCALAR_LR = 0.5         # learning rate for per-layer scalars (Adam)",
            "WEIGHT_DECAY = 0.2      # cautious weight decay for Muon",
            "ADAM_BETAS = (0.8, 0.95) # Adam beta1, beta2",
            "WARMUP_RATIO = 0.0      # fraction of time budget for LR warmup",
            "WARMDOWN_RATIO = 0.5    # fraction of time budget for LR warmdown",
            "FINAL_LR_FRAC = 0.0     # final LR as fraction of initial",
            "",
            "# Model size",
            "DEPTH = 8               # number of transformer layers",
            "DEVICE_BATCH_SIZE = 128  # per-device batch size (reduce if OOM)",
            "",
            "# MATRIX_LR = 0.05 was worse",
            "optimizer = model.setup_optimizer(",
            "    unembedding_lr=UNEMBEDDING_LR,",
            "    matrix_lr=MATRIX_LR,",
            "    weight_decay=WEIGHT_DECAY,",
            ")",
            "if MATRIX_LR == 0.04:",
            "    lr = MATRIX_LR * 2",
            "MATRIX_LR_SCALE = 1.0",
            "print(f\"MATRIX_LR = {MATRIX_LR}\")",
            "");

    @Test
    void findsAndRewritesKarpathysLearningRateKeepingTheComment() {
        Assignment a = Assignment.locate("train.py", TRAIN_PY, "MATRIX_LR");

        assertThat(a.line()).isEqualTo(16);
        assertThat(a.literal()).isEqualTo("0.04");
        assertThat(a.value()).isEqualTo(0.04);
        String rewritten = a.rewrite(TRAIN_PY, "0.05");
        assertThat(rewritten).isEqualTo(TRAIN_PY.replace(
                "MATRIX_LR = 0.04        # learning rate for matrix parameters (Muon)",
                "MATRIX_LR = 0.05        # learning rate for matrix parameters (Muon)"));
    }

    @Test
    void readsEveryNumericConstantOfTheBlock() {
        assertThat(Assignment.locate("train.py", TRAIN_PY, "ASPECT_RATIO").value()).isEqualTo(64);
        assertThat(Assignment.locate("train.py", TRAIN_PY, "EMBEDDING_LR").value()).isEqualTo(0.6);
        assertThat(Assignment.locate("train.py", TRAIN_PY, "UNEMBEDDING_LR").value()).isEqualTo(0.004);
        assertThat(Assignment.locate("train.py", TRAIN_PY, "WEIGHT_DECAY").value()).isEqualTo(0.2);
        assertThat(Assignment.locate("train.py", TRAIN_PY, "WARMUP_RATIO").value()).isEqualTo(0.0);
        assertThat(Assignment.locate("train.py", TRAIN_PY, "DEPTH").line()).isEqualTo(25);
        assertThat(Assignment.locate("train.py", TRAIN_PY, "DEVICE_BATCH_SIZE").value()).isEqualTo(128);
    }

    @Test
    void anExpressionIsAnErrorNamingFileLineAndParameter() {
        assertThatThrownBy(() -> Assignment.locate("train.py", TRAIN_PY, "TOTAL_BATCH_SIZE"))
                .isInstanceOf(AutoresearchException.class)
                .hasMessage("train.py:13: parameter TOTAL_BATCH_SIZE is assigned an expression ('2**19'), not a number; "
                        + "tune needs a literal number such as 'TOTAL_BATCH_SIZE = 0.04'");
        assertThatThrownBy(() -> Assignment.locate("train.py", TRAIN_PY, "ADAM_BETAS"))
                .hasMessageStartingWith("train.py:19: parameter ADAM_BETAS is assigned an expression ('(0.8, 0.95)')");
        assertThatThrownBy(() -> Assignment.locate("train.py", TRAIN_PY, "WINDOW_PATTERN"))
                .hasMessageStartingWith("train.py:10: parameter WINDOW_PATTERN is assigned an expression ('\"SSSL\"')");
        assertThatThrownBy(() -> Assignment.locate("Train.java", "static final double LR = 0.02 * 2; // doubled\n", "LR"))
                .hasMessage("Train.java:1: parameter LR is assigned an expression ('0.02 * 2'), not a number; "
                        + "tune needs a literal number such as 'static final double LR = 0.04;'");
    }

    @Test
    void aMissingNameIsAnErrorWithAnExampleInTheFilesLanguage() {
        assertThatThrownBy(() -> Assignment.locate("train.py", TRAIN_PY, "FOO"))
                .isInstanceOf(AutoresearchException.class)
                .hasMessage("train.py: parameter FOO not found; expected an assignment such as 'FOO = 0.04'");
        assertThatThrownBy(() -> Assignment.locate("src/Train.java", "class Train {}\n", "LR"))
                .hasMessage("src/Train.java: parameter LR not found; expected an assignment such as "
                        + "'static final double LR = 0.04;'");
        assertThatThrownBy(() -> Assignment.locate("conf/train.yaml", "epochs: 3\n", "lr"))
                .hasMessage("conf/train.yaml: parameter lr not found; expected an assignment such as 'lr: 0.04'");
        assertThatThrownBy(() -> Assignment.locate("train.py", TRAIN_PY, "matrix_lr"))
                .as("names are case-sensitive; a keyword argument on its own line counts as an assignment")
                .hasMessageStartingWith("train.py:31: parameter matrix_lr is assigned an expression ('MATRIX_LR')");
        assertThatThrownBy(() -> Assignment.locate("train.py", TRAIN_PY, "Matrix_Lr"))
                .hasMessageContaining("parameter Matrix_Lr not found");
    }

    @Test
    void twoAssignmentsAreAnErrorNamingBothLines() {
        String text = "X = 1\n\n# comment\nY = 2\n\n\n\n\nX = 3\n";
        assertThatThrownBy(() -> Assignment.locate("a.py", text, "X"))
                .isInstanceOf(AutoresearchException.class)
                .hasMessage("a.py: found 2 assignments of X (lines 1 and 9); tune needs exactly one, "
                        + "so rename or remove the others");
        assertThatThrownBy(() -> Assignment.locate("a.py", "X = 1\nX = 2\nX = 3 * 2\n", "X"))
                .hasMessageContaining("found 3 assignments of X (lines 1, 2 and 3)");
    }

    @Test
    void javaConstants() {
        String java = String.join("\n",
                "public class Train {",
                "    static final double LEARNING_RATE = 0.001;",
                "    private static final int HIDDEN = 16; // width",
                "    static final float DROPOUT = 0.5f;   // keep probability",
                "    static final long STEPS = 100L;",
                "    static final int BATCH = 524_288;",
                "    public static final double EPS = 2e-4;",
                "    void f() { double x = LEARNING_RATE * HIDDEN; }",
                "}");
        Assignment lr = Assignment.locate("Train.java", java, "LEARNING_RATE");
        assertThat(lr.line()).isEqualTo(2);
        assertThat(lr.rewrite(java, "0.002")).contains("    static final double LEARNING_RATE = 0.002;\n");

        Assignment hidden = Assignment.locate("Train.java", java, "HIDDEN");
        assertThat(hidden.value()).isEqualTo(16);
        assertThat(hidden.rewrite(java, "24")).contains("    private static final int HIDDEN = 24; // width\n");

        Assignment dropout = Assignment.locate("Train.java", java, "DROPOUT");
        assertThat(dropout.literal()).isEqualTo("0.5f");
        assertThat(dropout.rewrite(java, "1")).contains("DROPOUT = 1.0f;   // keep probability");

        assertThat(Assignment.locate("Train.java", java, "STEPS").rewrite(java, "200")).contains("STEPS = 200L;");
        Assignment batch = Assignment.locate("Train.java", java, "BATCH");
        assertThat(batch.value()).isEqualTo(524_288);
        assertThat(batch.rewrite(java, "262144")).contains("BATCH = 262_144;");
        Assignment eps = Assignment.locate("Train.java", java, "EPS");
        assertThat(eps.value()).isEqualTo(2e-4);
        assertThat(eps.rewrite(java, "3e-4")).contains("EPS = 3e-4;");
        assertThat(eps.rewrite(java, "1")).contains("EPS = 1.0;");
    }

    @Test
    void javaScriptConstants() {
        String js = "const LR = 0.04\nexport let DECAY: number = 1e-5; // per step\nconsole.log(LR)\n";
        Assignment lr = Assignment.locate("train.js", js, "LR");
        assertThat(lr.line()).isEqualTo(1);
        assertThat(lr.rewrite(js, "0.05")).isEqualTo(js.replace("LR = 0.04", "LR = 0.05"));
        Assignment decay = Assignment.locate("train.ts", js, "DECAY");
        assertThat(decay.value()).isEqualTo(1e-5);
        assertThat(decay.rewrite(js, "2e-5")).contains("export let DECAY: number = 2e-5; // per step\n");
    }

    @Test
    void yamlKeys() {
        String yaml = "model:\n  hidden: 64\noptim:\n  lr: 0.04  # comment\n  schedule: cosine\n";
        Assignment lr = Assignment.locate("conf.yaml", yaml, "lr");
        assertThat(lr.line()).isEqualTo(4);
        assertThat(lr.rewrite(yaml, "0.03")).isEqualTo(yaml.replace("lr: 0.04  # comment", "lr: 0.03  # comment"));
        assertThat(Assignment.locate("conf.yaml", yaml, "hidden").value()).isEqualTo(64);
        assertThatThrownBy(() -> Assignment.locate("conf.yaml", yaml, "schedule"))
                .hasMessageContaining("conf.yaml:5: parameter schedule is assigned an expression ('cosine')");
        assertThat(Assignment.locate("conf.json", "{\n  \"lr\": 0.04,\n  \"wd\": 0.1\n}\n", "lr").line()).isEqualTo(2);
    }

    @Test
    void otherFormsAndLineEndings() {
        assertThat(Assignment.locate("a.py", "LR: float = 0.04\n", "LR").value()).isEqualTo(0.04);
        assertThat(Assignment.locate("a.kt", "const val N = 16\n", "N").value()).isEqualTo(16);
        assertThat(Assignment.locate("a.go", "\tn := -3\n", "n").value()).isEqualTo(-3);
        assertThat(Assignment.locate("a.toml", "lr = .5\n", "lr").value()).isEqualTo(0.5);
        String crlf = "A = 1\r\nLR = 0.04 # x\r\nB = 2\r\n";
        Assignment lr = Assignment.locate("a.py", crlf, "LR");
        assertThat(lr.line()).isEqualTo(2);
        assertThat(lr.rewrite(crlf, "0.5")).isEqualTo("A = 1\r\nLR = 0.5 # x\r\nB = 2\r\n");
    }

    @Test
    void aRewriteOfChangedTextIsRefused() {
        Assignment lr = Assignment.locate("a.py", "LR = 0.04\n", "LR");
        assertThatThrownBy(() -> lr.rewrite("LR = 0.4\n", "0.5")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anIntegerTypeBeforeTheNameOrInItsAnnotationOrAnLSuffixIsReported() {
        assertThat(integerType("Train.java", "    static final int HIDDEN = 16;   // units")).hasValue("declared int");
        assertThat(integerType("Train.java", "private static final long HIDDEN = 16;")).hasValue("declared long");
        assertThat(integerType("Train.java", "static final Integer HIDDEN = 16;")).hasValue("declared Integer");
        assertThat(integerType("Train.java", "        final var HIDDEN = 16L;")).hasValue("written 16L");
        assertThat(integerType("main.c", "const short HIDDEN = 16;")).hasValue("declared short");
        assertThat(integerType("main.c", "static const uint32_t HIDDEN = 16;")).hasValue("declared uint32_t");
        assertThat(integerType("Train.cs", "public const byte HIDDEN = 16;")).hasValue("declared byte");
        assertThat(integerType("Train.kt", "const val HIDDEN: Int = 16")).hasValue("declared Int");
        assertThat(integerType("Train.kt", "val HIDDEN: Long = 16L")).hasValue("declared Long");
        assertThat(integerType("main.rs", "const HIDDEN: usize = 16;")).hasValue("declared usize");

        assertThat(integerType("Train.java", "static final double HIDDEN = 16;")).isEmpty();
        assertThat(integerType("Train.kt", "const val HIDDEN = 16")).isEmpty();
        assertThat(integerType("train.ts", "export const HIDDEN: number = 16;")).isEmpty();
        assertThat(integerType("config.yaml", "HIDDEN: 16")).isEmpty();
        assertThat(integerType("Train.java", "static final float HIDDEN = 16f;")).isEmpty();
        assertThat(integerType("train.py", "HIDDEN: int = 16  # a float here still runs")).as("Python").isEmpty();
        assertThat(integerType("train.py", "HIDDEN = 16")).isEmpty();
    }

    private static java.util.Optional<String> integerType(String file, String line) {
        return Assignment.locate(file, "// hyperparameters\n" + line + "\n", "HIDDEN").integerType();
    }
}
