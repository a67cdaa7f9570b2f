package dev.autoresearch.runners;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.StopCriteria;
import dev.autoresearch.core.testing.OutsideTmp;
import dev.autoresearch.core.testing.ScriptedStrategy;
import dev.autoresearch.core.testing.SimpleMetrics;
import dev.autoresearch.core.testing.SystemComponent;
import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A host that embeds the loop in Java, with a program.md that says {@code sandbox: true}: the loop is
 * either confined as the program asks or refuses to be built, never run unconfined. Real bubblewrap,
 * in a directory outside /tmp (the sandbox's /tmp is its own).
 */
class SandboxFromJavaTest {
    private Path root;
    private TestRepo repo;
    private Path outside;

    @BeforeEach
    void setUp() throws IOException {
        SystemComponent.require("bwrap", "install-bubblewrap.sh");
        root = OutsideTmp.create();
        repo = TestRepo.init(root.resolve("project"));
        outside = root.resolve("outside.txt");
        repo.write("score.txt", "10\n").write("run.sh", "echo escaped > '" + outside + "'\necho \"score: $(cat score.txt)\"\n")
                .write("program.md", "---\nmetric: score\nsandbox: true\n---\n").commitAll("a score");
    }

    @AfterEach
    void tearDown() throws IOException {
        if (root != null) {
            OutsideTmp.delete(root);
        }
    }

    private ResearchLoop.Builder loop(ProcessRunner runner) {
        ProgramSpec spec = ProgramSpec.parse(repo.root().resolve("program.md")).direction(Direction.MINIMIZE)
                .run("sh run.sh").timeout(Duration.ofSeconds(30)).editable("score.txt")
                .stop(StopCriteria.DEFAULT.withMaxExperiments(1)).build();
        return ResearchLoop.builder().repository(repo.root()).tag("s").program(spec)
                .strategy(ScriptedStrategy.of(ScriptedStrategy.step("score 10 -> 5", Map.of("score.txt", "5\n"))))
                .runner(runner).metrics(SimpleMetrics.summaryLines());
    }

    @Test
    void aRunnerThatDoesNotConfineIsRefusedWithWhatToDo() {
        assertThatThrownBy(() -> loop(ProcessRunner.builder().build()).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("program.md says sandbox: true")
                .hasMessageContaining("does not confine runs")
                .hasMessageContaining("ProcessRunner.builder().sandbox(")
                .hasMessageContaining("or set sandbox: false");
        assertThat(outside).doesNotExist();
        assertThat(repo.root().resolve(".autoresearch/s")).as("nothing was started").doesNotExist();
    }

    @Test
    void aSandboxedRunnerRunsConfined() throws Exception {
        ResearchReport report = loop(ProcessRunner.builder().sandbox(Sandbox.confined()).build()).build().run();
        assertThat(report.state().history()).extracting(r -> r.status()).containsExactly(Status.KEEP, Status.KEEP);
        assertThat(outside).as("the run could not write outside its worktree").doesNotExist();
        assertThat(Files.readString(repo.root().resolve(".autoresearch/s/runs/0.log"))).contains("Read-only file system");
    }
}
