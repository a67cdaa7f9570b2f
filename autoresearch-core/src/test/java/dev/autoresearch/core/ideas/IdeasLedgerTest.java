package dev.autoresearch.core.ideas;

import dev.autoresearch.core.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IdeasLedgerTest {
    @TempDir
    Path dir;

    @Test
    void anIdeaIsReadBackAsItWasWritten() {
        IdeasLedger ledger = IdeasLedger.of(dir);
        Idea idea = Ideas.idea("nov28", 3, "p1").offered("try a warmup");

        ledger.append(idea);

        assertThat(ledger.file()).isEqualTo(dir.resolve(".autoresearch/ideas.jsonl"));
        assertThat(ledger.read()).containsExactly(idea);
        assertThat(idea.change().files()).containsExactly("train.py");
        assertThat(idea.change().names()).containsExactly("lr");
        assertThat(idea.change().before()).containsEntry("train.py", "abcdef1");
        assertThat(idea.change().words()).isEqualTo("lr in train.py (+1 -1)");
    }

    @Test
    void aTornLastLineIsIgnoredAndTheNextAppendDoesNotJoinIt() throws Exception {
        IdeasLedger ledger = IdeasLedger.of(dir);
        ledger.append(Ideas.idea("a", 1, "p"));
        String whole = Files.readString(ledger.file());
        Files.writeString(ledger.file(), whole.substring(0, whole.length() / 2), StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);

        assertThat(ledger.read()).extracting(Idea::id).containsExactly("a/1");

        ledger.append(Ideas.idea("a", 2, "p"));
        assertThat(ledger.read()).extracting(Idea::id).containsExactly("a/1", "a/2");
    }

    @Test
    void forgettingASessionRemovesItsLinesOnly() {
        IdeasLedger ledger = IdeasLedger.of(dir);
        ledger.append(List.of(Ideas.idea("a", 1, "p"), Ideas.idea("b", 1, "p"), Ideas.idea("a", 2, "p")));

        assertThat(ledger.forget("a")).isEqualTo(2);

        assertThat(ledger.read()).extracting(Idea::id).containsExactly("b/1");
        assertThat(ledger.forget("nothing")).isZero();
    }

    @Test
    void noLedgerYetIsAnEmptyOne() {
        assertThat(IdeasLedger.of(dir).read()).isEmpty();
    }

    @Test
    void theUsersIdeasAreOneALineAndOpenUntilTried() {
        List<String> ideas = UserIdeas.parse("# Ideas\n\n- try a cosine schedule\n* halve the batch\n1. use bf16\n"
                + "[ ] fuse the kernels\n<!-- not this\n- nor this -->\n- try a cosine schedule\n");

        assertThat(ideas).containsExactly("try a cosine schedule", "halve the batch", "use bf16", "fuse the kernels");
        UserIdeas user = new UserIdeas(dir.resolve("ideas.md"), ideas);
        assertThat(user.open(List.of(Ideas.idea("a", 1, "p").offered("use bf16"),
                Ideas.idea("a", 2, "p", "x.py", "y", "1111111", Status.KEEP))))
                .containsExactly("try a cosine schedule", "halve the batch", "fuse the kernels");
    }
}
