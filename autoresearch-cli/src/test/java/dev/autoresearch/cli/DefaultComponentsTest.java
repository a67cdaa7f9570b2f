package dev.autoresearch.cli;

import dev.autoresearch.core.testing.TestRepo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The real components: a model that cannot be had is a usage error before the baseline runs. */
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
    void aMalformedModelNameIsAUsageError() {
        Cli.Result r = run(Map.of("AUTORESEARCH_MODEL", "gpt-4.1"), "run");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("provider:model");
    }
}
