package dev.autoresearch.core.loop;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.ResearchSession;
import dev.autoresearch.core.RunRequest;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.StopCriteria;
import dev.autoresearch.core.testing.InProcessRunner;
import dev.autoresearch.core.testing.InProcessRunner.Outcome;
import dev.autoresearch.core.testing.ScriptedStrategy;
import dev.autoresearch.core.testing.SimpleMetrics;
import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Ctrl-C while a candidate's checks run: the resume runs its checks on its own code and keeps it. */
class InterruptedChecksTest {
    @TempDir
    Path dir;

    @Test
    void theResumeRunsTheChecksOnTheCandidatesCodeNotTheBranchHead() throws Exception {
        TestRepo repo = TestRepo.init(dir.resolve("project"));
        repo.write("a.txt", "10\n").write("program.md", "---\nmetric: score\n---\n").commitAll("initial");
        ProgramSpec spec = ProgramSpec.builder().source(repo.root().resolve("program.md")).metric("score")
                .direction(Direction.MINIMIZE).run("./train").checks("./checks").editable("a.txt")
                .stop(StopCriteria.DEFAULT.withMaxExperiments(1)).build();
        CountDownLatch checking = new CountDownLatch(1);
        InProcessRunner hangingChecks = new InProcessRunner(request -> {
            if (request.purpose() == RunRequest.Purpose.CHECKS && request.experiment() == 1) {
                checking.countDown();
                Thread.sleep(60_000);
            }
            return Outcome.ok("score: " + Files.readString(request.workingDirectory().resolve("a.txt")));
        });
        ScriptedStrategy strategy = ScriptedStrategy.writing("a.txt", "9\n");
        ResearchSession first = ResearchLoop.builder().repository(repo.root()).tag("c").program(spec).strategy(strategy)
                .runner(hangingChecks).metrics(SimpleMetrics.summaryLines()).build().start();
        assertThat(checking.await(30, TimeUnit.SECONDS)).isTrue();
        first.cancel();
        assertThat(first.await(Duration.ofSeconds(30)).orElseThrow().interrupted()).isTrue();

        List<String> checkedCode = new CopyOnWriteArrayList<>();
        InProcessRunner quick = new InProcessRunner(request -> {
            String a = Files.readString(request.workingDirectory().resolve("a.txt")).strip();
            if (request.purpose() == RunRequest.Purpose.CHECKS) {
                checkedCode.add(a);
            }
            return Outcome.ok("score: " + a + "\n");
        });
        ResearchReport resumed = ResearchLoop.builder().repository(repo.root()).tag("c").program(spec).strategy(strategy)
                .runner(quick).metrics(SimpleMetrics.summaryLines()).build().run();
        ExperimentRecord candidate = resumed.state().record(1).orElseThrow();
        assertThat(candidate.status()).as(candidate.reason()).isEqualTo(Status.KEEP);
        assertThat(checkedCode).containsExactly("9");
        assertThat(repo.git("show", "autoresearch/c:a.txt")).isEqualTo("9");
    }
}
