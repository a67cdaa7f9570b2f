package dev.autoresearch.cli;

import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class IdeasCommandTest {
    @TempDir
    Path dir;

    TestRepo repo;
    Cli cli;

    @BeforeEach
    void setUp() {
        repo = TestRepo.init(dir.resolve("project"));
        repo.write("score.txt", "10\n").write("program.md", RunCommandTest.PROGRAM)
                .write("ideas.md", "# Ideas\n- try a score of 3\n- try a score of 2\n");
        repo.commitAll("initial");
        cli = new Cli(repo.root());
    }

    @Test
    void listsWhatEverySessionTriedKeptFirstAndTheUsersIdeasStillOpen() {
        assertThat(cli.run("run", "--tag", "t1").code()).isEqualTo(0);

        Cli.Result r = cli.run("ideas");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("ideas ledger .autoresearch/ideas.jsonl: 3 tried in 1 session, 2 kept; "
                + "2 of your ideas open\n\nkept\n  t1/1  set score.txt to 8  [keep, 8 (-2 against its parent); "
                + "score.txt (+1 -1)]\n");
        assertThat(r.out()).contains("\ntried\n  t1/2  set score.txt to 9  [discard, 9 (+1 against its parent); "
                + "score.txt (+1 -1)]\n");
        assertThat(r.out()).endsWith("\nopen (ideas.md)\n  try a score of 3\n  try a score of 2\n");
    }

    @Test
    void statusSaysHowManyOfTheUsersIdeasAreLeft() {
        assertThat(cli.run("run", "--tag", "t1").code()).isEqualTo(0);

        Cli.Result r = cli.run("status");

        assertThat(r.out()).endsWith("your ideas (ideas.md): 2 of 2 left to try\n");
    }

    @Test
    void anEmptyLedgerSaysSo() {
        Cli.Result r = cli.run("ideas");

        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("ideas ledger .autoresearch/ideas.jsonl: 0 tried in 0 sessions, 0 kept; "
                + "2 of your ideas open\n\nopen (ideas.md)\n  try a score of 3\n  try a score of 2\n");
    }
}
