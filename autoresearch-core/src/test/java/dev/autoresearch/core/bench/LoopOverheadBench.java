package dev.autoresearch.core.bench;

import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.ResearchReport;
import dev.autoresearch.core.testing.TestRepo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Prints what the loop itself adds to each experiment: the change, the commit, the patch, the
 * protected-file check, the journal line synced to disk, results.tsv and the reset, around a run
 * that takes no time (an in-process runner). Medians over N experiments, for repositories of a few
 * files and of 2,000 files. A benchmark, not a test: figures only.
 *
 * <pre>
 * mvn -B -q -pl autoresearch-core test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp autoresearch-core/target/test-classes:autoresearch-core/target/classes:$(cat autoresearch-core/target/cp.txt) \
 *     dev.autoresearch.core.bench.LoopOverheadBench [N]
 * </pre>
 */
public final class LoopOverheadBench {
    private LoopOverheadBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        System.out.printf(Locale.ROOT, "%-22s %12s %12s %12s%n", "repository", "experiments", "median ms", "p90 ms");
        for (int files : new int[] {3, 2000}) {
            Path dir = Files.createTempDirectory("loop-bench");
            TestRepo repo = TestRepo.init(dir.resolve("project"));
            repo.write("score.txt", "1000\n");
            for (int i = 0; i < files; i++) {
                repo.write("src/pkg" + (i % 20) + "/File" + i + ".java", "class File" + i + " {}\n");
            }
            repo.commitAll("initial");
            ResearchReport report = NoTimeSession.builder(repo.root(), n, "src/**").build().run();
            List<Long> millis = new ArrayList<>();
            for (ExperimentRecord r : report.state().history().subList(1, report.state().history().size())) {
                millis.add(r.duration().toMillis());
            }
            Collections.sort(millis);
            System.out.printf(Locale.ROOT, "%-22s %12d %12d %12d%n", (files + 1) + " tracked files", millis.size(),
                    millis.get(millis.size() / 2), millis.get((int) (millis.size() * 0.9)));
        }
    }
}
