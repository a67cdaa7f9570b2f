package dev.autoresearch.maven;

import dev.autoresearch.core.testing.TestRepo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;

import java.nio.file.Path;

/** A repository whose program tunes one setting of score.txt, and a session of one experiment run on it by the run goal. */
final class OneExperimentSession {
    private OneExperimentSession() {
    }

    /** Makes the repository in {@code root} (with {@code ideas} as its ideas.md when not empty) and runs session {@code tag}. */
    static TestRepo run(Path root, String tag, String ideas) throws MojoExecutionException, MojoFailureException {
        TestRepo repo = TestRepo.init(root);
        repo.write("score.txt", "SCORE = 10\n")
                .write("score.sh", "sed -n 's/^SCORE = \\([0-9]*\\).*/score: \\1/p' score.txt\n")
                .write("program.md", """
                        ---
                        metric: score
                        direction: minimize
                        run: sh score.sh
                        editable: [score.txt]
                        tune:
                          - file: score.txt
                            name: SCORE
                            range: [1, 10]
                            scale: int
                        stop:
                          max-experiments: 1
                        ---
                        """);
        if (!ideas.isEmpty()) {
            repo.write("ideas.md", ideas);
        }
        repo.commitAll("initial");
        RunMojo run = new RunMojo();
        run.basedir = repo.root().toFile();
        run.tag = tag;
        run.setLog(new RecordingLog(false));
        run.execute();
        return repo;
    }
}
