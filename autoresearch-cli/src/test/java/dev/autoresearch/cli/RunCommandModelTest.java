package dev.autoresearch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoresearch.core.testing.SystemComponent;
import dev.autoresearch.core.testing.TestRepo;
import dev.autoresearch.host.DefaultComponents;
import dev.autoresearch.llm.FakeOpenAiServer.Answer;
import dev.autoresearch.llm.FakeOpenAiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code autoresearch run --strategy llm} with the real components: the model named on the command
 * line, reached through the real langchain4j OpenAI client at a scripted loopback server, and the
 * experiments run as real subprocesses.
 */
class RunCommandModelTest {
    static final String PROGRAM = """
            ---
            metric: score
            direction: minimize
            run: "sed -n 's/^X = //p' params.py | sed 's/^/score: /'"
            editable: [params.py]
            stop:
              max-experiments: 2
            ---
            Make the score small by changing X in params.py.
            """;

    @TempDir
    Path dir;

    TestRepo repo;
    FakeOpenAiServer server;

    @BeforeEach
    void setUp() throws IOException {
        repo = TestRepo.init(dir.resolve("project"));
        repo.write("params.py", "X = 5\n").write("program.md", PROGRAM);
        repo.commitAll("initial");
        server = new FakeOpenAiServer();
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    Cli.Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> env = Map.of(); // no key: a base URL names a local server that needs none
        CliContext context = new CliContext(repo.root(), new PrintWriter(out, true), new PrintWriter(err, true), env,
                false, new DefaultComponents(env), InstantSource.system(), ShutdownHooks.none());
        return new Cli.Result(AutoresearchCommand.execute(context, args), out.toString(), err.toString());
    }

    static String reply(String title, String from, String to) {
        return "HYPOTHESIS: " + title + "\nRATIONALE: A smaller X gives a smaller score.\n\n"
                + "params.py\n<<<<<<< SEARCH\nX = " + from + "\n=======\nX = " + to + "\n>>>>>>> REPLACE\n";
    }

    @Test
    void aSessionWithAModelOnTheCommandLineRecordsItsTokensAndPrintsItsProgress() throws IOException {
        // The model is asked for experiment 2 while 1 runs, so it answers by the experiment its prompt names.
        // Experiment 2's edit was made for X = 5; once 1 is kept (X = 3) it no longer applies and is
        // corrected: both replies count for experiment 2.
        server.otherwise(request -> {
            List<FakeOpenAiServer.Message> messages = FakeOpenAiServer.messages(request);
            if (messages.get(1).content().contains("This is experiment 1.")) {
                return Answer.reply(reply("Lower X to 3", "5", "3"), 1000, 50);
            }
            // Experiment 2's first reply comes a second late, so that 1 is ready first and starts first.
            return messages.size() <= 2 ? Answer.reply(reply("Lower X to 4", "5", "4"), 1100, 60).after(Duration.ofSeconds(1))
                    : Answer.reply(reply("Lower X to 4", "3", "4"), 1300, 40);
        });

        // unconfined, so that this test needs no bubblewrap: the next one runs in the sandbox
        Cli.Result r = run("run", "--tag", "m", "--strategy", "llm", "--model", "openai:test",
                "--base-url", server.baseUrl(), "--max-reply-tokens", "321", "--file-budget", "64k", "--no-sandbox");

        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).containsPattern("#0   baseline +score 5\\.000000 +keep")
                .containsPattern("#1   Lower X to 3 +score 3\\.000000 +-40\\.0% +keep")
                .containsPattern("#2   Lower X to 4 +score 4\\.000000 +\\+33\\.3% +discard")
                .contains("autoresearch: stopped: reached max-experiments (2)", "; 3550 model tokens");
        assertThat(repo.git("show", "autoresearch/m:params.py")).isEqualTo("X = 3");

        List<JsonNode> records = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(repo.root().resolve(".autoresearch/m/journal.jsonl"))) {
            JsonNode n = json.readTree(line);
            if (n.path("type").asText().equals("experiment")) {
                records.add(n); // the outcomes, not the proposals and runs journalled on the way
            }
        }
        assertThat(records).hasSize(3);
        JsonNode three = records.stream().filter(n -> n.path("hypothesis").path("title").asText().equals("Lower X to 3"))
                .findFirst().orElseThrow();
        JsonNode four = records.stream().filter(n -> n.path("hypothesis").path("title").asText().equals("Lower X to 4"))
                .findFirst().orElseThrow();
        assertThat(three.path("tokens").path("input").asLong()).isEqualTo(1000);
        assertThat(three.path("tokens").path("output").asLong()).isEqualTo(50);
        assertThat(four.path("tokens").path("input").asLong()).isEqualTo(2400);
        assertThat(four.path("tokens").path("output").asLong()).isEqualTo(100);
        assertThat(four.path("strategy").asText()).isEqualTo("llm");

        assertThat(server.requests()).hasSize(3).allSatisfy(request -> {
            assertThat(request.path("model").asText()).isEqualTo("test");
            assertThat(request.path("max_tokens").asInt()).isEqualTo(321);
        });
    }

    @Test
    void theModelsCodeRunsInTheSandboxByDefaultAndCannotWriteOutsideItsWorktree() throws IOException {
        SystemComponent.require("bwrap", "install-bubblewrap.sh");
        // outside /tmp, which the sandbox replaces with its own
        Path outside = Path.of("target", "escape-" + java.util.UUID.randomUUID()).toAbsolutePath();
        repo.write("program.md", PROGRAM.replace("run: \"", "run: \"(echo escaped > " + outside + ") 2>/dev/null; ")
                .replace("max-experiments: 2", "max-experiments: 1"));
        repo.commitAll("a run that writes outside its worktree");
        server.enqueue(Answer.reply(reply("Lower X to 3", "5", "3"), 1000, 50));

        Cli.Result r = run("run", "--tag", "s", "--strategy", "llm", "--model", "openai:test",
                "--base-url", server.baseUrl());

        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out().lines().skip(1).findFirst().orElse("")).startsWith("  experiments run in a sandbox (bubblewrap)");
        assertThat(r.out())
                .containsPattern("#1   Lower X to 3 +score 3\\.000000 +-40\\.0% +keep");
        assertThat(outside).as("written by a run outside its worktree").doesNotExist();
    }

    @Test
    void aFileOverTheBudgetStopsBeforeTheBaselineAndNamesTheFlag() {
        Cli.Result r = run("run", "--tag", "b", "--model", "openai:test", "--base-url", server.baseUrl(),
                "--file-budget", "4");

        assertThat(r.code()).isEqualTo(ExitCodes.INFRASTRUCTURE);
        assertThat(r.err()).contains("the editable file params.py is 6 bytes, over the budget of 4 bytes",
                "raise the file budget (--file-budget, or fileBudgetBytes of LlmStrategy.Builder)");
        assertThat(r.out()).doesNotContain("#0");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aMalformedFileBudgetIsAUsageError() {
        Cli.Result r = run("run", "--model", "openai:test", "--base-url", server.baseUrl(), "--file-budget", "lots");

        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--file-budget", "expected a positive size in bytes such as 100000, 64k or 1m");
    }
}
