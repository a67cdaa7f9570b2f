package dev.autoresearch.core.loop;

import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.StopCriteria;
import dev.autoresearch.core.ideas.Idea;
import dev.autoresearch.core.ideas.IdeasLedger;
import dev.autoresearch.core.testing.InProcessRunner;
import dev.autoresearch.core.testing.KilledJvm;
import dev.autoresearch.core.testing.SimpleMetrics;
import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The ideas ledger of a session killed with SIGKILL reads back, and the resume adds what it lacks. */
class LedgerAfterAKillTest {
    @TempDir
    Path dir;

    @Test
    void theLedgerReadsBackAfterAKillAndTheResumeAddsWhatTheJournalHasAndItLacks() throws Exception {
        TestRepo repo = TestRepo.init(dir.resolve("project"));
        repo.write("score.txt", "10\n").write("program.md", "---\nmetric: score\n---\n").commitAll("initial");

        KilledJvm.killWhen(KillableLoopMain.class, repo.root(), dir.resolve("marker"), dir.resolve("child.log"),
                m -> true);

        IdeasLedger ledger = IdeasLedger.of(repo.root());
        assertThat(ledger.read()).extracting(Idea::id).containsExactly("killed/0", "killed/1", "killed/2");
        // A kill between the journal's line and the ledger's: experiment 2's line torn halfway.
        String text = Files.readString(ledger.file(), StandardCharsets.UTF_8);
        int lastLine = text.lastIndexOf('\n', text.length() - 2) + 1;
        Files.writeString(ledger.file(), text.substring(0, lastLine + (text.length() - lastLine) / 2),
                StandardCharsets.UTF_8);
        assertThat(ledger.read()).extracting(Idea::id).containsExactly("killed/0", "killed/1");

        InProcessRunner runner = new InProcessRunner(request -> InProcessRunner.Outcome.ok(
                "score: " + Files.readString(request.workingDirectory().resolve("score.txt")).strip() + "\n"));
        ResearchLoop.builder().repository(repo.root()).tag("killed")
                .program(KillableLoopMain.spec(repo.root()).toBuilder()
                        .stop(StopCriteria.DEFAULT.withMaxExperiments(5)).build())
                .strategy(KillableLoopMain.strategy()).runner(runner).metrics(SimpleMetrics.summaryLines())
                .build().run();

        assertThat(ledger.read()).extracting(Idea::id)
                .containsExactlyInAnyOrder("killed/0", "killed/1", "killed/2", "killed/3", "killed/4", "killed/5");
        assertThat(ledger.read()).filteredOn(i -> i.experiment() == 2).singleElement()
                .satisfies(i -> assertThat(i.title()).isEqualTo("set score.txt to 12"));
    }
}
