package dev.autoresearch.cli;

import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RmCommandTest {
    @TempDir
    Path dir;

    static final String STAY = "its ideas stay in .autoresearch/ideas.jsonl (--forget-ideas removes them)\n";

    TestRepo repo;
    Cli cli;

    @BeforeEach
    void setUp() {
        repo = TestRepo.init(dir.resolve("project"));
        repo.write("score.txt", "10\n").write("program.md", RunCommandTest.PROGRAM);
        repo.commitAll("initial");
        cli = new Cli(repo.root());
    }

    @Test
    void rmRemovesTheSessionSoTheSameTagStartsAfresh() {
        assertThat(cli.run("run", "--tag", "t1").code()).isEqualTo(0);

        Cli.Result r = cli.run("rm", "--tag", "t1");

        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).isEqualTo("removed .autoresearch/t1\nremoved 1 worktree\ndeleted branch autoresearch/t1\n"
                + STAY);
        assertThat(repo.root().resolve(".autoresearch/t1")).doesNotExist();
        assertThat(repo.git("worktree", "list", "--porcelain").lines().filter(l -> l.startsWith("worktree "))).hasSize(1);
        assertThat(cli.run("run", "--tag", "t1").code()).isEqualTo(0);
    }

    @Test
    void aStartRefusedForABranchWithoutItsFolderIsAUsageErrorThatLeavesNoFolder() throws Exception {
        assertThat(cli.run("run", "--tag", "t1").code()).isEqualTo(0);
        dev.autoresearch.core.internal.git.SessionWorktrees.deleteTree(repo.root().resolve(".autoresearch/t1"));

        Cli.Result refused = cli.run("run", "--tag", "t1");

        assertThat(refused.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.err()).contains("git branch -D autoresearch/t1");
        assertThat(repo.root().resolve(".autoresearch/t1")).doesNotExist();
        // The refusal forgot the deleted worktree already, so that 'git branch -D' works as advised.
        Cli.Result rm = cli.run("rm", "--tag", "t1", "--keep-branch");
        assertThat(rm.out()).isEqualTo("branch autoresearch/t1 left: kept as asked\n" + STAY);
        assertThat(cli.run("rm", "--tag", "t1").out()).isEqualTo("deleted branch autoresearch/t1\n" + STAY);
    }

    @Test
    void theSessionsIdeasOutliveItUnlessForgotten() {
        assertThat(cli.run("run", "--tag", "t1").code()).isEqualTo(0);
        assertThat(cli.run("run", "--tag", "t2", "--fresh-memory").code()).isEqualTo(0);

        Cli.Result r = cli.run("rm", "--tag", "t1", "--forget-ideas");

        assertThat(r.out()).endsWith("removed 4 ideas of session t1 from .autoresearch/ideas.jsonl\n");
        assertThat(dev.autoresearch.core.ideas.IdeasLedger.of(repo.root()).read())
                .extracting(dev.autoresearch.core.ideas.Idea::session).containsOnly("t2").hasSize(4);
    }

    @Test
    void forgettingIdeasWhileAnotherSessionRunsIsRefusedBeforeAnythingIsRemoved() {
        assertThat(cli.run("run", "--tag", "t1").code()).isEqualTo(0);
        Path lock = dev.autoresearch.core.journal.SessionFiles.of(repo.root(), "t2").lock();
        try (var running = dev.autoresearch.core.internal.session.SessionLock.acquire(lock, "t2")) {
            Cli.Result r = cli.run("rm", "--tag", "t1", "--forget-ideas");

            assertThat(r.code()).isNotZero();
            assertThat(r.err()).contains("session 't2' is running", "forgetting the ideas of session 't1' waits until no "
                    + "session of this repository runs");
            assertThat(repo.root().resolve(".autoresearch/t1")).exists();
        }
        assertThat(cli.run("rm", "--tag", "t1", "--forget-ideas").out())
                .endsWith("removed 4 ideas of session t1 from .autoresearch/ideas.jsonl\n");
    }

    @Test
    void rmOfNoSessionIsAUsageError() {
        Cli.Result r = cli.run("rm", "--tag", "nope");

        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("autoresearch: there is no session 'nope' to remove");
    }
}
