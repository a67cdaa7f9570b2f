package dev.autoresearch.runners;

import dev.autoresearch.core.Command;
import dev.autoresearch.core.MetricExtractor;
import dev.autoresearch.core.Metrics;
import dev.autoresearch.core.RunRequest;
import dev.autoresearch.core.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static dev.autoresearch.runners.Processes.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/** Reading metrics from real outputs and result files. */
class MetricExtractorsTest {
    /** What Karpathy's train.py prints: progress redrawn with carriage returns, then the summary block. */
    static final String TRAIN_PY_OUTPUT = "step 00951 (99.8%) | loss: 3.104512 | lrm: 0.02 | dt: 312ms | tok/sec: 1,680,000 | mfu: 39.8% | epoch: 1 | remaining: 1s\r"
            + "step 00952 (99.9%) | loss: 3.101128 | lrm: 0.01 | dt: 311ms | tok/sec: 1,681,000 | mfu: 39.8% | epoch: 1 | remaining: 0s\r"
            + "step 00953 (100.0%) | loss: 3.100020 | lrm: 0.00 | dt: 311ms | tok/sec: 1,681,000 | mfu: 39.8% | epoch: 1 | remaining: 0s\n"
            + "---\n"
            + "val_bpb:          0.997900\n"
            + "training_seconds: 300.1\n"
            + "total_seconds:    325.9\n"
            + "peak_vram_mb:     45060.2\n"
            + "mfu_percent:      39.80\n"
            + "total_tokens_M:   499.6\n"
            + "num_steps:        953\n"
            + "num_params_M:     50.3\n"
            + "depth:            8\n";

    @TempDir
    Path dir;

    private RunResult output(String text) throws Exception {
        Path log = dir.resolve("run.log");
        Files.writeString(log, text);
        return new RunResult(0, Instant.now().minusSeconds(1), Duration.ofSeconds(1), false, false, false, dir, log, "");
    }

    private RunResult realRun(String script) throws Exception {
        Processes.script(dir, "experiment.sh", script);
        return new ProcessRunner().run(request(dir, "sh experiment.sh", Duration.ofSeconds(30)));
    }

    @Test
    void theDefaultsReadKarpathysSummaryBlockFromARealRun() throws Exception {
        Files.writeString(dir.resolve("output.txt"), TRAIN_PY_OUTPUT);
        RunResult run = realRun("echo 'Vocab size: 8,192'\necho 'Model config: {\"n_layer\": 8}'\ncat output.txt\n");

        Map<String, Double> metrics = MetricExtractors.defaults().extract(run).asMap();

        assertThat(metrics).containsExactly(
                entry("val_bpb", 0.9979), entry("training_seconds", 300.1), entry("total_seconds", 325.9),
                entry("peak_vram_mb", 45060.2), entry("mfu_percent", 39.8), entry("total_tokens_M", 499.6),
                entry("num_steps", 953.0), entry("num_params_M", 50.3), entry("depth", 8.0));
    }

    @Test
    void summaryLinesAreWholeLinesOfANameAColonAndANumber() throws Exception {
        RunResult run = output(String.join("\n",
                "loss: 0.5",
                "  spaced_out   :   1.5e-3  ",
                "train.acc: -2",
                "time: 12:30:01",
                "memory: 45 GB",
                "Epoch 1: loss 0.5",
                "step 10 | loss: 3.1",
                "2024-01-01: 5",
                "INFO:root: 7",
                "weird name: 3",
                "val-loss: 0.25",
                "tok/s: 1200",
                "scöre: 7",
                "not_a_number: abc",
                "exploded: nan",
                ""));

        assertThat(MetricExtractors.summaryLines().extract(run).asMap())
                .containsOnly(entry("loss", 0.5), entry("spaced_out", 1.5e-3), entry("train.acc", -2.0),
                        entry("val-loss", 0.25), entry("tok/s", 1200.0), entry("scöre", 7.0));
    }

