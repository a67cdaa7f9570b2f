package dev.autoresearch.cli;

import dev.autoresearch.core.Direction;
import dev.autoresearch.core.ProgramSpec;
import dev.autoresearch.core.TunedParameter;
import dev.autoresearch.core.testing.TestRepo;
import dev.autoresearch.core.tune.ParameterTuner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

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

    @Test
    void theTuneStrategyIsTheParameterTunerWithTheSeed() {
        repo.write("train.py", "LEARNING_RATE = 0.01\nprint('score:', LEARNING_RATE)\n");
        ProgramSpec spec = ProgramSpec.builder().metric("score").direction(Direction.MINIMIZE).run("python train.py")
                .tune(List.of(new TunedParameter("train.py", "LEARNING_RATE", 0.001, 0.1, TunedParameter.Scale.LOG)))
                .build();

        LoopComponents.Strategy s = new DefaultComponents(Map.of()).strategy(new LoopComponents.StrategySettings(
                LoopComponents.Kind.TUNE, 7, Optional.empty(), Optional.empty(), Optional.empty()), spec, repo.root());

        assertThat(s.generator()).isInstanceOfSatisfying(ParameterTuner.class, t -> assertThat(t.seed()).isEqualTo(7));
        assertThat(s.mutator()).isSameAs(s.generator());
    }

    @Test
    void aMalformedModelNameIsAUsageError() {
        Cli.Result r = run(Map.of("AUTORESEARCH_MODEL", "gpt-4.1"), "run");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("provider:model");
    }
}
