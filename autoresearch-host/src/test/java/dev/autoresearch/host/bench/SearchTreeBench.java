package dev.autoresearch.host.bench;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ExperimentRecord;
import dev.autoresearch.core.Hypothesis;
import dev.autoresearch.core.ResearchState;
import dev.autoresearch.core.Status;
import dev.autoresearch.core.journal.GeneratedJournal;
import dev.autoresearch.core.journal.Journal;
import dev.autoresearch.core.journal.JournalHeader;
import dev.autoresearch.core.journal.SessionFiles;
import dev.autoresearch.core.testing.TestRecords;
import dev.autoresearch.host.OptionStyle;
import dev.autoresearch.host.SessionStatus;
import dev.autoresearch.host.report.HtmlReport;
import dev.autoresearch.host.report.SearchTree;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What showing a tree search costs at size: for a journal of a tree search (a lineage of one keep in
 * sixteen experiments, a side node in nine on a random node, the rest failed runs on a random node),
 * the time to build its {@link SearchTree} from the state, to print {@code status}, and to write the
 * page, with the page's size. A benchmark, not a test: figures only.
 *
 * <pre>
 * mvn -B -q -pl autoresearch-host -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * M=autoresearch; T=target
 * java -Xmx2g -cp $M-host/$T/test-classes:$M-host/$T/classes:$M-core/$T/test-classes:$M-core/$T/classes:$M-runners/$T/classes:$M-llm/$T/classes:$(cat $M-host/$T/cp.txt) \
 *     dev.autoresearch.host.bench.SearchTreeBench [sizes, default 10000 100000]
 * </pre>
 */
public final class SearchTreeBench {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private SearchTreeBench() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (String a : args) {
            sizes.add(Integer.parseInt(a));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(10_000, 100_000);
        }
        Path dir = Files.createTempDirectory("search-tree-bench");
        System.out.printf("%12s %8s %10s %10s %10s %10s %10s%n", "experiments", "nodes", "lineage", "tree ms",
                "status ms", "page ms", "page MB");
        for (int size : sizes) {
            SessionFiles files = tree(new SessionFiles(dir.resolve("tree-" + size)), size);
            ResearchState state = Journal.read(files.journal()).state();
            SearchTree tree = null;
            long treeMs = Long.MAX_VALUE;
            long statusMs = Long.MAX_VALUE;
            long pageMs = Long.MAX_VALUE;
            HtmlReport page = new HtmlReport();
            for (int round = 0; round < 3; round++) { // the best of three, after the JIT has seen it
                long t = System.nanoTime();
                tree = SearchTree.of(state);
                treeMs = Math.min(treeMs, (System.nanoTime() - t) / 1_000_000);
                t = System.nanoTime();
                SessionStatus.print(new PrintWriter(new StringWriter()), files, T0, 5, Path::toString, OptionStyle.FLAGS);
                statusMs = Math.min(statusMs, (System.nanoTime() - t) / 1_000_000);
                t = System.nanoTime();
                page.write(files);
                pageMs = Math.min(pageMs, (System.nanoTime() - t) / 1_000_000);
            }
            System.out.printf("%,12d %,8d %,10d %10d %10d %10d %10.2f%n", size, tree.nodes().size(),
                    tree.lineage().size(), treeMs, statusMs, pageMs, Files.size(HtmlReport.file(files)) / 1e6);
        }
    }

    private static SessionFiles tree(SessionFiles files, int size) {
        Random random = new Random(7);
        List<ExperimentRecord> records = new ArrayList<>(size + 1);
        List<String> nodes = new ArrayList<>();
        records.add(record(0, Status.KEEP, 1.0, "base"));
        nodes.add(records.get(0).commit());
        String champion = records.get(0).commit();
        double best = 1.0;
        for (int n = 1; n <= size; n++) {
            ExperimentRecord r;
            if (n % 16 == 0) {
                best -= 1e-6;
                r = record(n, Status.KEEP, best, champion);
                champion = r.commit();
            } else if (n % 9 == 0) {
                r = record(n, Status.KEEP, best + 1e-3, nodes.get(random.nextInt(nodes.size())))
                        .toBuilder().champion(false).build();
            } else {
                r = record(n, Status.CRASH, Double.NaN, nodes.get(random.nextInt(nodes.size())));
            }
            if (r.status() == Status.KEEP) {
                nodes.add(r.commit());
            }
            records.add(r);
        }
        GeneratedJournal.write(files.journal(), new JournalHeader(files.directory().getFileName().toString(), "hash",
                "loss", Direction.MINIMIZE, List.of(), "base", T0), records);
        return files;
    }

    private static ExperimentRecord record(int n, Status status, double metric, String parent) {
        ExperimentRecord.Builder b = TestRecords.record(n).commit("c" + n + "000000").parent(parent).status(status)
                .hypothesis(new Hypothesis("idea " + n, "")).startedAt(T0.plusSeconds(n)).duration(Duration.ofSeconds(1));
        return Double.isNaN(metric) ? b.reason("exit 1").build() : b.metric(metric).metrics(Map.of("loss", List.of(metric))).build();
    }
}