    @Test
    void metricLinesAsPiAutoresearchPrintsThem() throws Exception {
        RunResult run = realRun(String.join("\n",
                "echo 'running benchmark'",
                "echo 'METRIC total_µs=15234'",
                "echo 'METRIC decode/time=1420.5'",
                "echo '  METRIC allocations=3.2e6  '",
                "echo 'METRIC broken=12ms'",
                "echo 'the METRIC x=1 is not at the start'",
                "echo 'METRIC total_µs=15000' >&2",
                ""));

        assertThat(MetricExtractors.metricLines().extract(run).asMap()).containsExactly(
                entry("total_µs", 15000.0), entry("decode/time", 1420.5), entry("allocations", 3.2e6));
    }

    @Test
    void theDefaultsReadBothFormsAndTheLastValuePrintedWins() throws Exception {
        RunResult run = output("score: 1\nMETRIC score=2\nother=3\nMETRIC speed=10\nspeed: 11\n");

        assertThat(MetricExtractors.defaults().extract(run).asMap())
                .containsExactly(entry("score", 2.0), entry("speed", 11.0));
    }

    @Test
    void aValueThatIsNotFiniteCountsAsMissingEvenAfterAFiniteOne() throws Exception {
        RunResult run = output("val_bpb: 0.99\nloss: 1.5\nval_bpb: nan\nMETRIC loss=inf\nMETRIC ok=-Infinity\nfine: 1\n");

        Metrics metrics = MetricExtractors.defaults().extract(run);

        assertThat(metrics.get("val_bpb")).isEmpty();
        assertThat(metrics.get("loss")).isEmpty();
        assertThat(metrics.asMap()).containsOnly(entry("fine", 1.0));
        // What the record of a crash says: a metric printed as nan or inf is not "not found".
        assertThat(metrics.absence("val_bpb")).isEqualTo("not finite (nan)");
        assertThat(metrics.absence("loss")).isEqualTo("not finite (inf)");
        assertThat(metrics.absence("ok")).isEqualTo("not finite (-inf)");
        assertThat(metrics.absence("never_printed")).isEqualTo("not found in the output");
        assertThat(metrics.merge(Metrics.of("loss", 2.0)).absence("val_bpb")).isEqualTo("not finite (nan)");
    }

    @Test
    void aRunThatPrintsNoMetricGivesNoneAndItsResultHoldsTheLogTailForTheRecord() throws Exception {
        RunResult run = realRun("echo 'loading data'\necho 'RuntimeError: CUDA out of memory' >&2\nexit 1\n");

        Metrics metrics = MetricExtractors.defaults().extract(run);

        assertThat(metrics.isEmpty()).isTrue();
        assertThat(run.logTail()).isEqualTo("loading data\nRuntimeError: CUDA out of memory");
    }

    @Test
    void anEmptyLogGivesNoMetrics() throws Exception {
        RunResult run = realRun("true\n");

        assertThat(MetricExtractors.defaults().extract(run).isEmpty()).isTrue();
        assertThat(run.logTail()).isEmpty();
    }

    @Test
    void aRegexNamesMetricsByItsGroups() throws Exception {
        RunResult run = output("epoch 1 loss 0.9 acc 0.5\nepoch 2 loss 0.7 acc 0.61\nepoch 3 loss n/a acc 0.7\n");

        MetricExtractor extractor = MetricExtractors.regex("loss (?<loss>\\S+) acc (?<acc>\\S+)");

        assertThat(extractor.extract(run).asMap()).containsExactly(entry("loss", 0.7), entry("acc", 0.7));
    }

    @Test
    void aRegexWithAValueGroupOrOneGroupGivesTheNamedMetric() throws Exception {
        RunResult run = output("throughput: 1200.5 tok/s\nthroughput: 1300 tok/s\n");

        assertThat(MetricExtractors.regex("tok_per_s", "throughput: (?<value>[0-9.]+) tok/s").extract(run).asMap())
                .containsExactly(entry("tok_per_s", 1300.0));
        assertThat(MetricExtractors.regex("tok_per_s", Pattern.compile("throughput: ([0-9.]+)")).extract(run).asMap())
                .containsExactly(entry("tok_per_s", 1300.0));
    }

