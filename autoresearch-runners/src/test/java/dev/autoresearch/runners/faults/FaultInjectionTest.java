package dev.autoresearch.runners.faults;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.journal.Journal;
import dev.autoresearch.core.journal.JournalContents;
import dev.autoresearch.core.testing.TestRepo;
import dev.autoresearch.runners.faults.FaultInjectionFixture.KillPoint;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills the loop (its whole JVM, as SIGKILL would) at each journalled step of an experiment, with
 * 1 lane and with 4, and resumes: numbering is contiguous, nothing is lost or recorded twice,
 * results.tsv says what the journal says, the branch is at the best kept commit, and no process of
 * the killed session is alive once the resumed session starts a run.
 */
class FaultInjectionTest {
    @TempDir
    Path dir;

    static Stream<Arguments> killPoints() {
        List<Arguments> all = new ArrayList<>();
        for (int lanes : new int[] {1, 4}) {
            for (KillPoint point : KillPoint.values()) {
                all.add(Arguments.of(lanes, point));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} lane(s), killed when {1}")
    @MethodSource("killPoints")
    void aLoopKilledAtAnyStepResumesWithNothingLostOrDoubled(int lanes, KillPoint point) throws Exception {
        TestRepo repo = TestRepo.init(dir.resolve("project"));
        repo.write("score.txt", "10\n").write("run.sh", FaultInjectionFixture.runScript())
                .write("program.md", "---\nmetric: score\n---\n").commitAll("initial");
        Path pids = dir.resolve("pids");

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                FaultInjectionFixture.class.getName(), repo.root().toString(), Integer.toString(lanes), point.name(),
                "2", pids.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("the killed session ended").isTrue();
        assertThat(child.exitValue()).as("halted at the kill point; child log:%n%s",
                Files.readString(dir.resolve("child.log"))).isEqualTo(137);

        ResearchReport resumed = FaultInjectionFixture.loop(repo.root(), lanes, pids, "resumed").run();

        Path session = repo.root().resolve(".autoresearch").resolve(FaultInjectionFixture.TAG);
        JournalContents journal = Journal.read(session.resolve("journal.jsonl"));
        ResearchState state = journal.state();
        assertThat(state.history()).extracting(ExperimentRecord::experiment).as("every number once, none missing")
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(0, FaultInjectionFixture.EXPERIMENTS)
                        .boxed().toList());
        assertThat(journal.pending()).isEmpty();
        assertThat(resumed.state().history()).extracting(ExperimentRecord::experiment)
                .containsExactlyElementsOf(state.history().stream().map(ExperimentRecord::experiment).toList());
        List<String> rows = Files.readAllLines(session.resolve("results.tsv"), StandardCharsets.UTF_8);
        assertThat(rows).hasSize(state.history().size() + 1);
        for (int i = 0; i < state.history().size(); i++) {
            ExperimentRecord r = state.history().get(i);
            assertThat(rows.get(i + 1)).as("results.tsv row %d", i + 1).startsWith(r.commit().substring(0, 7))
                    .contains("\t" + r.status().keyword() + "\t");
        }
        ExperimentRecord best = state.best().orElseThrow();
        assertThat(best.status()).isEqualTo(Status.KEEP);
        assertThat(repo.git("rev-parse", "autoresearch/" + FaultInjectionFixture.TAG)).isEqualTo(best.commit());
        Path alive = Path.of(pids + ".alive");
        assertThat(Files.exists(alive) ? Files.readString(alive) : "")
                .as("processes of the killed session alive when the resumed one ran").isEmpty();
    }
}
