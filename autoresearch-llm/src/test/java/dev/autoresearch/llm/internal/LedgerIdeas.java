package dev.autoresearch.llm.internal;

import dev.autoresearch.core.Status;
import dev.autoresearch.core.ideas.ChangeSummary;
import dev.autoresearch.core.ideas.CodeLineage;
import dev.autoresearch.core.ideas.Idea;
import dev.autoresearch.core.ideas.IdeasView;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** A ledger of synthetic ideas, as earlier sessions on a training script would leave it. */
public final class LedgerIdeas {
    private static final String[] NAMES = {"MATRIX_LR", "EMBED_LR", "WARMUP", "BATCH", "DEPTH", "DROPOUT",
        "WEIGHT_DECAY", "ADAM_BETA2", "HEAD_DIM", "SEQ_LEN", "GRAD_CLIP", "SCHEDULE"};

    private LedgerIdeas() {
    }

    /** {@code size} ideas of session {@code earlier}, on a dozen settings of train.py, one in ten kept. */
    public static List<Idea> of(int size) {
        List<Idea> ideas = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            String name = NAMES[i % NAMES.length];
            String diff = "diff --git a/train.py b/train.py\nindex 1a2b3c4..5d6e7f8 100644\n--- a/train.py\n"
                    + "+++ b/train.py\n@@ -10 +10 @@ def model():\n-" + name + " = 0.04\n+" + name + " = 0.0" + (i % 9 + 1)
                    + "\n";
            Status status = i % 10 == 0 ? Status.KEEP : i % 13 == 0 ? Status.CRASH : Status.DISCARD;
            ideas.add(new Idea("earlier", i, String.format("Set %s to 0.0%d, variant %04d of a longer title here", name,
                    i % 9 + 1, i), "because it may help", ChangeSummary.of(diff), status,
                    OptionalDouble.of(0.99 - i * 1e-5), OptionalDouble.of(i % 10 == 0 ? -0.001 : 0.002),
                    OptionalDouble.empty(), "parent" + (i / 10), "tree" + (i / 10), "commit" + i, "tree" + i,
                    status == Status.KEEP ? "" : "worse than the best", Optional.empty(),
                    Instant.parse("2026-12-06T00:00:00Z")));
        }
        return ideas;
    }

    /** The view of a ledger of {@code size} ideas, from a champion none of them was tried on. */
    public static IdeasView view(int size) {
        return IdeasView.of(of(size), CodeLineage.UNKNOWN, 2, Optional.of("try a cosine schedule"));
    }
}