    @Test
    void aRegexThatCannotNameItsMetricIsRefusedWithTheReason() {
        assertThatThrownBy(() -> MetricExtractors.regex("loss (\\S+)"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no named group");
        assertThatThrownBy(() -> MetricExtractors.regex("loss (?<value>\\S+)"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("regex(name, pattern)");
        assertThatThrownBy(() -> MetricExtractors.regex("\\(?<x>y (\\d+)"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no named group");
        assertThatThrownBy(() -> MetricExtractors.regex("loss", "a (\\d+) b (\\d+)"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactly one group");
        assertThatThrownBy(() -> MetricExtractors.regex("loss", "a ((\\d+)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a ((\\d+)' is not a regular expression");
    }

    @Test
    void theLastJsonObjectInTheOutputIsReadAtAPointer() throws Exception {
        RunResult run = realRun(String.join("\n",
                "echo '{\"val\": {\"loss\": 1.5}}'",
                "echo 'training done {not json}'",
                "cat <<'EOF'",
                "{",
                "  \"val\": {",
                "    \"loss\": 0.93,",
                "    \"history\": [",
                "      {\"loss\": 7}",
                "    ]",
                "  },",
                "  \"speed\": \"1234.5\",",
                "  \"diverged\": NaN",
                "}",
                "EOF",
                "echo bye",
                ""));

        assertThat(MetricExtractors.jsonPointer("loss", "/val/loss").extract(run).asMap())
                .containsExactly(entry("loss", 0.93));
        assertThat(MetricExtractors.jsonPointer("speed", "/speed").extract(run).asMap())
                .containsExactly(entry("speed", 1234.5));
        assertThat(MetricExtractors.jsonPointer("diverged", "/diverged").extract(run).isEmpty()).isTrue();
        assertThat(MetricExtractors.jsonPointer("missing", "/val/nothing").extract(run).isEmpty()).isTrue();
    }

    @Test
    void aJsonFileTheRunWritesIsReadAtAPointer() throws Exception {
        RunResult run = realRun("mkdir -p out\necho '{\"eval\": {\"accuracy\": 0.875}}' > out/metrics.json\n");

        assertThat(MetricExtractors.jsonFile("out/metrics.json", "accuracy", "/eval/accuracy").extract(run).asMap())
                .containsExactly(entry("accuracy", 0.875));
        assertThat(MetricExtractors.jsonFile("out/none.json", "accuracy", "/eval/accuracy").extract(run).isEmpty())
                .isTrue();
    }

    @Test
    void aJsonLinesFileGivesItsLastObject() throws Exception {
        RunResult run = realRun("echo '{\"step\": 1, \"loss\": 2.0}' > log.jsonl\necho '{\"step\": 2, \"loss\": 1.0}' >> log.jsonl\n");

        assertThat(MetricExtractors.jsonFile("log.jsonl", "loss", "/loss").extract(run).asMap())
                .containsExactly(entry("loss", 1.0));
    }

    @Test
    void aResultFileLeftByAnEarlierRunIsIgnored() throws Exception {
        Files.writeString(dir.resolve("metrics.json"), "{\"accuracy\": 0.99}");
        Files.setLastModifiedTime(dir.resolve("metrics.json"), FileTime.from(Instant.now().minusSeconds(3600)));
        Files.writeString(dir.resolve("jmh.json"), "[]");
        Files.setLastModifiedTime(dir.resolve("jmh.json"), FileTime.from(Instant.now().minusSeconds(3600)));
        RunResult run = realRun("echo 'crashed before writing results'; exit 1\n");

        assertThat(MetricExtractors.jsonFile("metrics.json", "accuracy", "/accuracy").extract(run).isEmpty()).isTrue();
        assertThat(MetricExtractors.jmh("jmh.json").extract(run).isEmpty()).isTrue();
    }

    @Test
    void aResultFileWrittenHalfASecondBeforeARunThatExitedWithoutWritingItIsIgnored() throws Exception {
        // The previous experiment's file, moments old: a run that ends at once (exit 0) must not be given its value.
        Files.writeString(dir.resolve("metrics.json"), "{\"accuracy\": 0.99}");
        Instant started = Instant.now();
        Files.setLastModifiedTime(dir.resolve("metrics.json"), FileTime.from(started.minusMillis(500)));
        Path log = dir.resolve("run.log");
        Files.writeString(log, "nothing written\n");
        Files.setLastModifiedTime(log, FileTime.from(started.plusMillis(100)));
        RunResult run = new RunResult(0, started, Duration.ofMillis(100), false, false, false, dir, log, "");

        assertThat(MetricExtractors.jsonFile("metrics.json", "accuracy", "/accuracy").extract(run).isEmpty()).isTrue();
    }

    @Test
    void aResultFileThatIsALinkIsNotFollowed() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside")).resolve("secret.json");
        Files.writeString(outside, "{\"accuracy\": 0.42}");
        Path worktree = Files.createDirectories(dir.resolve("worktree"));
        Files.createSymbolicLink(worktree.resolve("metrics.json"), outside);
        Path log = dir.resolve("run.log");
        Files.writeString(log, "");
        RunResult run = new RunResult(0, Instant.now().minusSeconds(5), Duration.ofSeconds(5), false, false, false,
                worktree, log, "");

        assertThat(MetricExtractors.jsonFile("metrics.json", "accuracy", "/accuracy").extract(run).isEmpty()).isTrue();
    }

    @Test
    void jmhResultsWithStringInfinitiesParametersAndSecondaryMetrics() throws Exception {
        Files.writeString(dir.resolve("jmh-result.json"), String.join("\n",
                "[",
                "  {",
                "    \"jmhVersion\" : \"1.37\", \"benchmark\" : \"org.example.liquid.ParseBench.parse\",",
                "    \"mode\" : \"thrpt\", \"threads\" : 1, \"forks\" : 1,",
                "    \"params\" : { \"size\" : \"100\", \"kind\" : \"small\" },",
                "    \"primaryMetric\" : { \"score\" : 1234.5, \"scoreError\" : \"NaN\",",
                "      \"scoreConfidence\" : [ \"NaN\", \"NaN\" ], \"scoreUnit\" : \"ops/s\", \"rawData\" : [ [ 1234.5 ] ] },",
                "    \"secondaryMetrics\" : {",
                "      \"\u00b7gc.alloc.rate.norm\" : { \"score\" : 48.0, \"scoreError\" : 0.5, \"scoreUnit\" : \"B/op\" }",
                "    }",
                "  },",
                "  {",
                "    \"benchmark\" : \"org.example.liquid.ParseBench.render\", \"mode\" : \"avgt\",",
                "    \"primaryMetric\" : { \"score\" : \"+INF\", \"scoreError\" : \"NaN\" }, \"secondaryMetrics\" : { }",
                "  },",
                "  {",
                "    \"benchmark\" : \"org.example.liquid.ParseBench.tokenize\", \"mode\" : \"avgt\",",
                "    \"primaryMetric\" : { \"score\" : 0.25, \"scoreError\" : 0.01 },",
                "    \"secondaryMetrics\" : { \"gc.alloc.rate\" : { \"score\" : \"-INF\", \"scoreError\" : \"NaN\" } }",
                "  }",
                "]"));
        RunResult run = output("# Run complete.\n");

        assertThat(MetricExtractors.jmh("jmh-result.json").extract(run).asMap()).containsExactly(
                entry("ParseBench.parse:size=100,kind=small", 1234.5),
                entry("ParseBench.parse:size=100,kind=small/gc.alloc.rate.norm", 48.0),
                entry("ParseBench.parse:size=100,kind=small/gc.alloc.rate.norm.error", 0.5),
                entry("ParseBench.tokenize", 0.25),
                entry("ParseBench.tokenize.error", 0.01));
    }

    @Test
    void aFileThatIsNotAJmhResultFailsTheExtractionAndSaysHowToWriteOne() throws Exception {
        Files.writeString(dir.resolve("jmh-result.json"), "{\"not\": \"an array\"}");
        RunResult run = output("");

        assertThatThrownBy(() -> MetricExtractors.jmh("jmh-result.json").extract(run))
                .hasMessageContaining("is not a JMH JSON result").hasMessageContaining("-rf json -rff jmh-result.json");
    }

    @Test
    void aRealJmhRunIsReadPerBenchmarkAndParameter() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        RunRequest request = Processes.requestBuilder(dir,
                Command.of(List.of(java, "-cp", System.getProperty("java.class.path"), "org.openjdk.jmh.Main",
                        TinyBenchmark.class.getName(), "-f", "0", "-rf", "json", "-rff", "jmh-result.json")),
                Duration.ofMinutes(2)).build();

        RunResult run = new ProcessRunner().run(request);

        assertThat(run.succeeded()).as(run.logTail()).isTrue();
        Map<String, Double> metrics = MetricExtractors.jmh("jmh-result.json").extract(run).asMap();
        assertThat(metrics).containsOnlyKeys("TinyBenchmark.sum:size=10", "TinyBenchmark.sum:size=10.error",
                "TinyBenchmark.sum:size=1000", "TinyBenchmark.sum:size=1000.error",
                "TinyBenchmark.once:size=10", "TinyBenchmark.once:size=1000");
        assertThat(metrics.get("TinyBenchmark.sum:size=10")).isPositive();
        assertThat(metrics.get("TinyBenchmark.sum:size=10")).isGreaterThan(metrics.get("TinyBenchmark.sum:size=1000"));
        assertThat(metrics.get("TinyBenchmark.once:size=10")).isPositive();
        // one measurement iteration has no error: JMH writes the string "NaN", which counts as missing
        assertThat(Files.readString(dir.resolve("jmh-result.json")))
                .containsPattern("\"benchmark\"\\s*:\\s*\"" + TinyBenchmark.class.getName() + ".once\"")
                .containsPattern("\"scoreError\"\\s*:\\s*\"NaN\"");
    }

    @Test
    void extractorsComposeAndTheLaterWins() throws Exception {
        RunResult run = output("score: 1\nMETRIC speed=5\nthroughput 99 tok/s\n");
        MetricExtractor custom = r -> Metrics.of("score", 10.0);

        MetricExtractor all = MetricExtractors.defaults()
                .and(MetricExtractors.regex("tok_per_s", "throughput (\\d+) tok/s"))
                .and(custom);

        assertThat(all.extract(run).asMap())
                .containsExactly(entry("score", 10.0), entry("speed", 5.0), entry("tok_per_s", 99.0));
    }

    @Test
    void inACompositionALaterNonFiniteReadingLeavesTheEarlierValueStanding() throws Exception {
        RunResult run = output("METRIC loss=1.5\nloss: nan\n");
        MetricExtractor diverged = r -> Metrics.of("loss", Double.NaN);

        assertThat(MetricExtractors.defaults().extract(run).get("loss")).as("within one extractor").isEmpty();
        assertThat(MetricExtractors.metricLines().and(MetricExtractors.summaryLines()).extract(run).get("loss"))
                .as("across two").hasValue(1.5);
        assertThat(MetricExtractors.metricLines().and(diverged).extract(run).get("loss")).hasValue(1.5);
    }

    @Test
    void binaryJunkAndVeryLongLinesDoNotBreakReading() throws Exception {
        Path log = dir.resolve("run.log");
        byte[] junk = new byte[200_000];
        for (int i = 0; i < junk.length; i++) {
            junk[i] = (byte) (i % 251 == 10 ? 'x' : (i * 7));
        }
        Files.write(log, junk);
        Files.writeString(log, "\nval_bpb: 0.5\n", java.nio.file.StandardOpenOption.APPEND);
        RunResult run = new RunResult(0, Instant.now().minusSeconds(1), Duration.ofSeconds(1), false, false, false, dir,
                log, "");

        assertThat(MetricExtractors.defaults().extract(run).get("val_bpb")).hasValue(0.5);
    }

    @Test
    void badArgumentsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> MetricExtractors.jsonPointer("loss", "val/loss"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'val/loss' is not a JSON pointer");
        assertThatThrownBy(() -> MetricExtractors.jsonFile(" ", "loss", "/loss"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
        assertThatThrownBy(() -> MetricExtractors.regex("val bpb", "x(\\d)"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without spaces");
    }

    @Test
    void extractorsDescribeThemselves() {
        assertThat(MetricExtractors.defaults()).hasToString("MetricExtractors.defaults()");
        assertThat(MetricExtractors.jmh("r.json")).hasToString("MetricExtractors.jmh(r.json)");
    }
}
