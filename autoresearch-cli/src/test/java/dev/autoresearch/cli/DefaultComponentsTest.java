package dev.autoresearch.cli;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.TunedParameter;
import dev.autoresearch.core.testing.TestRepo;
import dev.autoresearch.core.tune.ParameterTuner;
import dev.autoresearch.host.DefaultComponents;
import dev.autoresearch.host.LoopComponents;
import dev.autoresearch.host.OptionStyle;
import dev.autoresearch.host.RunnerContext;
import dev.autoresearch.host.UsageException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real components: a strategy that cannot work is a usage error before the baseline runs. */
class DefaultComponentsTest {
    @TempDir
    Path dir;

    TestRepo repo;

    @BeforeEach
    void setUp() {
        repo = TestRepo.init(dir.resolve("project"));
        repo.write("score.txt", "10\n").write("program.md", RunCommandTest.PROGRAM);
        repo.commitAll("initial");
    }

    Cli.Result run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(repo.root(), new PrintWriter(out, true), new PrintWriter(err, true), env,
                false, new DefaultComponents(env), InstantSource.system(), ShutdownHooks.none());
        return new Cli.Result(AutoresearchCommand.execute(context, args), out.toString(), err.toString());
    }

    @Test
    void aMissingApiKeyIsAUsageError() {
        Cli.Result r = run(Map.of(), "run", "--model", "openai:gpt-4.1");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("autoresearch: ").contains("OPENAI_API_KEY");
        assertThat(repo.root().resolve(".autoresearch")).doesNotExist();
    }

    @Test
    void aTunedConstantMissingFromItsFileIsAUsageErrorBeforeTheSessionOpens() {
        // score.txt holds a bare number, not an assignment of SCORE.
        Cli.Result r = run(Map.of(), "run", "--tag", "t1");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("autoresearch: ").contains("SCORE", "score.txt",
                "fix the 'tune' list in program.md or the --tune flags");
        assertThat(repo.root().resolve(".autoresearch/t1")).doesNotExist();
    }

    static final String[] TUNE_X = {"run", "--tag", "t1", "--metric", "score", "--direction", "minimize",
            "--run", "sed -n 's/^X = //p' params.py | sed 's/^/score: /'", "--tune", "params.py:X=1..10"};

    @Test
    void aTunedFileThatIsNotCommittedIsAUsageErrorThatSaysSo() {
        repo.write("params.py", "X = 5\n");

        Cli.Result r = run(Map.of(), TUNE_X);

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("autoresearch: params.py is not committed; the experiments start from the "
                + "last commit (HEAD)").contains("commit it first: git add params.py && git commit");
        assertThat(repo.root().resolve(".autoresearch/t1")).doesNotExist();
    }

    @Test
    void thePreCheckReadsTheCommittedVersionOfATunedFile() {
        repo.write("params.py", "Y = 5\n");
        repo.commitAll("params without X");
        repo.write("params.py", "X = 5\n");

        Cli.Result r = run(Map.of(), TUNE_X);

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("autoresearch: params.py: parameter X not found")
                .contains("(as committed: the experiments start from the last commit, and params.py has uncommitted changes)",
                        "commit your changes first, or fix the 'tune' list in program.md or the --tune flags");
        assertThat(repo.root().resolve(".autoresearch/t1")).doesNotExist();

        repo.commitAll("X");
        Cli.Result committed = run(Map.of(), concat(TUNE_X, "--max-experiments", "1"));
        assertThat(committed.code()).as(committed.err()).isEqualTo(0);
    }

    /** The README's way to tune Karpathy's train.py without a model and without a front matter. */
    @Test
    void karpathysTrainPyIsTunedWithTuneFlagsAndAProgramWithoutFrontMatter() throws Exception {
        repo.write("program.md", "# autoresearch\n\nYou are an autonomous researcher. Lower val_bpb.\n")
                .write("prepare.py", "# data and evaluation\n")
                .write("train.py", String.join("\n", "# Optimization",
                        "EMBEDDING_LR = 0.6      # learning rate for token embeddings (Adam)",
                        "MATRIX_LR = 0.04        # learning rate for matrix parameters (Muon)",
                        "print(f\"val_bpb:          {1 + abs(MATRIX_LR - 0.05):.6f}\")", ""));
        repo.commitAll("karpathy-style");
        // 'uv run train.py' in the README; here a stand-in that prints the summary line from the constant.
        String run = "sed -n 's/^MATRIX_LR = \\([0-9.]*\\).*/val_bpb: \\1/p' train.py";

        Cli.Result r = run(Map.of(), "run", "program.md", "--tag", "k", "--metric", "val_bpb", "--direction", "minimize",
                "--run", run, "--timeout", "10m", "--editable", "train.py", "--readonly", "prepare.py",
                "--tune", "train.py:MATRIX_LR=0.01..0.1:log", "--max-experiments", "2");

        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("(program.md: val_bpb, minimize)").containsPattern("#1   MATRIX_LR 0\\.04 -> \\S+ ");
        assertThat(repo.git("show", "autoresearch/k:train.py"))
                .contains("# learning rate for matrix parameters (Muon)");
    }

    @Test
    void theTuneStrategyIsTheParameterTunerWithTheSeed() {
        repo.write("train.py", "LEARNING_RATE = 0.01\nprint('score:', LEARNING_RATE)\n");
        repo.commitAll("train.py");
        ProgramSpec spec = ProgramSpec.builder().metric("score").direction(Direction.MINIMIZE).run("python train.py")
                .tune(List.of(new TunedParameter("train.py", "LEARNING_RATE", 0.001, 0.1, TunedParameter.Scale.LOG)))
                .build();

        LoopComponents.Strategy s = new DefaultComponents(Map.of()).strategy(new LoopComponents.StrategySettings(
                "tune", 7, Optional.empty(), Optional.empty(), Optional.empty()), spec, repo.root());

        assertThat(s.generator()).isInstanceOfSatisfying(ParameterTuner.class, t -> assertThat(t.seed()).isEqualTo(7));
        assertThat(s.mutator()).isSameAs(s.generator());
    }

    @Test
    void badDeviceIdsAreAUsageError() {
        assertThatThrownBy(() -> new DefaultComponents(Map.of()).runner("local", new RunnerContext(
                ProgramSpec.builder().metric("score").direction(Direction.MINIMIZE).run("true").build(),
                List.of("0", "0"), Optional.empty(), Map.of(), OptionStyle.FLAGS)))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("invalid value for option '--devices': ");
    }

    @Test
    void aSandboxWithoutBwrapIsAUsageErrorNamingThePackage() throws Exception {
        Path emptyPath = Files.createDirectories(dir.resolve("no-programs"));
        String javaProgram = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder jvm = new ProcessBuilder(javaProgram, "-cp", System.getProperty("java.class.path"),
                NoBwrapFixture.class.getName()).redirectErrorStream(true);
        jvm.environment().put("PATH", emptyPath.toString());
        Process p = jvm.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(out.strip()).isEqualTo("usage: the sandbox needs bwrap, which is not on the PATH: install the "
                + "bubblewrap package (apt-get install bubblewrap), or set 'sandbox: false' in program.md "
                + "(--no-sandbox) to run experiments unconfined");
    }

    /** The whole command with the real runner, extractors and tuner: the same seed makes the same decisions. */
    @Test
    void aRealSessionRunsAndTheSameSeedMakesTheSameDecisions() throws Exception {
        repo.write("params.py", "X = 5\n");
        repo.commitAll("params");
        String[] args = {"run", "--metric", "score", "--direction", "minimize",
                "--run", "sed -n 's/^X = //p' params.py | sed 's/^/score: /'",
                "--tune", "params.py:X=1..10", "--max-experiments", "4", "--seed", "3", "--tag"};

        Cli.Result first = run(Map.of(), concat(args, "a"));
        Cli.Result second = run(Map.of(), concat(args, "b"));

        assertThat(first.code()).as(first.err()).isEqualTo(0);
        assertThat(first.out()).contains("score: baseline 5.000000 -> best ", "git merge autoresearch/a");
        assertThat(decisions("a")).hasSize(6).isEqualTo(decisions("b"));
        assertThat(second.code()).isEqualTo(0);
    }

    private List<String> decisions(String tag) throws Exception {
        // Everything but the commit hash: metric, status, description.
        return Files.readAllLines(repo.root().resolve(".autoresearch/" + tag + "/results.tsv")).stream()
                .map(l -> l.substring(l.indexOf('\t') + 1)).toList();
    }

    private static String[] concat(String[] args, String... more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }

    @Test
    void aMalformedModelNameIsAUsageError() {
        Cli.Result r = run(Map.of("AUTORESEARCH_MODEL", "gpt-4.1"), "run");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("provider:model");
    }
}
