package dev.autoresearch.core.loop;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.ResearchLoop;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.StopCriteria;
import dev.autoresearch.core.testing.InProcessRunner;
import dev.autoresearch.core.testing.InProcessRunner.Outcome;
import dev.autoresearch.core.testing.ScriptedStrategy;
import dev.autoresearch.core.testing.SimpleMetrics;
import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run that replaces the files the loop puts back with symbolic links must not get the loop,
 * which runs outside any sandbox, to write (or read) through them: the links are removed and the
 * files written in the worktree.
 */
class LinksLeftByARunTest {
    @TempDir
    Path dir;

    TestRepo repo;
    Path home;

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createDirectories(dir.resolve("home"));
        Files.createDirectories(home.resolve("elsewhere"));
        Files.writeString(home.resolve("victim.txt"), "the user's own file\n");
        repo = TestRepo.init(dir.resolve("project"));
        repo.write("score.txt", "10\n").write("prepare.py", "EVAL = 'fixed'\n").write("sub/eval.sh", "echo evaluating\n")
                .write("program.md", "---\nmetric: score\n---\nBrief.\n").commitAll("initial");
    }

    @Test
    void protectedFilesReplacedByLinksAreRestoredInTheWorktreeAndNothingOutsideIsWritten() throws Exception {
        InProcessRunner runner = new InProcessRunner(request -> {
            Path wt = request.workingDirectory();
            if (request.experiment() == 1) {
                Files.delete(wt.resolve("prepare.py"));
                Files.createSymbolicLink(wt.resolve("prepare.py"), home.resolve("victim.txt"));
                Files.delete(wt.resolve("program.md"));
                Files.createSymbolicLink(wt.resolve("program.md"), home.resolve("new.txt"));
                Files.delete(wt.resolve("sub/eval.sh"));
                Files.delete(wt.resolve("sub"));
                Files.createSymbolicLink(wt.resolve("sub"), home.resolve("elsewhere"));
            }
            return Outcome.ok("score: " + Files.readString(wt.resolve("score.txt")).strip() + "\n");
        });
        ProgramSpec spec = ProgramSpec.builder().source(repo.root().resolve("program.md")).metric("score")
                .direction(Direction.MINIMIZE).run("./train").editable("score.txt").readonly("prepare.py", "sub/eval.sh")
                .stop(StopCriteria.DEFAULT.withMaxExperiments(2)).build();
        ResearchReport report = ResearchLoop.builder().repository(repo.root()).tag("t1").program(spec)
                .strategy(ScriptedStrategy.writing("score.txt", "9\n", "8\n")).runner(runner)
                .metrics(SimpleMetrics.summaryLines()).build().run();

        assertThat(home.resolve("victim.txt")).hasContent("the user's own file\n");
        assertThat(home.resolve("new.txt")).doesNotExist();
        assertThat(home.resolve("elsewhere")).isEmptyDirectory();
        ExperimentRecord first = report.state().record(1).orElseThrow();
        assertThat(first.status()).isEqualTo(Status.INVALID);
        assertThat(first.reason()).contains("prepare.py", "program.md", "sub/eval.sh");
        assertThat(report.state().record(2).orElseThrow().status()).isEqualTo(Status.KEEP);
        Path worktree = repo.root().resolve(".autoresearch/t1/worktree");
        assertThat(Files.isSymbolicLink(worktree.resolve("prepare.py"))).isFalse();
        assertThat(worktree.resolve("prepare.py")).hasContent("EVAL = 'fixed'\n");
        assertThat(Files.isSymbolicLink(worktree.resolve("sub"))).isFalse();
        assertThat(worktree.resolve("sub/eval.sh")).hasContent("echo evaluating\n");
    }
}
