package dev.autoresearch.maven;

import dev.autoresearch.core.testing.OutsideTmp;
import dev.autoresearch.core.testing.SystemComponent;
import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code autoresearch:run} confines the runs as the command does: with program.md's
 * {@code sandbox: true} a run that writes into the user's checkout is refused by bubblewrap, and
 * the goal's log says what the runs may write. Real bubblewrap, in a directory outside /tmp (the
 * sandbox's /tmp is its own, so a checkout there would hide what a write outside the worktree does).
 */
class RunMojoSandboxTest {
    private Path root;

    @BeforeEach
    void setUp() throws IOException {
        SystemComponent.require("bwrap", "install-bubblewrap.sh");
        root = OutsideTmp.create();
    }

    @AfterEach
    void tearDown() throws IOException {
        if (root != null) {
            OutsideTmp.delete(root);
        }
    }

    @Test
    void sandboxTrueConfinesTheRunsOfTheGoal() throws Exception {
        Path escaped = root.resolve("checkout").resolve("escaped.txt");
        TestRepo repo = TestRepo.init(root.resolve("checkout"));
        repo.write("score.txt", "SCORE = 10\n")
                .write("score.sh", "echo out > '" + escaped + "' && echo wrote-outside || echo refused-outside\n"
                        + "sed -n 's/^SCORE = \\([0-9]*\\).*/score: \\1/p' score.txt\n")
                .write("program.md", """
                        ---
                        metric: score
                        direction: minimize
                        run: sh score.sh
                        editable: [score.txt]
                        sandbox: true
                        tune:
                          - file: score.txt
                            name: SCORE
                            range: [1, 10]
                            scale: int
                        stop:
                          max-experiments: 1
                        ---
                        Make the score small.
                        """)
                .commitAll("initial");
        RunMojo mojo = new RunMojo();
        mojo.basedir = repo.root().toFile();
        mojo.tag = "box";
        RecordingLog log = new RecordingLog(true);
        mojo.setLog(log);

        mojo.execute();

        assertThat(log.info).anyMatch(l -> l.startsWith("autoresearch: experiments run in a sandbox (bubblewrap) "
                + "that may write only the worktree, a private /tmp"));
        assertThat(escaped).as("a file the run wrote into the user's checkout").doesNotExist();
        String runs;
        try (Stream<Path> logs = Files.list(repo.root().resolve(".autoresearch/box/runs"))) {
            StringBuilder all = new StringBuilder();
            for (Path p : logs.sorted().toList()) {
                all.append(Files.readString(p));
            }
            runs = all.toString();
        }
        assertThat(runs).contains("refused-outside").doesNotContain("wrote-outside");
    }
}
